from django.urls import include, path

from . import views

app_name = "forum"
urlpatterns = [
    path("forum/", views.programme, name="programme"),
    # Not slugs (a dot): no talk can take these addresses.
    path("forum/maintenant.html", views.on_air, name="on_air"),
    path("forum/jour/<str:day>.ics", views.day_calendar, name="day_calendar"),
    path("forum/<slug:slug>/", views.talk, name="talk"),
    path("forum/<slug:slug>/agenda.ics", views.talk_calendar, name="talk_calendar"),
    path("", include("usine.forum.audience_urls")),
]
