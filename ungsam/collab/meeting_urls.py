"""The team's meetings. `case_patterns` are included in the case's URLs (/saker/<pk>/moter/,
namespace collab); the owner's action page and a unit's default rule are outside them
(/samarbeid/, namespace meetings): the owner may be a partner who cannot open the case. So
is a partner's view of the relay log (/samarbeid/sak/<pk>/moter/): a page under /saker/ never
shows a shared case (ADR 0013)."""

from django.urls import path

from ungsam.collab import meeting_views

case_patterns = [
    path("<int:pk>/moter/", meeting_views.relay_log, name="meetings"),
    path("<int:pk>/moter/nytt/", meeting_views.meeting_create, name="meeting_create"),
    path("<int:pk>/moter/regel/", meeting_views.meeting_rule, name="meeting_rule"),
    path("<int:pk>/moter/<int:meeting_pk>/", meeting_views.meeting_detail, name="meeting"),
    path(
        "<int:pk>/moter/<int:meeting_pk>/referat/",
        meeting_views.meeting_minutes,
        name="meeting_minutes",
    ),
    path(
        "<int:pk>/moter/<int:meeting_pk>/deltakere/",
        meeting_views.meeting_participant_add,
        name="meeting_participant_add",
    ),
    path(
        "<int:pk>/moter/<int:meeting_pk>/oppgaver/",
        meeting_views.meeting_action_add,
        name="meeting_action_add",
    ),
    path(
        "<int:pk>/moter/<int:meeting_pk>/godkjenn/",
        meeting_views.meeting_sign,
        name="meeting_sign",
    ),
    path(
        "<int:pk>/moter/<int:meeting_pk>/tillegg/",
        meeting_views.meeting_amend,
        name="meeting_amend",
    ),
]

app_name = "meetings"
urlpatterns = [
    path("oppgaver/<int:pk>/", meeting_views.action, name="action"),
    path("moteregel/enhet/<int:pk>/", meeting_views.unit_rule, name="unit_rule"),
    # A partner's view of the relay log, where a consent shares the plan (ADR 0014).
    path("sak/<int:pk>/moter/", meeting_views.shared_relay_log, name="shared_log"),
    path(
        "sak/<int:pk>/moter/<int:meeting_pk>/",
        meeting_views.shared_meeting_detail,
        name="shared_meeting",
    ),
]
