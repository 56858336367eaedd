"""A testimonial's or demo's new video goes online by itself once it is transcoded."""

from django.dispatch import receiver

from usine.media.signals import video_ready


@receiver(video_ready, dispatch_uid="exhibits.promote_ready_video")
def promote_ready_video(sender, video, **kwargs):
    from . import services  # services imports media, which is fine once apps are ready

    services.promote_ready_video(video=video)
