"""The video pipeline's signals; each is sent after the transaction that made it true commits.

`transcoding_requested` (`video_id=`): a stored video waits for its transcoding (`tasks` queues it).
`video_ready`, `video_failed` (`video=` the Video): a transcoding finished.
"""

from django.dispatch import Signal

transcoding_requested = Signal()
video_ready = Signal()
video_failed = Signal()
