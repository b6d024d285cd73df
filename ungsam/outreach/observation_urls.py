"""Addresses of the fieldwork part: observation."""

from django.urls import path

from ungsam.outreach import observation_views

urlpatterns = [
    path("", observation_views.observation_list, name="observation_list"),
    path("trender/", observation_views.trends, name="trends"),
]
