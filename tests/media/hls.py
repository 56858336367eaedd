"""Reading an HLS ladder over HTTP as a player does: the master playlist, each rendition's
playlist, each segment, every link resolved against the URL it was read from."""

import re
from urllib.parse import urljoin

import httpx


def playlist_links(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def fetch_ladder(master_url: str) -> dict[str, httpx.Response]:
    """Every file a player may fetch, by URL; fails on the first one that does not answer 200."""
    fetched: dict[str, httpx.Response] = {}
    with httpx.Client(timeout=10) as client:

        def get(url: str) -> httpx.Response:
            response = client.get(url)
            assert response.status_code == 200, f"{url}: {response.status_code}"
            fetched[url] = response
            return response

        master = get(master_url).text
        assert master.startswith("#EXTM3U")
        for variant in playlist_links(master):
            variant_url = urljoin(master_url, variant)
            playlist = get(variant_url).text
            assert "#EXT-X-ENDLIST" in playlist
            for segment in playlist_links(playlist):
                get(urljoin(variant_url, segment))
    return fetched


def resolutions(master: str) -> list[str]:
    return re.findall(r"RESOLUTION=(\d+x\d+)", master)
