"""The partner's inbox of collaboration requests to her organisation, outside the case's
pages (/saker/): she cannot open the case."""

from django.urls import path

from ungsam.collab import request_views

app_name = "requests"
urlpatterns = [
    path("", request_views.inbox, name="inbox"),
    path("<int:pk>/", request_views.inbox_detail, name="inbox_detail"),
    path("<int:pk>/svar/", request_views.inbox_answer, name="inbox_answer"),
    # A partner on the youth's team asks the unit (the case's id: she sits on its team).
    path("sak/<int:pk>/ny/", request_views.send_to_unit, name="send_to_unit"),
]
