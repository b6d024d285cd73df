from django.urls import path

from ungsam.stats import views

app_name = "stats"
urlpatterns = [
    path("statistikk/", views.statistics, name="statistics"),
]
