"""URLs of the early warning pages (issue 18). Joined into the ot namespace by ungsam/ot/urls.py."""

urlpatterns: list = []
