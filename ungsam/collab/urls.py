from django.urls import include, path

from ungsam.collab import disclosure_views, meeting_urls, request_views, team_views, views

app_name = "collab"
urlpatterns = [
    path("<int:pk>/samtykke/", views.consents, name="consents"),
    path("<int:pk>/samtykke/nytt/", views.consent_create, name="consent_create"),
    path(
        "<int:pk>/samtykke/<int:consent_pk>/trekk-tilbake/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/samtykke/<int:consent_pk>/utskrift/", views.consent_print, name="consent_print"),
    path("<int:pk>/samtykke/<int:consent_pk>/skjema/", views.consent_scan, name="consent_scan"),
    path("<int:pk>/utleveringer/", disclosure_views.disclosures, name="disclosures"),
    path("<int:pk>/utleveringer/ny/", disclosure_views.disclosure_create, name="disclosure_create"),
    # Collaboration requests (videreformidling) to and from partner organisations.
    path("<int:pk>/foresporsler/ny/", request_views.request_create, name="request_create"),
    path("<int:pk>/foresporsler/mottatt/", request_views.request_incoming, name="request_incoming"),
    path(
        "<int:pk>/foresporsler/<int:request_pk>/",
        request_views.request_detail,
        name="request_detail",
    ),
    path(
        "<int:pk>/foresporsler/<int:request_pk>/svar/",
        request_views.request_answer,
        name="request_answer",
    ),
    # The team around the youth (ansvarsgruppe).
    path("<int:pk>/team/", team_views.team, name="team"),
    path("<int:pk>/team/opprett/", team_views.team_create, name="team_create"),
    path("<int:pk>/team/medlemmer/ny/", team_views.member_add, name="team_member_add"),
    path(
        "<int:pk>/team/medlemmer/<int:member_pk>/endre/",
        team_views.member_edit,
        name="team_member_edit",
    ),
    path(
        "<int:pk>/team/medlemmer/<int:member_pk>/fjern/",
        team_views.member_remove,
        name="team_member_remove",
    ),
    path("<int:pk>/team/koordinering/", team_views.team_settings, name="team_settings"),
    path("<int:pk>/team/bti/", team_views.team_bti, name="team_bti"),
    path("<int:pk>/team/overlevering/", team_views.handover_offer, name="team_handover_offer"),
    path(
        "<int:pk>/team/overlevering/<int:handover_pk>/avbryt/",
        team_views.handover_cancel,
        name="team_handover_cancel",
    ),
    # The team's meetings and its relay log (stafettlogg).
    path("", include(meeting_urls.case_patterns)),
]
