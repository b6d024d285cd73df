"""Addresses of the fieldwork part: field observations and their trends."""

from django.urls import path

from ungsam.outreach import observation_views

urlpatterns = [
    path("", observation_views.observation_list, name="observation_list"),
    path("ny/", observation_views.observation_create, name="observation_create"),
    path("trender/", observation_views.trends, name="trends"),
    path("trender.pdf", observation_views.trends_download, name="trends_pdf"),
]
