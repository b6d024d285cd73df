"""The ot app's pages, one URL module per part, in one namespace ("ot:")."""

from ungsam.ot import (
    early_warning_urls,
    followup_urls,
    handover_urls,
    register_urls,
    school_import_urls,
)

app_name = "ot"
urlpatterns = [
    *school_import_urls.urlpatterns,
    *early_warning_urls.urlpatterns,
    *register_urls.urlpatterns,
    *followup_urls.urlpatterns,
    *handover_urls.urlpatterns,
]
