"""One cache for every process of the fair: what the task worker changes, the web processes
serve within a second; a rate limit counted by one web process holds in another. Proved with real
processes, for both forms of the cache: the data folder (no REDIS_URL) and Redis."""

import asyncio
import json
import re
import subprocess
import sys
import time

import httpx
import pytest

from tests.exhibits.factories import TestimonialFactory
from tests.fair.factories import BuildingFactory
from tests.media.clips import make_clip, upload_of, vtt_upload
from tests.servers import ROOT, process_env, redis_server, uvicorn_server
from usine.exhibits import services as exhibits
from usine.schools.join import FREE_FAILURES_PER_ADDRESS, RATE_WINDOW_SECONDS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["folder", "redis"])
def fair_env(request, tmp_path, settings):
    """The environment shared by the fair's processes: data folder, media folder and, in the
    scale-out form, Redis."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    extra = {"MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    if request.param == "folder":
        yield process_env(data_dir, **extra)
    else:
        with redis_server(tmp_path) as redis_url:
            yield process_env(data_dir, REDIS_URL=redis_url, **extra)


def town_testimonials(base_url: str, slug: str) -> int:
    town = httpx.get(f"{base_url}/api/town", timeout=5).json()
    return next(b["testimonial_count"] for b in town["buildings"] if b["slug"] == slug)


def test_a_video_transcoded_by_the_worker_shows_in_the_town_of_the_web_process_within_a_second(
    fair_env, tmp_path
):
    building = BuildingFactory()
    testimonial = TestimonialFactory(company=building.company, published=True)
    clip = make_clip(tmp_path / "clip.mp4", seconds=1)
    exhibits.upload_testimonial_video(
        testimonial=testimonial, upload=upload_of(clip), captions=vtt_upload()
    )

    with uvicorn_server(fair_env, tmp_path / "web.log") as web:
        assert town_testimonials(web, building.slug) == 0  # now in the web process's cache

        subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload",
             "--no-startup-delay"],
            cwd=ROOT, env=fair_env, check=True, timeout=120, capture_output=True,
        )  # fmt: skip
        worker_done = time.monotonic()
        while town_testimonials(web, building.slug) != 1:
            assert time.monotonic() - worker_done < 1, "the web process still shows 0 testimonials"
            time.sleep(0.05)
        page = httpx.get(f"{web}{building.get_absolute_url()}", timeout=5).text
        assert page.count("<video") == 1


def csrf_token(client: httpx.Client, url: str) -> str:
    page = client.get(url).text
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def start_of_a_window(margin_seconds: float = 45) -> None:
    """Failures are counted over fixed windows: counted across a window's end, the second
    process would rightly start from none. Near an end, wait for the next window."""
    left = RATE_WINDOW_SECONDS - time.time() % RATE_WINDOW_SECONDS
    if left < margin_seconds:
        time.sleep(left + 0.5)


def test_a_rate_limit_counted_by_one_web_process_holds_in_the_other(fair_env, tmp_path):
    """The free failures are spent on the first process; the second counts on from them. Its
    waits double from one second, so on a loaded machine a try may come after a wait ended: each
    such try is a counted failure that doubles the next wait, and a refusal must come within a few.
    A second process counting on its own would never refuse before its 201st failure."""
    with (
        uvicorn_server(fair_env, tmp_path / "first.log") as first,
        uvicorn_server(fair_env, tmp_path / "second.log") as second,
        httpx.Client(base_url=first, timeout=5) as first_client,
        httpx.Client(base_url=second, timeout=5) as second_client,
    ):
        first_token = csrf_token(first_client, "/rejoindre/")
        second_token = csrf_token(second_client, "/rejoindre/")
        start_of_a_window()
        for _attempt in range(FREE_FAILURES_PER_ADDRESS):
            answer = first_client.post(
                "/rejoindre/", data={"code": "ABCD", "csrfmiddlewaretoken": first_token}
            )
            assert answer.status_code == 400
        statuses = []
        for _attempt in range(6):
            answer = second_client.post(
                "/rejoindre/", data={"code": "ABCD", "csrfmiddlewaretoken": second_token}
            )
            statuses.append(answer.status_code)
            if answer.status_code == 429:
                break
        assert statuses[0] == 400
        assert statuses[-1] == 429
        assert "Trop d&#x27;essais en peu de temps" in answer.text


@pytest.mark.parametrize(
    ("environment", "site_url"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"HOST": "0.0.0.0", "PORT": "8080"}, "http://localhost:8080"),
        ({"SITE_URL": "https://salon.example.org", "PORT": "8080"}, "https://salon.example.org"),
    ],
)
def test_the_site_url_defaults_to_the_address_make_run_serves(environment, site_url, tmp_path):
    env = {
        key: value
        for key, value in process_env(tmp_path).items()
        if key not in ("HOST", "PORT", "SITE_URL")
    }
    printed = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        env={**env, "DJANGO_SETTINGS_MODULE": "usine.settings", **environment},
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert printed.stdout.strip() == site_url


def test_the_production_form_passes_djangos_deployment_checks(tmp_path):
    env = {
        **process_env(tmp_path),
        "DJANGO_SETTINGS_MODULE": "usine.settings",
        "HTTPS": "1",
        "SECRET_KEY": "x" * 20 + "-a-long-random-production-key-" + "y" * 30,
        "ALLOWED_HOSTS": "salon.example.org",
        # The legal notice names its publisher and host (usine/about/checks.py).
        "ORGANIZER_NAME": "Association Industrie Demain",
        "ORGANIZER_ADDRESS": "12 rue des Forges, 44600 Saint-Nazaire",
        "ORGANIZER_EMAIL": "contact@industrie-demain.fr",
        "HOSTING_PROVIDER": "OVH SAS",
    }
    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout


@pytest.mark.parametrize(
    ("environment", "media_origins", "playlist_url"),
    [
        ({}, [], "/media/videos/hls/1-a/master.m3u8"),
        (
            {"AWS_STORAGE_BUCKET_NAME": "usine", "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000"},
            ["http://127.0.0.1:9000"],
            "http://127.0.0.1:9000/usine/videos/hls/1-a/master.m3u8",
        ),
        (
            {
                "AWS_STORAGE_BUCKET_NAME": "usine",
                "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
                "AWS_S3_CUSTOM_DOMAIN": "media.salon.example.org",
            },
            ["https://media.salon.example.org"],
            "https://media.salon.example.org/videos/hls/1-a/master.m3u8",
        ),
        (
            {"AWS_STORAGE_BUCKET_NAME": "usine", "AWS_S3_REGION_NAME": "eu-west-3"},
            ["https://usine.s3.amazonaws.com", "https://usine.s3.eu-west-3.amazonaws.com"],
            "https://usine.s3.amazonaws.com/videos/hls/1-a/master.m3u8",
        ),
    ],
)
def test_media_on_s3_come_from_the_variables_and_the_policy_lets_the_player_read_them(
    environment, media_origins, playlist_url, tmp_path
):
    env = {key: value for key, value in process_env(tmp_path).items() if not key.startswith("AWS_")}
    printed = subprocess.run(
        [sys.executable, "-c",
         "import json, django; django.setup(); from django.conf import settings; "
         "from django.core.files.storage import default_storage as storage; "
         "print(json.dumps([settings.CONTENT_SECURITY_POLICY['DIRECTIVES'], "
         "storage.url('videos/hls/1-a/master.m3u8')]))"],
        env={**env, "DJANGO_SETTINGS_MODULE": "usine.settings", **environment},
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    directives, url = json.loads(printed.stdout)
    assert directives["media-src"] == ["'self'", "blob:", *media_origins]
    assert directives["connect-src"] == ["'self'", *media_origins]
    assert directives["img-src"] == ["'self'", "data:", "blob:", *media_origins]
    assert url == playlist_url


def test_a_socket_waiting_in_silence_on_the_redis_channel_layer_is_not_cut_off(tmp_path):
    """A session bar or a room socket waits for the layer's next message as long as it lives;
    redis-py 8's default 5 s read timeout once failed that wait (and closed the socket)."""
    from channels_redis.core import RedisChannelLayer

    from usine.settings import redis_channel_host

    async def wait_in_silence(url: str) -> None:
        layer = RedisChannelLayer(hosts=[redis_channel_host(url)])
        channel = await layer.new_channel()
        try:
            with pytest.raises(TimeoutError):  # asyncio's: nothing came, nothing failed
                await asyncio.wait_for(layer.receive(channel), timeout=7)
        finally:
            await layer.close_pools()

    with redis_server(tmp_path) as redis_url:
        asyncio.run(wait_in_silence(redis_url))
