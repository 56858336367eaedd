"""The speakers' pages: opening their account from the invitation, their talks, each talk's
studio (filled by the stream part of the Forum: forum/_studio.html)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from usine.organizers import is_organizer

from . import services
from .errors import ForumError
from .models import Talk


@require_http_methods(["GET", "HEAD", "POST"])
def welcome(request, uidb64, token):
    try:
        user = services.invited_user(uidb64=uidb64, token=token)
    except ForumError as error:
        return render(
            request, "forum/speaker/welcome_invalid.html", {"message": error.message}, status=400
        )
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.accept_invitation(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Votre compte est ouvert."))
        return redirect("forum:my_talks")
    return render(request, "forum/speaker/welcome.html", {"form": form, "user_email": user.email})


def _speaker_talks(user):
    return (
        Talk.objects.filter(speaker_links__speaker__user=user)
        .select_related("stage", "edition")
        .order_by("starts_at")
        .distinct()
    )


@require_http_methods(["GET", "HEAD"])
def my_talks(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    talks = list(_speaker_talks(request.user))
    if not talks and not is_organizer(request.user):
        raise Http404(_("Aucune intervention au Forum n'est à votre nom."))
    return render(request, "forum/speaker/talks.html", {"talks": talks})


@require_http_methods(["GET", "HEAD"])
def studio(request, slug, pk):
    """A talk's studio: for its speakers and the organizers only (404 for anyone else)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    talks = Talk.objects.select_related("stage", "edition")
    if not is_organizer(request.user):
        talks = _speaker_talks(request.user)
    talk = get_object_or_404(talks, edition__slug=slug, pk=pk)
    return render(request, "forum/speaker/studio.html", {"talk": talk})
