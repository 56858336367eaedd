"""The organizers' set-up of editions (/organisation/editions/…)."""

from django.urls import path

from . import views

app_name = "fair"
urlpatterns = [
    path("organisation/editions/", views.editions, name="editions"),
    path("organisation/editions/nouvelle/", views.edition_new, name="edition_new"),
    path("organisation/editions/<slug:slug>/", views.edition, name="edition"),
    path("organisation/editions/<slug:slug>/creneaux/", views.slots, name="slots"),
    path("organisation/editions/<slug:slug>/plan/", views.town_layout, name="layout"),
]
