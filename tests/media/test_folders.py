"""Every folder a file field writes to is either public or protected, never both, never
neither: a new field must say who may read its files before it lands in the S3 bucket (where
anything unlisted stays private) or in the local folder (where anything unlisted is public)."""

from django.apps import apps
from django.db.models import FileField

from usine.media.folders import PROTECTED_PREFIXES, PUBLIC_PREFIXES


def folder_of(upload_to) -> str:
    """The folder of a field's files, also when a function picks their names."""
    if callable(upload_to):
        name = upload_to(None, "photo.jpg")
        return name[: name.rindex("/") + 1]
    return upload_to


def test_every_file_field_folder_is_public_or_protected():
    folders = {
        f"{model.__name__}.{field.name}": folder_of(field.upload_to)
        for model in apps.get_models()
        if model.__module__.startswith("usine.")
        for field in model._meta.get_fields()
        if isinstance(field, FileField)
    }
    assert folders == {
        "Company.logo": "logos/",
        # A logo waiting for an organizer's review: re-encoded under a random name like every
        # upload, shown on the review page before it is published.
        "CompanyDraft.logo": "logos/drafts/",
        "DemoPhoto.image": "demos/",
        "Video.source": "videos/source/",
        "Video.captions": "videos/captions/",
        "Speaker.photo": "forum/speakers/",
        "TalkCaptions.file": "forum/captions/",
    }
    for field, folder in folders.items():
        public, protected = (
            folder.startswith(PUBLIC_PREFIXES),
            folder.startswith(PROTECTED_PREFIXES),
        )
        assert public != protected, field
