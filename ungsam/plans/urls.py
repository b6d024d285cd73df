from django.urls import path

from ungsam.plans import ip_views, views

app_name = "plans"
urlpatterns = [
    path("<int:pk>/kartlegging/", views.assessments, name="assessments"),
    path("<int:pk>/kartlegging/ny/", views.assessment_create, name="assessment_create"),
    path("<int:pk>/plan/", views.action_plan, name="action_plan"),
    path("<int:pk>/plan/utskrift/", views.action_plan_print, name="action_plan_print"),
    path("<int:pk>/plan/mal/ny/", views.goal_create, name="goal_create"),
    path("<int:pk>/plan/mal/<int:goal_pk>/", views.goal_edit, name="goal_edit"),
    path("<int:pk>/plan/tiltak/nytt/", views.measure_create, name="measure_create"),
    path("<int:pk>/plan/tiltak/<int:measure_pk>/", views.measure_edit, name="measure_edit"),
    path("<int:pk>/plan/gjennomgang/ny/", views.review_create, name="review_create"),
    path("<int:pk>/plan/neste-gjennomgang/", views.review_schedule, name="review_schedule"),
    # The individual plan (individuell plan): ip_views.
    path("<int:pk>/individuell-plan/", ip_views.individual_plan, name="individual_plan"),
    path(
        "<int:pk>/individuell-plan/endre/",
        ip_views.individual_plan_edit,
        name="individual_plan_edit",
    ),
    path(
        "<int:pk>/individuell-plan/avslutt/",
        ip_views.individual_plan_end,
        name="individual_plan_end",
    ),
    path(
        "<int:pk>/individuell-plan/utskrift/",
        ip_views.individual_plan_print,
        name="individual_plan_print",
    ),
    path(
        "<int:pk>/individuell-plan/individuell-plan.pdf",
        ip_views.individual_plan_download,
        name="individual_plan_pdf",
    ),
]
