"""Measure what a browser downloads for one page, by kind, raw and gzip-compressed.

Headless Chromium loads the page from a local server, and every response
with a body is counted once by its URL. The gzip column compresses text
(HTML, scripts, styles, JSON, SVG) at level 6, zlib's default, which Apache's
mod_deflate uses. nginx defaults to level 1, which compresses less. Formats
that are compressed already (WOFF2, WebP, PNG, JPEG) count at their raw
size, because a server sends those unchanged.
"""

from __future__ import annotations

import collections
import dataclasses as dc
import gzip
import hashlib
from urllib.parse import urlsplit

KINDS = ("html", "images", "scripts", "styles", "fonts", "other")

# Chromium's resource type for each request, mapped to the benchmark's kinds.
_RESOURCE_KINDS = {
    "document": "html",
    "image": "images",
    "script": "scripts",
    "stylesheet": "styles",
    "font": "fonts",
}
_COMPRESSIBLE_SUFFIXES = (".html", ".js", ".css", ".json", ".svg", ".txt", ".map")
GZIP_LEVEL = 6


@dc.dataclass
class Download:
    """One response body the page loaded."""

    url: str
    kind: str
    raw: int
    gzip: int
    sha256: str


@dc.dataclass
class PageWeight:
    """The downloads of one page load, and how often each URL was requested."""

    downloads: list[Download]
    requests: collections.Counter[str]

    def raw(self, kind: str) -> int:
        return sum(download.raw for download in self.downloads if download.kind == kind)

    def gzip(self, kind: str) -> int:
        return sum(download.gzip for download in self.downloads if download.kind == kind)

    def count(self, kind: str) -> int:
        return sum(1 for download in self.downloads if download.kind == kind)


def transfer_size(url: str, body: bytes) -> int:
    """Return the bytes a gzip-enabled server sends for ``body``."""
    path = urlsplit(url).path
    if path.endswith(_COMPRESSIBLE_SUFFIXES) or path.endswith("/"):
        return len(gzip.compress(body, GZIP_LEVEL, mtime=0))
    return len(body)


# Opens every <details> (the solutions and hints) and scrolls to each image,
# so lazily loaded images start downloading.
_OPEN_EVERYTHING = """async () => {
  for (const details of document.querySelectorAll("details")) details.open = true;
  for (const image of document.querySelectorAll("article img")) {
    image.scrollIntoView();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}"""
_IMAGES_COMPLETE = "() => [...document.querySelectorAll('article img')].every((image) => image.complete)"


def measure_page(
    browser,
    url: str,
    *,
    viewport: dict[str, int] | None = None,
    java_script: bool = True,
    open_details: bool = False,
) -> PageWeight:
    """Load ``url`` in a fresh context and return every response body it downloaded.

    The page counts as loaded when the network has been idle for 500 ms and,
    with JavaScript, every web font it uses has arrived. With
    ``open_details`` the reader also opens every solution and hint and
    scrolls through the images, which needs JavaScript in the page.
    """
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 800}, java_script_enabled=java_script)
    responses = []
    try:
        page = context.new_page()
        page.on("response", lambda response: responses.append(response))
        page.goto(url, wait_until="networkidle")
        if java_script:
            page.evaluate("document.fonts.ready.then(() => true)")
            if open_details:
                page.evaluate(_OPEN_EVERYTHING)
                page.wait_for_function(_IMAGES_COMPLETE, timeout=20_000)
            page.wait_for_load_state("networkidle")
        return _collect(responses)
    finally:
        context.close()


def _collect(responses) -> PageWeight:
    downloads: dict[str, Download] = {}
    requests: collections.Counter[str] = collections.Counter()
    for response in responses:
        address = response.url.split("#", 1)[0]
        # Chromium requests /favicon.ico on its own, and the book has none.
        if address.endswith("/favicon.ico"):
            continue
        requests[address] += 1
        if address in downloads or response.status != 200:
            continue
        body = response.body()
        kind = _RESOURCE_KINDS.get(response.request.resource_type, "other")
        downloads[address] = Download(
            address, kind, len(body), transfer_size(address, body), hashlib.sha256(body).hexdigest()
        )
    return PageWeight(list(downloads.values()), requests)
