from django.urls import path

from . import views

app_name = "media"
urlpatterns: list = []
