"""Shared fixtures of the browser tests: one Chromium (Debian's, driven by Playwright) for the
session, a fresh page per test, and the built town client."""

import asyncio
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache

# Playwright's sync API runs an event loop in this thread; the ORM calls made by factories
# here are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
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
NO_WEBGL_ARGS = [*CHROMIUM_ARGS, "--disable-webgl", "--disable-3d-apis"]
# The user's choice wins over the automatic switch to low quality, which would otherwise kick in
# on the software renderer (SwiftShader) in the middle of a test.
KEEP_HIGH_QUALITY = """
try {
  const key = "usine.town.quality";
  if (!localStorage.getItem(key)) localStorage.setItem(key, "high");
} catch (error) {}
"""


def build_client() -> None:
    """Builds the town client once if it is missing (make run/test normally did it already)."""
    if MANIFEST.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("The town client is not built and npm is missing: run `make client`.")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True)
    subprocess.run([shutil.which("npx") or "npx", "vite", "build"], cwd=FRONTEND, check=True)


def launch(playwright, args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium.")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=args)


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    build_client()
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = launch(playwright_instance, CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(
        viewport={"width": 1000, "height": 680},
        locale="fr-FR",
        reduced_motion="reduce",
    )
    context.add_init_script(KEEP_HIGH_QUALITY)
    yield context
    context.close()


def wait_until(page, expression: str, *, arg=None, timeout: float = 30_000) -> None:
    """Polls `expression` until it is truthy. Playwright's wait_for_function compiles its predicate
    with eval inside the page, which the fair's Content-Security-Policy forbids; evaluate() goes
    through the debugging protocol, which the policy does not govern."""
    if expression.lstrip().startswith("("):
        check = f"(arg) => Boolean(({expression})(arg))"
    else:
        check = f"() => Boolean({expression})"
    from playwright.sync_api import Error

    waited = 0.0
    while True:
        try:
            if bounded_evaluate(page, check, arg):
                return
        except TimeoutError:
            pass  # asked between two documents: ask the next one
        except Error as error:
            # The page is navigating (a form sent, a redirect): ask the next page.
            if "context was destroyed" not in str(error) and "navigat" not in str(error):
                raise
        if waited >= timeout:
            raise AssertionError(f"still false after {timeout / 1000:.0f} s: {expression}")
        page.wait_for_timeout(100)
        waited += 100


def bounded_evaluate(page, check: str, arg, *, within: float = 5.0):
    """page.evaluate, given up after `within` seconds. evaluate() has no timeout, and one asked
    while the page is between two documents can wait for an execution context that never comes
    (a test hung 72 minutes so in CI, polling while the pupil's page moved at minute 60): the
    call goes through the sync API's own loop with a deadline."""
    call = page._impl_obj.evaluate(expression=check, arg=arg)
    return page._sync(asyncio.wait_for(call, within))


def csp_violations(page, into: list[str] | None = None) -> list[str]:
    """Collects what the page's Content-Security-Policy refused (Chromium logs each refusal)."""
    refused: list[str] = [] if into is None else into
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    refused = csp_violations(page)
    yield page
    assert errors == [], f"JavaScript errors on the page: {errors}"
    assert refused == [], f"Refused by the Content-Security-Policy: {refused}"


@pytest.fixture(autouse=True)
def _fresh_town_cache():
    """The town's JSON is cached per language; every test builds its own town."""
    cache.clear()
    yield
    cache.clear()
