from django.urls import path

from ungsam.concerns import views

app_name = "concerns"
urlpatterns = [
    path("saker/<int:pk>/bekymring/", views.case_concerns, name="case_concerns"),
    path("saker/<int:pk>/bekymring/ny/", views.report_create, name="report_create"),
    path("saker/<int:pk>/bekymring/foresporsel/ny/", views.request_create, name="request_create"),
    path("bekymringsmeldinger/", views.report_list, name="report_list"),
    path("bekymringsmeldinger/<int:pk>/", views.report_detail, name="report_detail"),
    path("bekymringsmeldinger/<int:pk>/endre/", views.report_edit, name="report_edit"),
    path("bekymringsmeldinger/<int:pk>/sendt/", views.report_send, name="report_send"),
    path(
        "bekymringsmeldinger/<int:pk>/tilbakemelding/",
        views.report_feedback,
        name="report_feedback",
    ),
    path(
        "bekymringsmeldinger/<int:pk>/bekymringsmelding.json", views.report_json, name="report_json"
    ),
    path("bekymringsmeldinger/<int:pk>/bekymringsmelding.pdf", views.report_pdf, name="report_pdf"),
    path(
        "bekymringsmeldinger/foresporsel/<int:pk>/svar/",
        views.request_answer,
        name="request_answer",
    ),
]
