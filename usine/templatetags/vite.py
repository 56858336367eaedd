"""Links the client bundles built by Vite (frontend/ → usine/static/town/) into templates.

`{% vite_entry "src/main.js" %}` reads Vite's manifest and prints the module script of that entry,
its CSS and modulepreload links for its imports, so a page loads exactly what its entry needs.
"""

import json
from functools import cache

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

MANIFEST = settings.BASE_DIR / "usine" / "static" / "town" / ".vite" / "manifest.json"


@cache
def _manifest_cached(mtime: float) -> dict:
    return json.loads(MANIFEST.read_text())


def _imports(manifest: dict, name: str, seen: set[str]) -> list[str]:
    files = []
    for imported in manifest[name].get("imports", []):
        if imported not in seen:
            seen.add(imported)
            files.append(manifest[imported]["file"])
            files.extend(_imports(manifest, imported, seen))
    return files


@register.simple_tag
def vite_entry(name: str):
    # Keyed on where static files are served from too: tests change it.
    storage = settings.STORAGES["staticfiles"]["BACKEND"]
    return _entry_html(name, _manifest_mtime(), settings.STATIC_URL, storage)


def _manifest_mtime() -> float:
    try:
        return MANIFEST.stat().st_mtime
    except FileNotFoundError as error:
        raise RuntimeError(
            "The 3D town client is not built: run `make run` (or `make client`)."
        ) from error


@cache
def _entry_html(name: str, mtime: float, _static_url: str, _storage: str) -> str:
    """The tags of an entry, drawn once per build of the client (every page prints one or two)."""
    manifest = _manifest_cached(mtime)
    chunk = manifest[name]
    css = chunk.get("css", [])
    preloads = _imports(manifest, name, set())
    parts = [
        format_html_join(
            "", '<link rel="stylesheet" href="{}">', ((static(f"town/{f}"),) for f in css)
        ),
        format_html_join(
            "", '<link rel="modulepreload" href="{}">', ((static(f"town/{f}"),) for f in preloads)
        ),
        format_html('<script type="module" src="{}"></script>', static(f"town/{chunk['file']}")),
    ]
    return mark_safe("".join(parts))
