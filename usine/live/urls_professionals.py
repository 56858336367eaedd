"""Pages of professionals (/professionnels/…) and of organizers (/organisation/direct/…).

Included from usine/live/urls.py without an app_name: the names stay in the `live` namespace.
"""

from django.urls import path

from . import views_organizer, views_professionals

urlpatterns = [
    path(
        "professionnels/invitation/<str:uidb64>/<str:token>/",
        views_professionals.welcome,
        name="professional_welcome",
    ),
    path("professionnels/profil/", views_professionals.profile, name="professional_profile"),
    path(
        "professionnels/echanges/",
        views_professionals.assignments,
        name="professional_assignments",
    ),
    path(
        "professionnels/echanges/<int:pk>/annuler/",
        views_professionals.assignment_cancel,
        name="professional_assignment_cancel",
    ),
    path(
        "professionnels/echanges/<int:pk>/invitation.ics",
        views_professionals.assignment_ics,
        name="professional_assignment_ics",
    ),
    path(
        "exposant/professionnels/",
        views_professionals.exhibitor_invite,
        name="exhibitor_invite",
    ),
    path(
        "organisation/direct/disponibilites/",
        views_organizer.availability,
        name="organizer_availability",
    ),
    path("organisation/direct/inviter/", views_organizer.invite, name="organizer_invite"),
    path("organisation/direct/planning/", views_organizer.schedule, name="organizer_schedule"),
    path(
        "organisation/direct/planning/<int:pk>/", views_organizer.run_detail, name="organizer_run"
    ),
    path(
        "organisation/direct/planning/<int:pk>/avancement",
        views_organizer.run_progress,
        name="organizer_run_progress",
    ),
]
