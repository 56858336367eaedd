"""Which answers the production form's nginx may keep for anonymous visitors, and how long.

A view decorated with `front_cached` says its page is the same for every anonymous visitor of
one language: nginx (usine/templates/deploy/site.conf) keeps it until the end of the current
second (`X-Accel-Expires: @<this second>`; nginx's clock counts whole seconds, so a plain one-
second lifetime would keep a page up to two), and a change shows within a second. nginx keeps
nothing else, never answers a request with a session from it, and never stores an answer that is
private or sets a cookie (usine.middleware.PrivateForSessions marks answers to sessions private).
"""

import functools
import time


def front_cached(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Accel-Expires"] = f"@{int(time.time())}"
        return response

    return wrapper
