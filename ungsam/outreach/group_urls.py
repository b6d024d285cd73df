"""Addresses of the fieldwork part: groups."""

from django.urls import path

from ungsam.outreach import group_views

urlpatterns = [
    path("", group_views.group_list, name="group_list"),
    path("ny/", group_views.group_create, name="group_create"),
    path("<int:pk>/", group_views.group_detail, name="group_detail"),
    path("<int:pk>/endre/", group_views.group_edit, name="group_edit"),
    path("<int:pk>/avslutt/", group_views.group_retire, name="group_retire"),
    path("<int:pk>/ny-samling/", group_views.session_create, name="session_create"),
]
