from django.urls import path

from . import views

app_name = "forum"
urlpatterns = [
    path("forum/", views.programme, name="programme"),
    path("forum/<slug:slug>/", views.talk, name="talk"),
]
