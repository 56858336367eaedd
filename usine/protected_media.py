"""Media that are not for everyone, and who may read them.

An exhibitor's original upload (`videos/source/`) is only for the company that uploaded it and
the organizers: the fair shows its transcoded HLS renditions, never the file as it was sent (its
metadata may say where and by whom it was shot). Everything else in the media folder is public:
transcoded HLS, posters and captions live under a folder named after the video and a random
token (usine/media/services.py), and are listed only once published.

In the embedded form the app serves the file itself; behind nginx (MEDIA_X_ACCEL) the app only
decides and nginx sends the file from an internal location (X-Accel-Redirect), so that no URL
reaches a protected file without Django's answer.
"""

import posixpath

from usine.exhibits.queries import company_uploaded_video
from usine.media.folders import PROTECTED_PREFIXES  # one rule for disk, nginx and S3
from usine.organizers import is_organizer

# nginx's internal location for protected media (usine/templates/deploy/site.conf).
ACCEL_PREFIX = "/_protected_media/"


def normalized(path: str) -> str:
    """The media path as the file system resolves it (no `..`, no doubled slashes)."""
    return posixpath.normpath("/" + path).lstrip("/")


def is_protected(path: str) -> bool:
    return normalized(path).startswith(tuple(PROTECTED_PREFIXES))


def may_read(user, path: str) -> bool:
    if not user.is_authenticated:
        return False
    return is_organizer(user) or company_uploaded_video(user=user, source=normalized(path))
