"""The answer page of an offered coordinator role, outside the case's pages (/saker/): the
member it is offered to may be a partner who cannot open the case."""

from django.urls import path

from ungsam.collab import team_views

app_name = "team"
urlpatterns = [
    path("overlevering/<int:pk>/", team_views.handover_answer, name="handover_answer"),
]
