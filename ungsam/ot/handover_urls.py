"""URLs of the handover pages (issue 18, points 5 and 6): requests to find a youth
(/ot/finn/), handovers between los and OT and the fixed collaboration meetings around a
youth on the OT register (/overforinger/). Joined into the ot namespace by ungsam/ot/urls.py.
Ids only: never a name in a URL."""

from django.urls import path

from ungsam.ot import find_views, handover_views

urlpatterns = [
    path("ot/finn/registrering/<int:pk>/", find_views.find_requests, name="find_requests"),
    path("ot/finn/<int:pk>/sett/", find_views.find_seen, name="find_seen"),
    path("ot/finn/oppdrag/", find_views.find_list, name="find_list"),
    path("ot/finn/oppdrag/<int:pk>/", find_views.find_assignment, name="find_assignment"),
    path("ot/finn/svar/", find_views.find_answers, name="find_answers"),
    path("overforinger/sak/<int:pk>/", handover_views.handover_case, name="handover_case"),
    path(
        "overforinger/registrering/<int:pk>/tilbake/",
        handover_views.handover_back,
        name="handover_back",
    ),
    path(
        "overforinger/registrering/<int:pk>/samarbeidsmoter/",
        handover_views.handover_meetings,
        name="handover_meetings",
    ),
    path("overforinger/mottatt/", handover_views.handover_received, name="handover_received"),
    path("overforinger/<int:pk>/", handover_views.handover_detail, name="handover_detail"),
    path(
        "overforinger/<int:pk>/kvitter/",
        handover_views.handover_acknowledge,
        name="handover_acknowledge",
    ),
]
