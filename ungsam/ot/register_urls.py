"""URLs of the register pages (issue 18). Joined into the ot namespace by ungsam/ot/urls.py."""

from django.urls import path

from ungsam.ot import register_views as views

urlpatterns = [
    path("ot/register/", views.register_list, name="register_list"),
    path("ot/register/ny/", views.register_new, name="register_new"),
    path("ot/register/meldinger/", views.register_notices, name="register_notices"),
    path(
        "ot/register/meldinger/<int:pk>/sett/",
        views.register_notice_seen,
        name="register_notice_seen",
    ),
    path("ot/register/rapport/", views.register_report, name="register_report"),
    path("ot/register/rapport/excel/", views.register_report_export, name="register_report_export"),
    path("ot/register/liste/", views.register_fixed_list, name="register_fixed_list"),
    path(
        "ot/register/liste/excel/",
        views.register_fixed_list_export,
        name="register_fixed_list_export",
    ),
    path("ot/register/<int:pk>/", views.registration_detail, name="register_detail"),
    path("ot/register/<int:pk>/status/", views.registration_status, name="register_status"),
    path("ot/register/<int:pk>/flytting/", views.registration_move, name="register_move"),
    path("ot/register/<int:pk>/rettigheter/", views.registration_rights, name="register_rights"),
    path("ot/meld-sluttet/", views.school_report, name="school_report"),
]
