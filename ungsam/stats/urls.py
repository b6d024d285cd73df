from django.urls import path

from ungsam.stats import annual_report_views, views

app_name = "stats"
urlpatterns = [
    path("statistikk/", views.statistics, name="statistics"),
    path("statistikk/arsrapport/", annual_report_views.annual_report, name="annual_report"),
    path(
        "statistikk/arsrapport/last-ned/",
        annual_report_views.annual_report_download,
        name="annual_report_download",
    ),
]
