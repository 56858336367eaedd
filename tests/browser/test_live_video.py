"""Live video end to end: a real Janus, the real pages served by the real ASGI server, and two
real Chromium pages with a fake camera — the professional publishes, a pupil watches.

Janus, the web server and Chromium all run in a private network namespace (see tests/netns.py):
Janus ignores loopback interfaces for ICE, and nothing may leave the machine.
"""

import json
import os
import shutil
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.live.janus_server import free_port, start_janus, stop_janus
from tests.netns import private_network, run_inside, wrapper_script
from tests.schools.factories import BookingFactory, PupilFactory
from tests.tools import require
from tests.users.factories import UserFactory
from usine.live.models import LiveRoom
from usine.schools.join import PUPIL_SESSION_KEY

from .conftest import CHROMIUM, CHROMIUM_ARGS, FRONTEND, MANIFEST, ROOT, csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEDIA_ARGS = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]
# Counts calls to getUserMedia (all its spellings) before any script of the page runs.
COUNT_GET_USER_MEDIA = """
window.__getUserMediaCalls = 0;
(() => {
  const count = (owner, name) => {
    const original = owner && owner[name];
    if (typeof original !== "function") return;
    owner[name] = function (...args) {
      window.__getUserMediaCalls += 1;
      return original.apply(this, args);
    };
  };
  count(navigator.mediaDevices, "getUserMedia");
  count(navigator, "getUserMedia");
  count(navigator, "webkitGetUserMedia");
})();
"""
# True once the page's first remote video has a size and its time has moved on by 1 s.
VIDEO_MOVES = """
async () => {
  const video = document.querySelector("[data-live-video-remote] video");
  if (!video || !video.videoWidth || !video.videoHeight) return null;
  const start = video.currentTime;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return {width: video.videoWidth, height: video.videoHeight, start, end: video.currentTime};
}
"""


def ensure_live_client() -> None:
    """Builds the client if its live video entry is missing (make test normally built it)."""
    if MANIFEST.exists() and "src/live-video.js" in json.loads(MANIFEST.read_text()):
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("The live video client is not built and npm is missing: run `make client`.")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True)
    subprocess.run([shutil.which("npx") or "npx", "vite", "build"], cwd=FRONTEND, check=True)


