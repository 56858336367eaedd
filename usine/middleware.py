"""The fair's own middleware: answers to sessions kept private, pages gzipped quickly.

The chain runs synchronously in each request's thread (usine/request_threads.py).
"""

import gzip
import secrets

from django.conf import settings
from django.middleware import gzip as django_gzip
from django.utils.cache import patch_cache_control, patch_vary_headers

# zlib's fastest level, nginx's default (`gzip_comp_level 1`). On the fair's pages (20-40 KB of
# HTML) Django's level 6 took 2.5x the CPU time for 12 % fewer bytes (≈ 0.37 vs 0.15 ms for
# 5.8 vs 6.6 KB): a tenth of a page's whole cost, for less than a kilobyte on the wire.
GZIP_LEVEL = 1


class PrivateForSessions:
    """Marks `private` every answer to a request with a session (signed-in accounts, pupils)
    unless the view declared it public: no shared cache (the production form's nginx, a school's
    proxy) may then keep one person's page and give it to another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        has_session = session is not None and (
            settings.SESSION_COOKIE_NAME in request.COOKIES or not session.is_empty()
        )
        if has_session and "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True)
        return response


class GZipMiddleware(django_gzip.GZipMiddleware):
    """Django's, compressing at GZIP_LEVEL. Streamed answers (video uploads' progress, exports)
    stay with Django's own code."""

    def process_response(self, request, response):
        if response.streaming:
            return super().process_response(request, response)
        if len(response.content) < 200 or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not django_gzip.re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = _gzip(response.content, max_random_bytes=self.max_random_bytes)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag  # RFC 9110 8.8.1, as Django does
        response.headers["Content-Encoding"] = "gzip"
        return response


def _gzip(data: bytes, *, max_random_bytes: int) -> bytes:
    """Gzip with a file name of random length in its header, as Django's `compress_string`:
    the answer's length then says less about its content (BREACH)."""
    compressed = memoryview(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))
    header = bytearray(compressed[:10])
    header[3] = gzip.FNAME
    name = b"a" * secrets.randbelow(max_random_bytes) + b"\x00"
    return bytes(header) + name + compressed[10:]
