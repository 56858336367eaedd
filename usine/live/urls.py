from django.urls import path

from .views import room, video

app_name = "live"
urlpatterns: list = [
    path("direct/<int:pk>/", room.room, name="room"),
    path("direct/<int:pk>/terminer/", room.end_exchange, name="end"),
    path("direct/<int:pk>/video/", video.room_video, name="room_video"),
    path("direct/test-connexion/", video.selftest, name="selftest"),
    path("classe/direct/", room.class_exchange, name="class_exchange"),
    path("enseignants/classes/<id:pk>/direct/", room.teacher_exchange, name="teacher_exchange"),
]
