"""URLs of the school import pages (issue 18). Joined into the ot namespace by ungsam/ot/urls.py."""

from django.urls import path

from ungsam.ot import school_import_views as views

urlpatterns = [
    path("skoledata/", views.school_import_home, name="school_import_home"),
    path("skoledata/<int:pk>/", views.school_import_job, name="school_import_job"),
    path(
        "skoledata/<int:pk>/fremdrift/",
        views.school_import_progress,
        name="school_import_progress",
    ),
    path("skoledata/<int:pk>/importer/", views.school_import_start, name="school_import_start"),
    path("skoledata/<int:pk>/forkast/", views.school_import_discard, name="school_import_discard"),
]
