"""Speakers' photos: re-encoded before they are kept, like exhibitors' logos."""

import io

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ForumError

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_SIDE = 480


def normalised_photo(upload) -> ContentFile:
    """A real raster image, at most PHOTO_SIDE pixels a side, as JPEG. Re-encoding also drops
    whatever the file carried besides its pixels (its metadata: where and when it was taken)."""
    if upload.size is not None and upload.size > PHOTO_MAX_BYTES:
        raise ForumError(_("Cette photo dépasse 5 Mo."), field="new_photo")
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise ForumError(_("Cette photo est trop grande (en pixels)."), field="new_photo")
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ForumError(
            _("Ce fichier n'est pas une image lisible : envoyez un PNG, un JPEG ou un WebP."),
            field="new_photo",
        ) from None
    return ContentFile(out.getvalue(), name="photo.jpg")
