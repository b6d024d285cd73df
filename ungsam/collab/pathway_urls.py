"""The common service pathway (felles tjenesteløp): a case's place on it (under the case's
address), the leader's overview, and the admins' configuration (beside the organisation's)."""

from django.urls import path

from ungsam.collab import pathway_views

app_name = "pathway"
urlpatterns = [
    path("saker/<int:pk>/tjenestelop/", pathway_views.case_pathway, name="case"),
    path("saker/<int:pk>/tjenestelop/flytt/", pathway_views.case_move, name="move"),
    path("tjenestelop/", pathway_views.overview, name="overview"),
    path("organisasjon/tjenestelop/", pathway_views.config_list, name="config_list"),
    path("organisasjon/tjenestelop/ny/", pathway_views.pathway_create, name="pathway_create"),
    path("organisasjon/tjenestelop/<int:pk>/", pathway_views.pathway_edit, name="pathway_edit"),
    path(
        "organisasjon/tjenestelop/<int:pk>/steg/ny/",
        pathway_views.step_create,
        name="step_create",
    ),
    path("organisasjon/tjenestelop/steg/<int:pk>/", pathway_views.step_edit, name="step_edit"),
]
