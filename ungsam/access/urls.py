from django.urls import path

from ungsam.access import views

app_name = "access"
urlpatterns = [
    path("logg/", views.audit_log, name="audit_log"),
    path("tilganger/endringer/", views.access_changes, name="access_changes"),
    path(
        "ungdom/<int:pk>/innsyn.json",
        views.subject_access,
        {"fmt": "json"},
        name="subject_access_json",
    ),
    path(
        "ungdom/<int:pk>/innsyn.pdf",
        views.subject_access,
        {"fmt": "pdf"},
        name="subject_access_pdf",
    ),
]
