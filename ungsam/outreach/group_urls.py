"""Addresses of the fieldwork part: group."""

from django.urls import path

from ungsam.outreach import group_views

urlpatterns = [
    path("", group_views.group_list, name="group_list"),
]
