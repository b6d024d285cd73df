"""URLs of the handover pages (issue 18). Joined into the ot namespace by ungsam/ot/urls.py."""

urlpatterns: list = []
