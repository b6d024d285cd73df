from django.urls import path

from ungsam.web import views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
