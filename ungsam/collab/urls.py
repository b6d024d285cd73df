from django.urls import path

from ungsam.collab import disclosure_views, views

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
]
