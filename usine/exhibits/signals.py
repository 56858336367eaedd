"""A testimonial's or demo's new video goes online by itself once it is transcoded."""

from django.dispatch import receiver

from usine.media.models import Video
from usine.media.signals import video_ready

from . import services


@receiver(video_ready, sender=Video, dispatch_uid="exhibits.promote_ready_video")
def promote_ready_video(sender, video, **kwargs):
    services.promote_ready_video(video=video)
