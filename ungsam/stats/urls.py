from django.urls import path

from ungsam.stats import views

app_name = "stats"
urlpatterns = [
    path("statistikk/", views.statistics, name="statistics"),
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
