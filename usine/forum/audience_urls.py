"""Addresses of a talk's audience pages, included in the Forum's urls."""

from django.urls import path

from . import audience_pages

urlpatterns = [
    path("forum/<slug:slug>/moderation/", audience_pages.moderation, name="moderation"),
    path("forum/<slug:slug>/sous-titrage/", audience_pages.captioner, name="captioner"),
    path("forum/<slug:slug>/sous-titres/", audience_pages.caption_editor, name="caption_editor"),
    path(
        "forum/<slug:slug>/sous-titres/publication/",
        audience_pages.caption_publish,
        name="caption_publish",
    ),
    path("forum/<slug:slug>/sous-titres.vtt", audience_pages.captions_vtt, name="captions_vtt"),
]
