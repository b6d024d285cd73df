"""Addresses of the fieldwork part: dashboard."""

from django.urls import path

from ungsam.outreach import dashboard_views

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("kontakter.xlsx", dashboard_views.contacts_xlsx, name="contacts_xlsx"),
]
