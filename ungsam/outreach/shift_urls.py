"""Addresses of the fieldwork part: shift."""

from django.urls import path

from ungsam.outreach import shift_views

urlpatterns = [
    path("", shift_views.shift_list, name="shift_list"),
    path("bemanningsplan/", shift_views.staffing_plan, name="staffing_plan"),
]
