"""An exhibitor in a real Chromium: uploads a testimonial video with its captions, follows the
transcoding done by a real task worker without reloading, publishes it, and visitors see it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.browser.conftest import wait_until
from tests.exhibits.factories import ExhibitorFactory, TestimonialFactory
from tests.fair.factories import BuildingFactory
from tests.media.clips import GOOD_VTT, make_clip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def run_worker(settings) -> subprocess.CompletedProcess:
    """The real background worker, in its own process, on the test's database (a file: see
    settings.DATABASES TEST) and media folder."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_exhibitor_uploads_follows_and_publishes_a_testimonial(
    page, live_server, settings, tmp_path
):
    exhibitor = ExhibitorFactory(user__username="exposant")
    BuildingFactory(company=exhibitor.company, slug="vannes-aix")
    testimonial = TestimonialFactory(company=exhibitor.company, first_name="Inès")
    clip = make_clip(tmp_path / "ines.mp4", seconds=8)
    captions = tmp_path / "ines.vtt"
    captions.write_bytes(GOOD_VTT)

    page.goto(f"{live_server.url}/comptes/login/")
    page.get_by_label("Identifiant").fill("exposant")
    page.get_by_label("Mot de passe").fill("motdepasse-solide-42")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/exposant/")

    page.goto(f"{live_server.url}/exposant/temoignages/{testimonial.pk}/video/")
    page.get_by_label("Fichier vidéo").set_input_files(clip)
    page.get_by_label("Sous-titres (WebVTT)").set_input_files(captions)
    page.get_by_role("button", name="Envoyer").click()

    progress = page.locator("[data-video-progress]")
    assert progress.locator("[data-progress-text]").text_content().strip() == "en attente — 0 %"
    page.evaluate("window.__samePage = true")  # gone if the page reloads by itself

    run_worker(settings)

    wait_until(page, "document.querySelector('[data-video-progress]')?.dataset.status === 'ready'")
    assert page.evaluate("window.__samePage") is True
    assert progress.locator("progress").evaluate("bar => bar.value") == 100
    assert progress.locator("[data-progress-text]").text_content().strip() == "prête"

    page.goto(f"{live_server.url}/exposant/temoignages/{testimonial.pk}/publication/")
    page.get_by_role("button", name="Publier").click()
    page.goto(f"{live_server.url}/batiments/vannes-aix/")
    assert page.locator("article.testimonial h3").text_content().startswith("Inès")
    assert page.locator("video.hls-video track").get_attribute("kind") == "captions"
