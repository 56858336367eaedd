from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .access import owned_video


@never_cache
@require_GET
def progress(request, pk: int):
    """The transcoding state of one video, polled every second by static/media/progress.js."""
    video = owned_video(user=request.user, video_id=pk)
    if video is None:
        return JsonResponse({"error": _("Vidéo introuvable.")}, status=404)
    return JsonResponse(
        {
            "status": video.status,
            "progress": video.progress,
            "error": video.error,
            "status_label": video.get_status_display(),
        }
    )
