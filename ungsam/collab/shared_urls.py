from django.urls import path

from ungsam.collab import shared_views

app_name = "shared"
urlpatterns = [
    path("", shared_views.shared_list, name="list"),
    path("sak/<int:pk>/", shared_views.shared_case, name="case"),
    path(
        "sak/<int:pk>/vedlegg/<int:attachment_pk>/",
        shared_views.shared_attachment,
        name="attachment",
    ),
]
