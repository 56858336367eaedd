from django.utils.functional import SimpleLazyObject

from . import join


def pupil_session(request):
    """`pupil_session` in every template: where this browser's pupil goes back to in its class
    session ("Retour à ma session"), or None; read only if the page uses it."""
    session = getattr(request, "session", None)
    return {
        "pupil_session": SimpleLazyObject(
            lambda: join.way_back(session, claim=join.request_claim(request))
        )
    }
