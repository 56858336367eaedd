from django.dispatch import receiver
from django_tasks import task

from . import services
from .models import Video
from .signals import transcoding_requested


@task()
def transcode_video(video_id: int) -> str:
    """Background adapter: the database worker (`manage.py db_worker`) runs the transcoding."""
    video = Video.objects.filter(pk=video_id).first()
    if video is None:
        return "deleted"  # replaced or removed before the worker got to it
    return services.transcode(video=video).status


@receiver(transcoding_requested, sender=Video, dispatch_uid="media.queue_the_transcoding")
def queue_the_transcoding(sender, video_id, **kwargs):
    transcode_video.enqueue(video_id)
