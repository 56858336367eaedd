from django.urls import path

from . import views

app_name = "about"
urlpatterns = [
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("donnees-personnelles/", views.privacy, name="privacy"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("contact/", views.contact, name="contact"),
    path("contact/envoye/", views.contact_sent, name="contact_sent"),
]
