from django.urls import path

from . import views, views_video

app_name = "live"
urlpatterns: list = [
    path("direct/<int:pk>/", views.room, name="room"),
    path("direct/<int:pk>/terminer/", views.end_exchange, name="end"),
    path("direct/<int:pk>/video/", views_video.room_video, name="room_video"),
    path("direct/test-connexion/", views_video.selftest, name="selftest"),
]
