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

# A unit leader's dashboards (issue 17, item 4).
from ungsam.stats import leader_views  # noqa: E402

urlpatterns += [
    path("statistikk/leder/", leader_views.dashboard, name="leader_dashboard"),
    path(
        "statistikk/leder/tabeller.xlsx",
        leader_views.dashboard_xlsx,
        name="leader_dashboard_xlsx",
    ),
]
