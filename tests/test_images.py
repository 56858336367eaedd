"""Uploaded pictures re-encoded by one rule: a logo as PNG, a photo as JPEG, bounded sides."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from usine import images


def upload(*, size=(1200, 600), format="PNG", mode="RGBA") -> SimpleUploadedFile:
    out = io.BytesIO()
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    exif = Image.Exif()
    exif[0x010F] = "Appareil du collège"  # Make: metadata that must not be kept
    image.save(out, format=format, exif=exif)
    return SimpleUploadedFile(f"picture.{format.lower()}", out.getvalue())


@pytest.mark.parametrize(
    ("kind", "format", "mode"),
    [
        (images.Kind(side=512, format="PNG"), "PNG", "RGBA"),
        (images.Kind(480, "JPEG"), "JPEG", "RGB"),
    ],
)
def test_a_picture_is_kept_within_its_side_without_its_metadata(kind, format, mode):
    with Image.open(io.BytesIO(images.normalised(upload(), kind=kind))) as kept:
        assert (kept.format, kept.mode, kept.size) == (format, mode, (kind.side, kind.side // 2))
        assert dict(kept.getexif()) == {}


def test_what_is_not_a_picture_or_is_too_big_is_refused(settings):
    kind = images.Kind(side=512, format="PNG")
    with pytest.raises(images.ImageRefused) as unreadable:
        images.normalised(SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>"), kind=kind)
    heavy = SimpleUploadedFile("logo.png", b"0" * (images.MAX_BYTES + 1))
    with pytest.raises(images.ImageRefused) as too_big:
        images.normalised(heavy, kind=kind)
    assert (unreadable.value.reason, too_big.value.reason) == (images.UNREADABLE, images.TOO_BIG)
