"""Addresses of the fieldwork part: shifts (feltvakter) and the staffing plan."""

from django.urls import path

from ungsam.outreach import shift_views

urlpatterns = [
    path("", shift_views.shift_list, name="shift_list"),
    path("ny/", shift_views.shift_create, name="shift_create"),
    path("start/", shift_views.shift_start, name="shift_start"),
    path("<int:pk>/", shift_views.shift_edit, name="shift_edit"),
    path("<int:pk>/avlys/", shift_views.shift_cancel, name="shift_cancel"),
    path("bemanningsplan/", shift_views.staffing_plan, name="staffing_plan"),
    path("bemanningsplan/ny/", shift_views.staffing_band_create, name="staffing_band_create"),
    path(
        "bemanningsplan/eksempel/",
        shift_views.staffing_plan_example,
        name="staffing_plan_example",
    ),
    path("bemanningsplan/<int:pk>/", shift_views.staffing_band_edit, name="staffing_band_edit"),
    path(
        "bemanningsplan/<int:pk>/fjern/",
        shift_views.staffing_band_delete,
        name="staffing_band_delete",
    ),
]
