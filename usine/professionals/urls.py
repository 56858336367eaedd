"""Pages of professionals (/professionnels/…), of exhibitors inviting them, and of organizers
planning the live exchanges (/organisation/direct/…)."""

from django.urls import path

from .views import fair_day, organizer, professional, teacher

app_name = "professionals"
urlpatterns = [
    path(
        "professionnels/invitation/<str:uidb64>/<str:token>/",
        professional.welcome,
        name="welcome",
    ),
    path("professionnels/profil/", professional.profile, name="profile"),
    path(
        "professionnels/echanges/",
        professional.assignments,
        name="assignments",
    ),
    path(
        "professionnels/echanges/<id:pk>/annuler/",
        professional.assignment_cancel,
        name="assignment_cancel",
    ),
    path(
        "professionnels/echanges/<id:pk>/invitation.ics",
        professional.assignment_ics,
        name="assignment_ics",
    ),
    path(
        "exposant/professionnels/",
        professional.exhibitor_invite,
        name="exhibitor_invite",
    ),
    path(
        "organisation/direct/disponibilites/",
        organizer.availability,
        name="organizer_availability",
    ),
    path("organisation/direct/inviter/", organizer.invite, name="organizer_invite"),
    path("organisation/direct/planning/", organizer.schedule, name="organizer_schedule"),
    path("organisation/direct/planning/<id:pk>/", organizer.run_detail, name="organizer_run"),
    path(
        "enseignants/classes/<id:pk>/echange/etat",
        teacher.exchange_state,
        name="teacher_exchange_state",
    ),
    path("organisation/direct/jour-j/", fair_day.console, name="organizer_fair_day"),
    path("organisation/direct/jour-j/etat", fair_day.state, name="organizer_fair_day_state"),
    path(
        "organisation/direct/jour-j/classes/<id:pk>/remplacer/",
        fair_day.replace,
        name="organizer_replace",
    ),
    path(
        "organisation/direct/jour-j/classes/<id:pk>/recalculer/",
        fair_day.resolve,
        name="organizer_resolve",
    ),
    path(
        "organisation/direct/jour-j/creneaux/<id:pk>/message/",
        fair_day.slot_message,
        name="organizer_slot_message",
    ),
    path(
        "organisation/direct/planning/<id:pk>/avancement",
        organizer.run_progress,
        name="organizer_run_progress",
    ),
]