def start_web_server(prefix, port, janus, data_dir):
    """The project's ASGI app under uvicorn, inside the namespace, on the test's database."""
    from django.conf import settings

    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.browser.live_video_settings",
        "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
        "SECRET_KEY": settings.SECRET_KEY,
        "USINE_DATA_DIR": str(data_dir),
        **janus.settings(),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log = (data_dir / "web.log").open("wb")
    process = subprocess.Popen(
        [*prefix, sys.executable, "-m", "uvicorn", "usine.asgi:application",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited: {(data_dir / 'web.log').read_text()[-2000:]}")
        probe = subprocess.run(
            [*prefix, "curl", "-fsS", "--max-time", "1", f"http://127.0.0.1:{port}/healthz"],
            capture_output=True,
        )
        if probe.returncode == 0:
            return process
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"uvicorn did not answer: {(data_dir / 'web.log').read_text()[-2000:]}")


def stop_process(process):
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def session_cookie(*, user=None, pupil=None) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    else:
        session = client.session
        session[PUPIL_SESSION_KEY] = pupil.pk
        session.save()
        client.cookies["sessionid"] = session.session_key
    return client.cookies["sessionid"].value


def new_page(browser, base_url, cookie):
    context = browser.new_context(locale="fr-FR", base_url=base_url)
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": base_url}])
    context.add_init_script(COUNT_GET_USER_MEDIA)
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    csp_violations(page, into=errors)
    return page, errors


def test_the_professional_publishes_and_a_pupil_sees_moving_video(playwright_instance, tmp_path):
    require("janus")
    ensure_live_client()
    room = LiveRoom.objects.create(
        booking=BookingFactory(), professional=UserFactory(first_name="Inès", last_name="Durand")
    )
    pupil = PupilFactory(school_class=room.booking.school_class)
    professional_cookie = session_cookie(user=room.professional)
    pupil_cookie = session_cookie(pupil=pupil)
    url = reverse("live:room_video", args=[room.pk])

    janus = web = browser = None
    with private_network() as netns:
        try:
            prefix = run_inside(netns)
            janus = start_janus(tmp_path / "janus", prefix=prefix)
            port = free_port()
            web = start_web_server(prefix, port, janus, tmp_path)
            base_url = f"http://127.0.0.1:{port}"
            browser = playwright_instance.chromium.launch(
                executable_path=str(wrapper_script(netns, CHROMIUM, tmp_path)),
                args=[*CHROMIUM_ARGS, *MEDIA_ARGS],
            )

            professional, professional_errors = new_page(browser, base_url, professional_cookie)
            professional.goto(url)
            professional.wait_for_selector("[data-live-video][data-state=publishing]")
            assert professional.locator("[data-live-video-local]").is_visible()

            watcher, watcher_errors = new_page(browser, base_url, pupil_cookie)
            watcher.goto(url)
            assert watcher.locator("[data-live-video-publish]").count() == 0
            watcher.wait_for_selector("[data-live-video][data-state=live]")
            moving = None
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                moving = watcher.evaluate(VIDEO_MOVES)
                if moving and moving["end"] > moving["start"]:
                    break
                time.sleep(0.5)

            assert moving is not None, "the pupil's video never got a size"
            assert moving["width"] > 0
            assert moving["height"] > 0
            assert moving["end"] > moving["start"], moving
            assert watcher.locator("figcaption", has_text="Inès Durand").count() == 1
            # The pupil's page never asked for a camera or a microphone; the counter works.
            assert watcher.evaluate("window.__getUserMediaCalls") == 0
            assert professional.evaluate("window.__getUserMediaCalls") >= 1
            assert professional_errors == []
            assert watcher_errors == []
        finally:
            if browser is not None:
                browser.close()
            stop_process(web)
            if janus is not None:
                stop_janus(janus)


def test_the_namespace_has_no_route_out():
    """The test's traffic cannot leave the machine: the namespace has no route but its own."""
    with private_network() as netns:
        routes = subprocess.run(
            [*run_inside(netns), "ip", "-4", "route", "show", "table", "main"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    assert routes.split() in ([], ["127.0.0.2", "dev", "v0", "proto", "kernel", "scope", "link"])
    assert "default" not in routes


def test_the_selftest_page_checks_websocket_webrtc_and_hls(page, live_server, settings, tmp_path):
    """On the machine's own loopback: the checks need no media path to Janus. A Janus of its
    own, since the test stops it."""
    janus = start_janus(tmp_path / "janus")
    try:
        for name, value in janus.settings().items():
            setattr(settings, name, value)
        client = Client()
        client.force_login(UserFactory())
        cookie = client.cookies["sessionid"].value
        page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])

        page.goto(live_server.url + reverse("live:selftest"))
        page.wait_for_selector("body[data-selftest]", timeout=20_000)

        results = page.eval_on_selector_all(
            "[data-check]", "items => items.map(i => [i.dataset.check, i.dataset.result])"
        )
        assert results == [["websocket", "ok"], ["webrtc", "ok"], ["hls", "ok"]]
        assert page.locator("[data-selftest-summary]").inner_text() == (
            "Tout fonctionne : cet ordinateur est prêt pour l'échange en direct."
        )
        stop_janus(janus)  # the next run of the checks finds the video server gone
        page.click("[data-selftest-run]")
        page.wait_for_selector("body[data-selftest=fail]", timeout=20_000)
        assert page.get_attribute("[data-check=websocket]", "data-result") == "fail"
        assert page.locator("[data-selftest-summary]").inner_text().startswith("Un test a échoué")
    finally:
        stop_janus(janus)
