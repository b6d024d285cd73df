from django.urls import path

from ungsam.access import views

app_name = "access"
urlpatterns = [
    path("logg/", views.audit_log, name="audit_log"),
    path("tilganger/endringer/", views.access_changes, name="access_changes"),
    path("tilgang/nodtilgang/", views.emergency_review_list, name="emergency_review_list"),
    path("tilgang/nodtilgang/apne/", views.emergency_open, name="emergency_open"),
    path("tilgang/nodtilgang/<int:pk>/avslutt/", views.emergency_end, name="emergency_end"),
    path("tilgang/nodtilgang/<int:pk>/vurder/", views.emergency_review, name="emergency_review"),
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
