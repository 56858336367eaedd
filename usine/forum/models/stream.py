"""A stage's feed and a talk's stream: where encoders publish, where the HLS goes, the replay.

`StageFeed` is the stage's SRT port (one packager per stage, listening there while one of its
talks is on air; its RTP ports for the browser studio follow from it: studio.py). `TalkStream` is
one talk's side of it: where its feed comes from (the browser studio or an encoder), the
passphrase its speaker's encoder gives (a secret of the talk), the random folder its HLS is
written to under `forum/live/` (public, as every published video, but not guessable before the
talk is on air), when it went on air (time 0 of the replay and of its captions), and its replay
once the talk ended.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from usine.media.folders import LIVE_HLS_DIR

from ..ingest import new_passphrase


def new_folder() -> str:
    return f"{LIVE_HLS_DIR}{secrets.token_urlsafe(12)}"


class StageFeed(models.Model):
    stage = models.OneToOneField(
        "forum.Stage", models.CASCADE, related_name="feed", verbose_name=_("scène")
    )
    srt_port = models.PositiveIntegerField(_("port SRT"), unique=True)

    class Meta:
        verbose_name = _("arrivée du direct d'une scène")
        verbose_name_plural = _("arrivées du direct des scènes")

    def __str__(self):
        return f"{self.stage} : {self.srt_port}"


class TalkStream(models.Model):
    class Source(models.TextChoices):
        # Janus rtp_forward from the speaker's browser (usine/forum/studio.py).
        STUDIO = "studio", _("studio du navigateur")
        # OBS or a hardware encoder over SRT (usine/forum/ingest.py).
        ENCODER = "srt", _("encodeur (OBS, SRT)")

    talk = models.OneToOneField(
        "forum.Talk", models.CASCADE, related_name="stream", verbose_name=_("intervention")
    )
    source = models.CharField(
        _("arrivée du direct"), max_length=8, choices=Source, default=Source.ENCODER
    )
    passphrase = models.CharField(_("phrase secrète SRT"), max_length=64, default=new_passphrase)
    folder = models.CharField(_("dossier HLS"), max_length=120, unique=True, default=new_folder)
    # The first segment's time: second 0 of the replay, of its captions and chapters.
    on_air_at = models.DateTimeField(_("à l'antenne depuis"), null=True, blank=True)
    # The replay playlist closed as VOD: watchable from then on (with published captions).
    replay_closed_at = models.DateTimeField(_("replay fermé le"), null=True, blank=True)
    replay_seconds = models.FloatField(_("durée du replay (s)"), null=True, blank=True)
    # The replay as a video of the fair (poster, ladder, local disk or S3) once the pipeline ran.
    replay_video = models.OneToOneField(
        "media.Video",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_stream",
        verbose_name=_("vidéo du replay"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("direct d'une intervention")
        verbose_name_plural = _("directs des interventions")

    def __str__(self):
        return str(self.talk)

    @property
    def live_playlist(self) -> str:
        return f"{self.folder}/live.m3u8"

    @property
    def replay_playlist(self) -> str:
        return f"{self.folder}/replay.m3u8"
