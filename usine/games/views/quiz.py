"""A building's quiz: played by anyone (its own page and the building page's #quiz), written by
the exhibitor (/exposant/quiz/), checked by the organizers (/organisation/publications/quiz/)."""

from django.contrib import messages
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from usine.exhibits import publication
from usine.exhibits import queries as exhibits
from usine.insights.models import Kind
from usine.insights.recording import record
from usine.roles import exhibitor_required, organizer_required
from usine.town import services as town

from .. import quiz as quizzes
from ..errors import GameError
from ..forms import QuizForm, RefusalForm
from ..models import Quiz
from ..players import pupil_in_session


@csrf_exempt  # a visitor's answers change nothing; a pupil's are checked below
@require_http_methods(["GET", "HEAD", "POST"])
def play(request, slug):
    building = exhibits.open_building(
        slug=slug, edition=town.shown_edition(version=town.public_version())
    )
    if request.method != "POST":
        return _page(request, building)
    pupil = pupil_in_session(request)
    if pupil is not None:
        # A pupil's passing answers stamp the passport: only from the fair's own pages.
        refused = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
        if refused is not None:
            return refused
    try:
        marked = quizzes.mark(building=building, answers=request.POST, pupil=pupil)
    except GameError:
        return render(request, "games/quiz_missing.html", {"building": building}, status=404)
    # Counted for the fair's figures like any visit: no name, no cookie, a day's hash.
    record(
        kind=Kind.QUIZ,
        request=request,
        pupil=pupil,
        building=building,
        amount=marked.correct,
    )
    context = {"building": building, "marked": marked, "pupil": pupil}
    if request.headers.get("Accept", "").startswith("application/json"):
        html = render_to_string("games/_quiz_result.html", context, request=request)
        return JsonResponse(
            {
                "html": html,
                "passed": marked.passed,
                "stamped": marked.stamped,
                # The session bar shows it at once (the page's script hands it over).
                "passport": marked.passport,
            }
        )
    return render(request, "games/quiz_result.html", context)


def _page(request, building):
    quiz = quizzes.public_quiz(building=building)
    status = 200 if quiz is not None else 404
    template = "games/quiz_page.html" if quiz is not None else "games/quiz_missing.html"
    return render(request, template, {"building": building}, status=status)


# --- The exhibitor ------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@exhibitor_required
def edit(request, company):
    quiz = quizzes.quiz_of(company=company)
    content = quiz.draft if quiz is not None else {}
    form = QuizForm(request.POST or None, content=content)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                quiz = quizzes.save_quiz(company=company, content=form.content())
            except GameError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _("Quiz publié.")
                    if quiz.state == Quiz.State.PUBLISHED
                    else _("Quiz enregistré : il attend l'accord des organisateurs."),
                )
                return redirect("games:quiz_edit")
        status = 400
    building = publication.current_building(company=company)
    return render(
        request,
        "games/quiz_edit.html",
        {"form": form, "quiz": quiz, "company": company, "building": building},
        status=status,
    )


# --- The organizers -----------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@organizer_required
def pending(request):
    return _pending_page(request)


@require_POST
@organizer_required
def approve(request, pk):
    quiz = get_object_or_404(Quiz, pk=pk, state=Quiz.State.PENDING)
    quizzes.approve(quiz=quiz)
    messages.success(request, _("Quiz de %(name)s publié.") % {"name": quiz.company.name})
    return redirect("games:quiz_pending")


@require_POST
@organizer_required
def refuse(request, pk):
    quiz = get_object_or_404(Quiz, pk=pk, state=Quiz.State.PENDING)
    form = RefusalForm(request.POST, auto_id=f"refus-quiz-{pk}-%s")
    if form.is_valid():
        try:
            quizzes.refuse(quiz=quiz, reason=form.cleaned_data["refusal_reason"])
        except GameError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Quiz de %(name)s refusé ; l'exposant voit votre motif.")
                % {"name": quiz.company.name},
            )
            return redirect("games:quiz_pending")
    return _pending_page(request, failed=(quiz.pk, form), status=400)


def _pending_page(request, *, failed=None, status=200):
    waiting = list(quizzes.pending_quizzes())
    for quiz in waiting:
        quiz.questions = quizzes.shown(quiz.draft, language="fr")
        quiz.previous = bool(quiz.published)
        quiz.refusal_form = (
            failed[1]
            if failed and failed[0] == quiz.pk
            else RefusalForm(auto_id=f"refus-quiz-{quiz.pk}-%s")
        )
    return render(request, "games/quiz_pending.html", {"quizzes": waiting}, status=status)
