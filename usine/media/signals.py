"""Sent after the transaction that finished a transcoding commits, with `video=` the Video."""

from django.dispatch import Signal

video_ready = Signal()
video_failed = Signal()
