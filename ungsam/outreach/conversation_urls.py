"""Addresses of the fieldwork part: conversation."""

from django.urls import path

from ungsam.outreach import conversation_views

urlpatterns = [
    path("", conversation_views.conversation_list, name="conversation_list"),
    path("kodenavn/", conversation_views.code_name_list, name="code_name_list"),
]
