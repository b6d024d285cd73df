"""Addresses of the fieldwork part: tally (the phone's page, its JSON endpoints, and contacts
entered afterwards)."""

from django.urls import path

from ungsam.outreach import tally_views

urlpatterns = [
    path("", tally_views.tally, name="tally"),
    path("trykk/", tally_views.tally_tap, name="tally_tap"),
    path("angre/", tally_views.tally_undo, name="tally_undo"),
    path("etterregistrering/", tally_views.tally_entry, name="tally_entry"),
    path("etterregistrering/angre/", tally_views.tally_entry_undo, name="tally_entry_undo"),
]
