from django.utils.functional import SimpleLazyObject

from usine.roles import roles_of, teacher_of

from . import join, wording


def pupil_session(request):
    """`pupil_session` in every template: where this browser's pupil goes back to in its class
    session ("Retour à ma session"), or None; read only if the page uses it."""
    session = getattr(request, "session", None)
    return {
        "pupil_session": SimpleLazyObject(
            lambda: join.way_back(session, claim=join.request_claim(request))
        )
    }


def group_words(request):
    """`words` in every template: how to name the group and its people (wording.py) — a
    counsellor's group of adults or a teacher's class — for the signed-in teacher or counsellor
    (`request.teacher`, set by teacher_required, else read) or for this browser's pupil; read
    only if the page uses it (the header's link to the groups does, for teachers)."""

    def words():
        teacher = getattr(request, "teacher", None)
        user = getattr(request, "user", None)
        if teacher is None and user is not None and roles_of(user).teacher:
            teacher = teacher_of(user)
        if teacher is not None:
            return wording.for_school(teacher.school)
        claim = join.request_claim(request)
        if claim is not None:
            return wording.for_class(claim.pupil.school_class)
        return wording.CLASSES

    return {"words": SimpleLazyObject(words)}
