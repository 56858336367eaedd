"""What the browser benchmarks share: the built town client, Debian's Chromium driven by
Playwright with software WebGL, and opening the town until its first frame is drawn."""

import contextlib
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
MANIFEST = ROOT / "usine" / "static" / "town" / ".vite" / "manifest.json"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--enable-unsafe-swiftshader",
    "--use-angle=swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 720}


def ensure_client() -> None:
    """Builds the town client if it is missing (collectstatic must see it)."""
    if MANIFEST.exists():
        return
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True)
    subprocess.run([shutil.which("npx") or "npx", "vite", "build"], cwd=FRONTEND, check=True)


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, *, quality: str | None = None, headers: dict | None = None):
    """A fresh context (empty cache); `quality` presets the visitor's choice of quality."""
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
    if headers:
        context.set_extra_http_headers(headers)
    if quality:
        context.add_init_script(f"localStorage.setItem('usine.town.quality', '{quality}')")
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page


def open_town(page, base_url: str) -> float:
    """Opens the town and waits for its first frame; returns that moment (performance.now, ms)."""
    page.goto(base_url + "/")
    # Polled with evaluate(): wait_for_function compiles its predicate with eval in the page,
    # which the fair's Content-Security-Policy refuses whenever the first check is false.
    page.evaluate(
        """async () => {
          while (!(window.usineTown && window.usineTown.loop)) {
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }"""
    )
    return page.evaluate("window.usineTown.ready.then(() => performance.now())")


def table(headers: list[str], rows: list[list]) -> str:
    cells = [headers, *[[str(cell) for cell in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row):
        return "  ".join(
            cell.rjust(width) if index else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        )

    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths), *map(line, cells[1:])])
