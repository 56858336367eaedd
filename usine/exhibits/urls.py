from django.urls import include, path

from . import views

app_name = "exhibits"
urlpatterns = [
    path("batiments/<slug:slug>/", views.building, name="building"),
    path("exposant/", include("usine.exhibits.urls_exhibitor")),
]
