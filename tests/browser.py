"""Serve a built book on 127.0.0.1 and drive it with headless Chromium.

Playwright cannot download its own browser here, so Debian's Chromium is
launched from :data:`CHROMIUM`.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 -- the base class names it so
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on a free port of 127.0.0.1; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium_page() -> Iterator[object]:
    """Yield a new Playwright page in headless Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


# The search page sets the summary line once every result is shown.
_SEARCH_FINISHED = """() => {
  const summary = document.querySelector("#search-results .search-summary");
  return summary !== null && summary.innerText.trim() !== "";
}"""


def search(page, base_url: str, query: str, timeout_ms: float = 20_000) -> list[tuple[str, str]]:
    """Run ``query`` on the book's search page; return each result's link and text, in order."""
    page.goto(f"{base_url}search.html?q={urllib.parse.quote(query)}")
    page.wait_for_function(_SEARCH_FINISHED, timeout=timeout_ms)
    return page.eval_on_selector_all(
        "#search-results ul.search li > a",
        "links => links.map(link => [link.getAttribute('href'), link.innerText])",
    )
