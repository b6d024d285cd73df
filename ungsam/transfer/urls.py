from django.urls import path

from ungsam.transfer import views

app_name = "transfer"
urlpatterns = [
    path("", views.import_home, name="import_home"),
    path("<int:pk>/", views.import_job, name="import_job"),
    path("<int:pk>/fremdrift/", views.import_progress, name="import_progress"),
    path("<int:pk>/importer/", views.import_start, name="import_start"),
    path("<int:pk>/forkast/", views.import_discard, name="import_discard"),
]
