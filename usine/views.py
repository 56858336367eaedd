import mimetypes

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.static import serve

from .roles import home_url

# HLS types are not in every mimetypes table; players are strict about them.
mimetypes.add_type("application/vnd.apple.mpegurl", ".m3u8")
mimetypes.add_type("video/mp2t", ".ts")
mimetypes.add_type("text/vtt", ".vtt")


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
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except (SuspiciousFileOperation, ValueError, OSError) as error:
        # A path the file system refuses (a NUL byte, too long, too deep…) names no media file.
        raise Http404(path[:80]) from error
    # Transcoded files never change under the same name (each upload gets a new folder).
    if path.startswith("videos/hls/"):
        response["Cache-Control"] = "public, max-age=86400"
    return response
