"""Pictures people upload (exhibitors' logos, speakers' photos), re-encoded before they are kept.

Re-encoding keeps a real raster image and nothing else the file carried (metadata such as where
and when a photo was taken, scripts in polyglot files). One rule for every upload; each caller
says what went wrong in its own words (`ImageRefused.reason`).
"""

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000

TOO_BIG = "too_big"  # more than MAX_BYTES
TOO_MANY_PIXELS = "too_many_pixels"  # more than MAX_PIXELS
UNREADABLE = "unreadable"  # not an image Pillow reads


class ImageRefused(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Kind:
    """How a kind of picture is kept: PNG with transparency (a logo) or JPEG (a photo)."""

    side: int
    format: str  # "PNG" or "JPEG"

    @property
    def mode(self) -> str:
        return "RGBA" if self.format == "PNG" else "RGB"


def normalised(upload, *, kind: Kind) -> bytes:
    """The upload as a `kind` image at most `kind.side` pixels a side; ImageRefused otherwise."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ImageRefused(TOO_BIG)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ImageRefused(TOO_MANY_PIXELS)
            image = ImageOps.exif_transpose(image).convert(kind.mode)
            image.thumbnail((kind.side, kind.side))
            out = io.BytesIO()
            if kind.format == "JPEG":
                image.save(out, format="JPEG", quality=85, optimize=True)
            else:
                image.save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        if isinstance(exc, ImageRefused):
            raise
        raise ImageRefused(UNREADABLE) from None
    return out.getvalue()
