from django.urls import include, path

from . import backstage, programme_editing, speakers, views

app_name = "forum"
urlpatterns = [
    path("forum/", views.programme, name="programme"),
    # Not slugs (a dot): no talk can take these addresses.
    path("forum/maintenant.html", views.on_air, name="on_air"),
    path("forum/jour/<str:day>.ics", views.day_calendar, name="day_calendar"),
    path("forum/<slug:slug>/", views.talk, name="talk"),
    path("forum/<slug:slug>/agenda.ics", views.talk_calendar, name="talk_calendar"),
    path("", include("usine.forum.audience_urls")),
    # Speakers (outside /forum/, where any word may be a talk's address).
    path("intervenants/invitation/<str:uidb64>/<str:token>/", speakers.welcome, name="welcome"),
    path("intervenants/studio/", speakers.my_talks, name="my_talks"),
    path("intervenants/studio/<slug:slug>/<id:pk>/", speakers.studio, name="studio"),
    path(
        "intervenants/studio/<slug:slug>/<id:pk>/etat.json",
        speakers.studio_state,
        name="studio_state",
    ),
    # Organizers.
    path(
        "organisation/editions/<slug:slug>/forum/",
        programme_editing.programme,
        name="organizer_programme",
    ),
    path(
        "organisation/editions/<slug:slug>/forum/scenes/nouvelle/",
        programme_editing.stage_edit,
        name="organizer_stage_new",
    ),
    path(
        "organisation/editions/<slug:slug>/forum/scenes/<id:pk>/",
        programme_editing.stage_edit,
        name="organizer_stage",
    ),
    path(
        "organisation/editions/<slug:slug>/forum/scenes/<id:pk>/coulisses/",
        backstage.backstage,
        name="organizer_backstage",
    ),
    path(
        "organisation/editions/<slug:slug>/forum/interventions/<id:pk>/arrivee/",
        backstage.talk_source,
        name="organizer_talk_source",
    ),
    path(
        "organisation/editions/<slug:slug>/forum/interventions/nouvelle/",
        programme_editing.talk_edit,
        name="organizer_talk_new",
    ),
    path(
        "organisation/editions/<slug:slug>/forum/interventions/<id:pk>/",
        programme_editing.talk_edit,
        name="organizer_talk",
    ),
    path(
        "organisation/editions/<slug:slug>/forum/interventions/<id:pk>/etat/",
        programme_editing.talk_state,
        name="organizer_talk_state",
    ),
    path(
        "organisation/editions/<slug:slug>/forum/intervenants/nouveau/",
        programme_editing.speaker_edit,
        name="organizer_speaker_new",
    ),
    path(
        "organisation/editions/<slug:slug>/forum/intervenants/<id:pk>/",
        programme_editing.speaker_edit,
        name="organizer_speaker",
    ),
    path(
        "organisation/editions/<slug:slug>/forum/intervenants/<id:pk>/inviter/",
        programme_editing.speaker_invite,
        name="organizer_speaker_invite",
    ),
]
