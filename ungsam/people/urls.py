from django.urls import path

from ungsam.people import views

app_name = "people"
urlpatterns = [
    path("", views.youth_list, name="youth_list"),
    path("<int:pk>/", views.youth_detail, name="youth_detail"),
]
