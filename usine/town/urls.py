from django.urls import path

from . import views

app_name = "town"
urlpatterns = [
    path("", views.town, name="town"),
    path("ville/texte/", views.text_view, name="text"),
    path("api/town", views.api_town, name="api"),
    path("api/town/<slug:slug>", views.api_interior, name="interior_api"),
    path("batiments/<slug:slug>/interieur/", views.inside, name="inside"),
    path("organisation/editions/<slug:slug>/apercu/", views.preview, name="preview"),
    path("organisation/editions/<slug:slug>/apercu/town", views.preview_api, name="preview_api"),
]
