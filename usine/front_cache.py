"""Which answers the production form's nginx may keep for anonymous visitors, and how long.

A view decorated with `front_cached` says its page is the same for every anonymous visitor of
one language: nginx (usine/templates/deploy/site.conf) keeps it until the end of the current
second (`X-Accel-Expires: @<this second>`; nginx's clock counts whole seconds, so a plain one-
second lifetime would keep a page up to two), and a change shows within a second. nginx keeps
nothing else, never answers a request with a session from it, and never stores an answer that is
private or sets a cookie (usine.middleware.PrivateForSessions marks answers to sessions private).
"""

import functools
import re
import time

from django.urls import URLResolver, get_resolver


def front_cached(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Accel-Expires"] = f"@{int(time.time())}"
        return response

    wrapper.front_cached = True
    return wrapper


def front_cached_paths_regex() -> str:
    """The paths of the front-cached views as one regular expression for nginx: only those
    reach the cache (an nginx cache lock on any other page would make identical anonymous
    requests wait on each other)."""

    def walk(patterns, prefix):
        for pattern in patterns:
            regex = pattern.pattern.regex.pattern.removeprefix("^")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + regex)
            elif getattr(pattern.callback, "front_cached", False):
                yield prefix + regex.removesuffix(r"\Z")

    # Named groups would clash between alternatives (PCRE): plain groups do the same.
    paths = [re.sub(r"\(\?P<\w+>", "(?:", path) for path in walk(get_resolver().url_patterns, "")]
    return "^/(?:" + "|".join(sorted(paths)) + ")$"
