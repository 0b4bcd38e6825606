"""Headless Chromium and a local web server for the browser tests.

Playwright drives Debian's ``chromium`` package because Playwright's own
browser download cannot run here. ``.ci/run`` installs the package when it is
missing. Without it the browser tests are skipped with the reason.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

ARTIFACTS_DIR = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium() -> str | None:
    """Return the Chromium executable: ``COURSEBOOK_CHROMIUM``, /usr/bin/chromium or ``chromium`` on PATH."""
    configured = os.environ.get("COURSEBOOK_CHROMIUM")
    if configured:
        return configured
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip("Chromium is not installed: install Debian's chromium package (.ci/run does) to run browser tests")
    return path


# Playwright's sync API runs one event loop per thread, so a second
# sync_playwright() while another is open fails. Every test shares this one.
_SHARED: dict[str, object] = {}


def shared_browser(executable: str):
    """Return the session's headless Chromium, launching it on first use."""
    if "browser" not in _SHARED:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _SHARED["playwright"] = playwright
        _SHARED["browser"] = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    return _SHARED["browser"]


def close_shared_browser() -> None:
    browser = _SHARED.pop("browser", None)
    playwright = _SHARED.pop("playwright", None)
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    yield shared_browser(chromium_path)
    close_shared_browser()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 at a free port and yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class ConsoleLog:
    """Console errors and uncaught page errors collected while a page runs."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _on_console(self, message) -> None:
        # Chromium requests /favicon.ico at a moment of its choosing. The book
        # has none, and that 404 says nothing about the page.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            self.errors.append(f"console.error: {message.text}")


def errors_without_coursebook_script(browser, url: str, init_script: str | None = None) -> list[str]:
    """Load ``url`` in a fresh context with ``coursebook.js`` served empty and return the errors logged.

    The theme logs errors of its own: an unset colour mode on a first visit,
    and uncaught errors when ``localStorage`` throws. A test therefore
    compares the errors of a fresh context running the course script with
    this baseline.
    """
    context = browser.new_context()
    try:
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        page.route("**/_static/coursebook.js*", lambda route: route.fulfill(status=200, body="", content_type="text/javascript"))
        log = ConsoleLog(page)
        page.goto(url, wait_until="networkidle")
        return sorted(log.errors)
    finally:
        context.close()


# Tests that open their own page without the fixtures use this executable.
CHROMIUM = find_chromium() or "/usr/bin/chromium"


@contextlib.contextmanager
def chromium_page(**options) -> Iterator[object]:
    """Yield a new page in the session's headless Chromium; ``options`` go to ``new_page``."""
    page = shared_browser(CHROMIUM).new_page(**options)
    try:
        yield page
    finally:
        page.close()


# The search page sets the summary line once every result is shown.
_SEARCH_FINISHED = """() => {
  const summary = document.querySelector("#search-results .search-summary");
  return summary !== null && summary.innerText.trim() !== "";
}"""


def search(page, base_url: str, query: str, timeout_ms: float = 20_000) -> list[tuple[str, str]]:
    """Run ``query`` on the book's search page; return each result's link and text, in order."""
    page.goto(f"{base_url}/search.html?q={urllib.parse.quote(query)}")
    page.wait_for_function(_SEARCH_FINISHED, timeout=timeout_ms)
    return page.eval_on_selector_all(
        "#search-results ul.search li > a",
        "links => links.map(link => [link.getAttribute('href'), link.innerText])",
    )
