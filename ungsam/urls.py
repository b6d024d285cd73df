from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from ungsam.web import views as web_views

urlpatterns = [
    # Ungsam's own account pages (own password, MFA set-up) first, then allauth's.
    path("konto/", include("ungsam.org.account_urls")),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", web_views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico where a page names no icon (a PDF, a JSON file). The static
    # file's name is looked up per request: with hashed names it exists only after collectstatic.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("ungsam/favicon.svg"))),
    path("ungdom/", include("ungsam.people.urls")),
    path("saker/", include("ungsam.cases.urls")),
    path("saker/", include("ungsam.plans.urls")),
    path("saker/", include("ungsam.collab.urls")),
    path("samarbeid/foresporsler/", include("ungsam.collab.request_urls")),
    path("samarbeid/", include("ungsam.collab.shared_urls")),
    path("samarbeid/", include("ungsam.collab.team_urls")),
    path("", include("ungsam.collab.pathway_urls")),
    path("samarbeid/", include("ungsam.collab.meeting_urls")),
    path("henvendelser/", include("ungsam.collab.inquiry_urls")),
    path("", include("ungsam.concerns.urls")),
    path("feltarbeid/", include("ungsam.outreach.urls")),
    path("", include("ungsam.access.urls")),
    path("", include("ungsam.org.urls")),
    path("statistikk/import/", include("ungsam.transfer.urls")),
    path("", include("ungsam.ot.urls")),
    path("", include("ungsam.stats.urls")),
    path("", include("ungsam.web.urls")),
]

handler400 = "ungsam.web.views.error_400"
handler403 = "ungsam.web.views.error_403"
handler404 = "ungsam.web.views.error_404"
handler500 = "ungsam.web.views.error_500"
