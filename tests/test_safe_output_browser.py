"""Run the hostile fixture page in headless Chromium and check that no injected script runs.

The page comes from the same chapter and deck as :mod:`test_safe_output`:
every script the author could inject assigns ``window.pwned``. An init
script records such assignments before the page's own scripts run.
"""

from __future__ import annotations

import pytest

from browser import serve
from sphinx_build import BuildResult, build_root
from test_safe_output import CHAPTER_DOC, HOSTILE_CHAPTER, HOSTILE_DECK

pytestmark = [pytest.mark.build, pytest.mark.browser]

RECORD_WRITES = """
window.__pwnedWrites = [];
Object.defineProperty(window, "pwned", {
  configurable: true,
  get() { return undefined; },
  set(value) { window.__pwnedWrites.push(String(value)); },
});
"""

# Fire the events that injected handlers would listen to on every element of
# the article. Links are skipped, so that a click does not leave the page.
FIRE_EVENTS = """() => {
  const events = ["click", "mouseover", "mouseenter", "focus", "load", "error", "toggle"];
  for (const element of document.querySelectorAll("article.bd-article *")) {
    if (element.closest("a")) continue;
    for (const name of events) element.dispatchEvent(new Event(name, {bubbles: true}));
  }
}"""


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory) -> BuildResult:
    # The build fails on the reST javascript: link only, and still writes the pages.
    return build_root(
        "one-codeblock",
        tmp_path_factory.mktemp("hostile-browser") / "root",
        files={"book/chapters/chapter1.md": HOSTILE_CHAPTER, "book/slides/deck.md": HOSTILE_DECK},
    )


@pytest.fixture(scope="module")
def base_url(hostile_book):
    with serve(hostile_book.html_dir) as url:
        yield url


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    context.add_init_script(RECORD_WRITES)
    page = context.new_page()
    page.goto(f"{base_url}/{CHAPTER_DOC}.html", wait_until="networkidle")
    yield page
    context.close()


def test_hostile_page_runs_no_script_on_load(page):
    assert page.evaluate("window.__pwnedWrites") == []


def test_hostile_page_runs_no_handler_on_events(page):
    page.evaluate(FIRE_EVENTS)
    assert page.evaluate("window.__pwnedWrites") == []


def test_hostile_page_runs_nothing_when_options_chosen(page):
    # The quiz script turns each option into a radio button.
    options = page.locator(".cb-choice .cb-opt")
    for index in range(options.count()):
        options.nth(index).click()
    assert page.evaluate("window.__pwnedWrites") == []


def test_hostile_page_runs_nothing_when_toggles_open(page):
    page.evaluate("() => document.querySelectorAll('article details').forEach(d => { d.open = true; })")
    page.get_by_text("힌트 보기").click()
    assert page.evaluate("window.__pwnedWrites") == []
