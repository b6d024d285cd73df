"""URLs of the followup pages (issue 18). Joined into the ot namespace by ungsam/ot/urls.py."""

from django.urls import path

from ungsam.ot import followup_views as views

urlpatterns: list = [
    path("oppfolging/", views.followup_list, name="followup_list"),
    path("oppfolging/mine-frister/", views.own_deadlines, name="own_deadlines"),
    path("oppfolging/frister/", views.deadline_settings, name="deadline_settings"),
]
