from django.urls import path

from ungsam.cases import journal_views, views

app_name = "cases"
urlpatterns = [
    path("henvisning/ny/", views.referral_create, name="referral_create"),
    path("venteliste/", views.waiting_list, name="waiting_list"),
    path("status/", views.unit_status, name="unit_status"),
    path("arbeidsliste/", views.work_list, name="work_list"),
    path("status/kapasitet/", views.cases_per_position_set, name="cases_per_position_set"),
    path("status/stilling/<int:pk>/", views.position_set, name="position_set"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/triage/", views.case_triage, name="case_triage"),
    path("<int:pk>/kontaktpersoner/", views.case_assign, name="case_assign"),
    path("<int:pk>/aktiv/", views.case_activate, name="case_activate"),
    path("<int:pk>/avslutt/", views.case_close, name="case_close"),
    path("<int:pk>/situasjon/", views.case_confirm_situation, name="case_confirm_situation"),
    path("<int:pk>/flytt/", views.case_transfer, name="case_transfer"),
    path("<int:pk>/avtaler/ny/", views.appointment_add, name="appointment_add"),
    path("avtaler/<int:pk>/utfall/", views.appointment_record, name="appointment_record"),
    path("teammote/", views.team_meeting, name="team_meeting"),
    path("<int:pk>/teammote/", views.discussion_raise, name="discussion_raise"),
    path("teammote/<int:pk>/vedtak/", views.discussion_decide, name="discussion_decide"),
    path("overgang/", views.transition_list, name="transition_list"),
    path("<int:pk>/overgang/", views.transition_edit, name="transition_edit"),
    # The journal (journal_views.py).
    path("<int:pk>/journal/", journal_views.journal, name="journal"),
    path("journal/<int:pk>/", journal_views.journal_entry, name="journal_entry"),
    path("journal/<int:pk>/endre/", journal_views.journal_entry_edit, name="journal_entry_edit"),
    path("journal/<int:pk>/signer/", journal_views.journal_entry_sign, name="journal_entry_sign"),
    path(
        "journal/<int:pk>/slett/", journal_views.journal_entry_delete, name="journal_entry_delete"
    ),
    path(
        "journal/<int:pk>/korriger/",
        journal_views.journal_entry_correct,
        name="journal_entry_correct",
    ),
    path(
        "journal/<int:pk>/vedlegg/ny/",
        journal_views.journal_attachment_add,
        name="journal_attachment_add",
    ),
    path("journal/vedlegg/<int:pk>/", journal_views.journal_attachment, name="journal_attachment"),
]
