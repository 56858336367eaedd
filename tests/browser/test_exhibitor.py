"""An exhibitor in a real Chromium: uploads a testimonial video with its captions, follows the
transcoding done by a real task worker without reloading, publishes it, and visitors see it;
edits the company and building, and keeps a video whose caption file was wrong."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from PIL import Image

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
    # What the page shows when the conversion ends, noted where a reload cannot erase it: the
    # page reloads itself 1.5 s later, maybe before the worker's process has even exited.
    page.evaluate(
        """() => {
          window.__samePage = true;  // gone if the page reloads by itself
          const box = document.querySelector("[data-video-progress]");
          new MutationObserver(() => {
            if (box.dataset.status !== "ready") return;
            sessionStorage.setItem("ready", JSON.stringify({
              samePage: window.__samePage === true,
              bar: box.querySelector("progress").value,
              text: box.querySelector("[data-progress-text]").textContent.trim(),
            }));
          }).observe(box, {attributes: true, attributeFilter: ["data-status"]});
        }"""
    )

    run_worker(settings)

    wait_until(page, "sessionStorage.getItem('ready') !== null")
    seen = page.evaluate("JSON.parse(sessionStorage.getItem('ready'))")
    assert seen == {"samePage": True, "bar": 100, "text": "prête"}

    page.goto(f"{live_server.url}/exposant/temoignages/{testimonial.pk}/publication/")
    page.get_by_role("button", name="Publier").click()
    page.goto(f"{live_server.url}/batiments/vannes-aix/")
    assert page.locator("article.testimonial h3").text_content().startswith("Inès")
    assert page.locator("video.hls-video track").get_attribute("kind") == "captions"


def test_exhibitor_edits_the_company_and_keeps_the_video_when_its_captions_are_wrong(
    page, live_server, settings, tmp_path
):
    exhibitor = ExhibitorFactory(user__username="exposant", company__name="Vannes du Sud")
    BuildingFactory(company=exhibitor.company, slug="vannes-aix", look="workshop")
    testimonial = TestimonialFactory(company=exhibitor.company, first_name="Inès")
    clip = make_clip(tmp_path / "ines.mp4", seconds=8)
    bad_captions = tmp_path / "faux.vtt"
    bad_captions.write_bytes(b"WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nTrop tard\n")
    captions = tmp_path / "ines.vtt"
    captions.write_bytes(GOOD_VTT)
    logo = tmp_path / "logo.png"
    Image.new("RGB", (800, 400), (0, 90, 160)).save(logo)

    page.goto(f"{live_server.url}/comptes/login/")
    page.get_by_label("Identifiant").fill("exposant")
    page.get_by_label("Mot de passe").fill("motdepasse-solide-42")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/exposant/")

    page.get_by_role("link", name="Ma société et mon bâtiment").click()
    page.get_by_label("Nom de l'entreprise").fill("Vannes et Robinets d'Aix")
    page.get_by_label("Description du bâtiment").fill("Un atelier de fonderie au bord du port.")
    page.get_by_label("raffinerie").check()
    page.get_by_label("Nouveau logo").set_input_files(logo)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"{live_server.url}/exposant/")
    assert page.locator(".messages").text_content().strip() == (
        "Votre entreprise et votre bâtiment sont à jour."
    )

    page.get_by_role("link", name="Vidéo et sous-titres — Inès").click()
    page.get_by_label("Fichier vidéo").set_input_files(clip)
    page.get_by_label("Sous-titres (WebVTT)").set_input_files(bad_captions)
    page.evaluate(
        """() => {
          window.__said = [];
          const text = document.querySelector("[data-upload-text]");
          new MutationObserver(() => window.__said.push(text.textContent))
            .observe(text, {childList: true, characterData: true, subtree: true});
        }"""
    )
    # A school line: the clip takes about two seconds to go up, so progress has steps to show.
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 20,
            "downloadThroughput": -1,
            "uploadThroughput": clip.stat().st_size / 2,
        },
    )
    page.get_by_role("button", name="Envoyer").click()
    wait_until(page, "document.getElementById('video-received') !== null", timeout=60_000)
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )

    said = page.evaluate("window.__said")
    percents = [int(s.split(": ")[1].rstrip(" %")) for s in said if s.startswith("Envoi du")]
    assert percents[0] == 0
    assert len(set(percents)) >= 3  # the bar moved while the file went up
    assert percents == sorted(percents)
    assert said[-1] == "Fichier envoyé : vérification de la vidéo…"
    assert page.locator("#video-received").text_content().startswith("Vidéo reçue : ines.mp4.")
    assert page.locator(".errorlist").text_content().strip() == (
        "Le sous-titre n° 1 (00:00:02.000) finit avant de commencer."
    )
    assert page.get_by_label("Fichier vidéo").count() == 0  # the video is not asked again

    page.get_by_label("Sous-titres (WebVTT)").set_input_files(captions)
    page.get_by_role("button", name="Enregistrer les sous-titres").click()
    page.wait_for_url(f"{live_server.url}/exposant/temoignages/{testimonial.pk}/video/")
    assert page.locator(".messages").text_content().strip() == "Sous-titres enregistrés."

    run_worker(settings)

    page.goto(f"{live_server.url}/exposant/temoignages/{testimonial.pk}/publication/")
    page.get_by_role("button", name="Publier").click()
    page.goto(f"{live_server.url}/batiments/vannes-aix/")
    assert page.locator(".company-line strong").text_content() == "Vannes et Robinets d'Aix"
    assert page.locator(".building-description").text_content() == (
        "Un atelier de fonderie au bord du port."
    )
    assert page.locator("img.company-logo").evaluate("img => img.naturalWidth") == 512
    assert page.locator("article.testimonial h3").text_content().startswith("Inès")
    assert page.locator("video.hls-video track").get_attribute("kind") == "captions"
    page.screenshot(path=str(tmp_path / "building.png"), full_page=True)
