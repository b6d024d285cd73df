"""Addresses of the fieldwork part: follow-up conversations and code names."""

from django.urls import path

from ungsam.outreach import conversation_views

urlpatterns = [
    path("", conversation_views.conversation_list, name="conversation_list"),
    path("ny/", conversation_views.conversation_create, name="conversation_create"),
    path("kodenavn/", conversation_views.code_name_list, name="code_name_list"),
    path("kodenavn/ny/", conversation_views.code_name_create, name="code_name_create"),
    path("kodenavn/<int:pk>/", conversation_views.code_name_detail, name="code_name_detail"),
    path(
        "kodenavn/<int:pk>/avslutt/",
        conversation_views.code_name_retire,
        name="code_name_retire",
    ),
    path(
        "kodenavn/<int:pk>/registrer/",
        conversation_views.code_name_register,
        name="code_name_register",
    ),
]
