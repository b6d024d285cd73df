"""Addresses of the fieldwork part: tally."""

from django.urls import path

from ungsam.outreach import tally_views

urlpatterns = [
    path("", tally_views.tally, name="tally"),
]
