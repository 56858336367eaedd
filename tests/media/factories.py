"""Videos, as the media pipeline leaves them."""

import factory

from usine.media.models import Video

SAMPLE_VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nBonjour, je suis soudeuse.\n"


class VideoFactory(factory.django.DjangoModelFactory):
    """A transcoded video with captions (files are placeholders; use the media tests' real
    clip when the bytes matter). `VideoFactory(pending=True)` is a fresh upload."""

    class Meta:
        model = Video

    class Params:
        pending = factory.Trait(
            status=Video.Status.PENDING, progress=0, playlist="", poster="", captions=None
        )

    source = factory.django.FileField(filename="clip.mp4", data=b"not really a video")
    status = Video.Status.READY
    progress = 100
    duration_s = 3.0
    width = 640
    height = 360
    playlist = factory.Sequence(lambda n: f"videos/hls/{n}-test/master.m3u8")
    poster = factory.Sequence(lambda n: f"videos/hls/{n}-test/poster.jpg")
    captions = factory.django.FileField(filename="captions.vtt", data=SAMPLE_VTT)
