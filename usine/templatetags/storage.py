from django import template
from django.core.files.storage import default_storage

register = template.Library()


@register.filter
def storage_url(name: str) -> str:
    """The public URL of a stored file name (local media folder or S3/CDN alike)."""
    return default_storage.url(name) if name else ""
