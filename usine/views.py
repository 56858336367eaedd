import mimetypes
import sys
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views import defaults, i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.static import serve

from . import protected_media
from .inputs import json_error
from .media.folders import LIVE_HLS_DIR
from .roles import home_url
from .unavailable import unavailable_service

# HLS types are not in every mimetypes table; players are strict about them.
mimetypes.add_type("application/vnd.apple.mpegurl", ".m3u8")
mimetypes.add_type("video/mp2t", ".ts")
mimetypes.add_type("text/vtt", ".vtt")


@csrf_exempt
@require_POST
def set_language(request):
    """Django's language switch without a CSRF token, so that the form on every page leaves the
    anonymous pages the same for everyone (nginx's front cache keeps them). Another site may
    still not switch a visitor's language: the browser says where the form came from."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return HttpResponseForbidden(_("Le changement de langue vient d'un autre site : refusé."))
    return i18n.set_language(request)


def home(request):
    """After signing in: each account to its own main page (see roles.home_url)."""
    return redirect(home_url(request.user))


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


# Longer paths than the file system takes (PATH_MAX, NAME_MAX on Linux) name no media file.
MEDIA_PATH_MAX = 1024
MEDIA_NAME_MAX = 255


def serve_media(request, path):
    if len(path) > MEDIA_PATH_MAX or any(len(part) > MEDIA_NAME_MAX for part in path.split("/")):
        raise Http404(path[:80])
    protected = protected_media.is_protected(path)
    if protected and not protected_media.may_read(request.user, path):
        # As if absent: whether an upload exists is nobody else's business.
        raise Http404(path[:80])
    if protected and settings.MEDIA_X_ACCEL:
        # nginx sends the file from its internal location (usine/templates/deploy/site.conf).
        response = HttpResponse()
        del response["Content-Type"]  # nginx names the file's type from its extension
        response["X-Accel-Redirect"] = protected_media.ACCEL_PREFIX + quote(
            protected_media.normalized(path)
        )
    else:
        try:
            response = serve(request, path, document_root=settings.MEDIA_ROOT)
        except (SuspiciousFileOperation, ValueError, OSError) as error:
            # A path the file system refuses (a NUL byte, too long, too deep…) names no media file.
            raise Http404(path[:80]) from error
    if protected:
        patch_cache_control(response, private=True, no_store=True)
    elif path.startswith("videos/hls/"):
        # Each transcoding writes a new folder: a segment, playlist or poster never changes.
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    elif path.startswith(LIVE_HLS_DIR):
        # A live playlist changes with every segment (2 s); a segment never changes.
        live_playlist = path.endswith(".m3u8")
        response["Cache-Control"] = (
            "public, max-age=1" if live_playlist else "public, max-age=86400"
        )
    return response


# --- Error pages: the site's look for people, `{"error": …}` for the JSON API ---------------------
# 400 and 500 pages render without the request's context processors (no database); the JSON
# answers have the shape every endpoint of the API uses.


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception):
    if _is_api(request):
        return json_error(_("Requête incorrecte."), status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return json_error(_("Accès refusé."), status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return json_error(_("Adresse introuvable."), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if unavailable_service(sys.exc_info()[1]):
        return service_unavailable(request)
    if _is_api(request):
        return json_error(_("Erreur du serveur ; réessayez plus tard."), status=500)
    return defaults.server_error(request)


# The database or Redis not answering (restarting, a network cut, the pool empty) is no bug of
# the page: it comes back by itself, so people get a 503 that says so and when to try again.
RETRY_AFTER_SECONDS = 10


def service_unavailable(request):
    """503 in the site's look (or JSON under the API), without the database nor the cache."""
    if _is_api(request):
        response = json_error(
            _("Le salon est momentanément indisponible ; réessayez dans quelques secondes."),
            status=503,
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response
