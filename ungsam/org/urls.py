from django.urls import path

from ungsam.org import views

app_name = "org"
urlpatterns = [
    path("brukere/", views.user_list, name="user_list"),
    path("brukere/ny/", views.user_create, name="user_create"),
    path("brukere/<int:pk>/", views.user_detail, name="user_detail"),
    path(
        "brukere/<int:pk>/engangspassord/",
        views.user_one_time_password,
        name="user_one_time_password",
    ),
    path("brukere/<int:pk>/endre/", views.user_edit, name="user_edit"),
    path("brukere/<int:pk>/deaktiver/", views.user_deactivate, name="user_deactivate"),
    path("brukere/<int:pk>/aktiver/", views.user_activate, name="user_activate"),
    path("brukere/<int:pk>/passord-epost/", views.user_password_email, name="user_password_email"),
    path("medlemskap/<int:pk>/", views.membership_detail, name="membership_detail"),
    path("medlemskap/<int:pk>/avslutt/", views.membership_end, name="membership_end"),
    path("medlemskap/<int:pk>/godkjenn/", views.membership_approve, name="membership_approve"),
    path("medlemskap/<int:pk>/avvis/", views.membership_reject, name="membership_reject"),
    path("tilganger/godkjenning/", views.approvals, name="approvals"),
    path("organisasjon/", views.organization, name="organization"),
    path("organisasjon/enheter/ny/", views.unit_create, name="unit_create"),
    path("organisasjon/samarbeidsparter/ny/", views.partner_create, name="partner_create"),
    path("organisasjon/steder/ny/", views.place_create, name="place_create"),
    path("organisasjon/enheter/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("organisasjon/samarbeidsparter/<int:pk>/", views.partner_edit, name="partner_edit"),
    path("organisasjon/steder/<int:pk>/", views.place_edit, name="place_edit"),
    path("organisasjon/omrader/ny/", views.area_create, name="area_create"),
    path("organisasjon/omrader/<int:pk>/", views.area_edit, name="area_edit"),
    path("organisasjon/tiltak/ny/", views.measure_type_create, name="measure_type_create"),
    path("organisasjon/tiltak/<int:pk>/", views.measure_type_edit, name="measure_type_edit"),
]
