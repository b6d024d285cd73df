from django.urls import path

from ungsam.people import views

app_name = "people"
urlpatterns = [
    path("", views.youth_list, name="youth_list"),
    path("ny/", views.youth_register, name="youth_register"),
    path("<int:pk>/", views.youth_detail, name="youth_detail"),
    path("<int:pk>/endre/", views.youth_edit, name="youth_edit"),
    path("<int:pk>/fodselsnummer/", views.youth_national_id, name="youth_national_id"),
    path("<int:pk>/foresatte/ny/", views.guardian_add, name="guardian_add"),
    path("foresatte/<int:pk>/endre/", views.guardian_edit, name="guardian_edit"),
    path("foresatte/<int:pk>/fjern/", views.guardian_remove, name="guardian_remove"),
]
