from django.urls import path

from . import views

app_name = "media"
urlpatterns = [
    path("api/videos/<id:pk>/progress", views.progress, name="progress"),
]
