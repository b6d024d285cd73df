"""Outreach fieldwork: one namespace, one module of addresses per part of the work."""

from django.urls import include, path

app_name = "outreach"
urlpatterns = [
    path("", include("ungsam.outreach.dashboard_urls")),
    path("telling/", include("ungsam.outreach.tally_urls")),
    path("vakter/", include("ungsam.outreach.shift_urls")),
    path("samtaler/", include("ungsam.outreach.conversation_urls")),
    path("grupper/", include("ungsam.outreach.group_urls")),
    path("observasjoner/", include("ungsam.outreach.observation_urls")),
]
