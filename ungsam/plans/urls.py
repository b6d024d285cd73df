from django.urls import path

from ungsam.plans import views

app_name = "plans"
urlpatterns = [
    path("<int:pk>/kartlegging/", views.assessments, name="assessments"),
    path("<int:pk>/kartlegging/ny/", views.assessment_create, name="assessment_create"),
]
