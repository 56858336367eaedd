"""Speakers' photos: re-encoded before they are kept, as exhibitors' logos (`usine.images`)."""

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from usine import images

from .errors import ForumError

PHOTO = images.Kind(side=480, format="JPEG")


def normalised_photo(upload) -> ContentFile:
    """A real raster image, at most 480 pixels a side, as JPEG."""
    try:
        content = images.normalised(upload, kind=PHOTO)
    except images.ImageRefused as refused:
        messages = {
            images.TOO_BIG: _("Cette photo dépasse 5 Mo."),
            images.TOO_MANY_PIXELS: _("Cette photo est trop grande (en pixels)."),
        }
        message = messages.get(refused.reason) or _(
            "Ce fichier n'est pas une image lisible : envoyez un PNG, un JPEG ou un WebP."
        )
        raise ForumError(message, field="new_photo") from None
    return ContentFile(content, name="photo.jpg")
