"""The organizers' pages for the Forum's programme (/organisation/editions/<slug>/forum/…):
stages, talks and their speakers, speakers and their invitations, putting a talk on air."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from usine.fair.models import Edition
from usine.inputs import parse_id
from usine.roles import organizer_required

from . import queries, services
from .errors import ForumError
from .forms import InviteSpeakerForm, SpeakerForm, StageForm, TalkForm, speaker_links_formset
from .models import Speaker, Stage, Talk

T = "forum/organizer/"


def _add_error(form, error: ForumError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _edition(slug) -> Edition:
    return get_object_or_404(Edition, slug=slug)


@require_http_methods(["GET", "HEAD"])
@organizer_required
def programme(request, slug):
    edition = _edition(slug)
    return render(
        request,
        T + "programme.html",
        {
            "edition": edition,
            "stages": edition.forum_stages.all(),
            "talks": queries.programme(edition=edition),
            "speakers": edition.forum_speakers.select_related("user"),
            "states": Talk.State,
        },
    )


@require_POST
@organizer_required
def talk_state(request, slug, pk):
    edition = _edition(slug)
    talk = get_object_or_404(Talk, edition=edition, pk=pk)
    state = request.POST.get("state", "")
    if state not in Talk.State.values:
        messages.error(request, _("Cet état n'existe pas."))
    else:
        try:
            talk = services.set_talk_state(talk=talk, state=state)
        except ForumError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("« %(title)s » : %(state)s.")
                % {"title": talk.title, "state": talk.get_state_display()},
            )
    if request.POST.get("back") == "backstage":  # the stage's backstage has the same controls
        return redirect("forum:organizer_backstage", slug=edition.slug, pk=talk.stage_id)
    return redirect("forum:organizer_programme", slug=edition.slug)


@require_http_methods(["GET", "HEAD", "POST"])
@organizer_required
def stage_edit(request, slug, pk=None):
    edition = _edition(slug)
    stage = get_object_or_404(Stage, edition=edition, pk=pk) if pk else Stage(edition=edition)
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_stage(stage=form.save(commit=False))
        except ForumError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Scène « %(name)s » enregistrée.") % {"name": stage.name})
            return redirect("forum:organizer_programme", slug=edition.slug)
    return render(request, T + "stage.html", {"edition": edition, "form": form, "stage": stage})


@require_http_methods(["GET", "HEAD", "POST"])
@organizer_required
def talk_edit(request, slug, pk=None):
    edition = _edition(slug)
    talk = get_object_or_404(Talk, edition=edition, pk=pk) if pk else Talk(edition=edition)
    if not edition.forum_stages.exists():
        messages.info(request, _("Créez d'abord une scène : chaque intervention a la sienne."))
        return redirect("forum:organizer_stage_new", slug=edition.slug)
    data = request.POST or None
    form = TalkForm(data, instance=talk, edition=edition)
    links = speaker_links_formset(edition=edition, data=data, instance=talk)
    if request.method == "POST" and form.is_valid() and links.is_valid():
        rows = sorted(
            (
                row.cleaned_data
                for row in links.forms
                if row.cleaned_data.get("speaker") and not row.cleaned_data.get("DELETE")
            ),
            key=lambda row: row.get("position") or 0,
        )
        try:
            services.save_talk(
                talk=form.save(commit=False),
                speakers=[(row["speaker"], row["part"]) for row in rows],
            )
        except ForumError as error:
            _add_error(form, error)
        else:
            messages.success(
                request, _("Intervention « %(title)s » enregistrée.") % {"title": talk.title}
            )
            return redirect("forum:organizer_programme", slug=edition.slug)
    return render(
        request, T + "talk.html", {"edition": edition, "form": form, "links": links, "talk": talk}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@organizer_required
def speaker_edit(request, slug, pk=None):
    edition = _edition(slug)
    speaker = get_object_or_404(Speaker, edition=edition, pk=pk) if pk else Speaker(edition=edition)
    form = SpeakerForm(request.POST or None, request.FILES or None, instance=speaker)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_speaker(
                speaker=form.save(commit=False), photo=form.cleaned_data.get("new_photo")
            )
        except ForumError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("%(name)s : fiche enregistrée.") % {"name": speaker.name})
            return redirect("forum:organizer_speaker", slug=edition.slug, pk=speaker.pk)
    return render(
        request,
        T + "speaker.html",
        {
            "edition": edition,
            "form": form,
            "speaker": speaker,
            "invite_form": InviteSpeakerForm() if speaker.pk else None,
        },
    )


@require_POST
@organizer_required
def speaker_invite(request, slug, pk):
    edition = _edition(slug)
    speaker = get_object_or_404(Speaker, edition=edition, pk=parse_id(pk))
    form = InviteSpeakerForm(request.POST)
    if form.is_valid():
        try:
            services.invite_speaker(
                speaker=speaker, email=form.cleaned_data["email"], invited_by=request.user
            )
        except ForumError as error:
            _add_error(form, error)
        else:
            messages.success(
                request,
                _("Invitation envoyée à %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("forum:organizer_speaker", slug=edition.slug, pk=speaker.pk)
    return render(
        request,
        T + "speaker.html",
        {
            "edition": edition,
            "form": SpeakerForm(instance=speaker),
            "speaker": speaker,
            "invite_form": form,
        },
        status=400,
    )
