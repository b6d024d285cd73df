"""Ungsam's own account pages under /konto/, included ahead of allauth's."""

from django.urls import path

from ungsam.org import account_views

app_name = "account"
urlpatterns = [
    path("velg-passord/", account_views.choose_password, name="choose_password"),
    path("tofaktor/", account_views.mfa_setup, name="mfa_setup"),
]
