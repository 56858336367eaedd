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


def serve_media(request, path):
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation as error:
        raise Http404(path) from error
    # Transcoded files never change under the same name (each upload gets a new folder).
    if path.startswith("videos/hls/"):
        response["Cache-Control"] = "public, max-age=86400"
    return response
