"""URLs of the early warning pages (issue 18). Joined into the ot namespace by ungsam/ot/urls.py."""

from django.urls import path

from ungsam.ot import early_warning_views as views

urlpatterns: list = [
    path("tidlig-innsats/", views.student_list, name="early_warning_list"),
    path("tidlig-innsats/eksport/", views.student_list_xlsx, name="early_warning_xlsx"),
    path("tidlig-innsats/elev/<int:pk>/", views.student_detail, name="early_warning_student"),
    path("tidlig-innsats/regler/", views.rule_list, name="early_warning_rules"),
    path("tidlig-innsats/regler/<int:pk>/", views.rule_edit, name="early_warning_rule_edit"),
    path(
        "tidlig-innsats/regler/etterprov/",
        views.rule_backtest,
        name="early_warning_backtest",
    ),
]
