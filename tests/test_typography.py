"""Self-hosted Korean fonts and typography, checked in the files and in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser import CHROMIUM, serve, shared_browser
from coursebook.fonts import FONTS
from sphinx_build import BuildResult, build_root

STATIC_DIR = Path(__file__).resolve().parent.parent / "coursebook" / "_static"
FONT_IDS = [font.folder for font in FONTS]


def font_css(folder: str) -> str:
    return (STATIC_DIR / "fonts" / folder / "font.css").read_text(encoding="utf-8")


@pytest.mark.parametrize("folder", FONT_IDS)
def test_font_licence_beside_fonts(folder):
    licence = (STATIC_DIR / "fonts" / folder / "LICENSE").read_text(encoding="utf-8")
    assert "SIL Open Font License, Version 1.1" in licence


@pytest.mark.parametrize("folder", FONT_IDS)
def test_font_css_files_match_folder(folder):
    referenced = set(re.findall(r"url\(\./([^)]+)\)", font_css(folder)))
    present = {path.name for path in (STATIC_DIR / "fonts" / folder).glob("*.woff2")}
    assert referenced == present


@pytest.mark.parametrize("folder", FONT_IDS)
def test_font_faces_swap_and_split(folder):
    css = font_css(folder)
    faces = css.count("@font-face")
    assert css.count("font-display: swap;") == faces
    assert css.count("unicode-range:") == faces
    assert faces > 50


@pytest.mark.parametrize("folder", FONT_IDS)
def test_font_css_has_no_woff_fallback(folder):
    assert ".woff)" not in font_css(folder)


# -- the fixture book in Chromium ---------------------------------------------


@pytest.fixture(scope="module")
def korean(tmp_path_factory) -> BuildResult:
    result = build_root("korean", tmp_path_factory.mktemp("typography") / "root")
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def page_metrics(korean):
    metrics = {}
    with serve(korean.html_dir) as base_url:
        for width in (1280, 375):
            page = shared_browser(CHROMIUM).new_page(viewport={"width": width, "height": 800})
            fonts: list[str] = []
            page.on("request", lambda request: fonts.append(request.url) if request.url.endswith(".woff2") else None)
            page.goto(f"{base_url}/index.html", wait_until="networkidle")
            page.evaluate("document.fonts.ready.then(() => true)")
            metrics[width] = {
                "fonts": [url.rsplit("/", 1)[-1] for url in fonts],
                "body_font": page.evaluate("getComputedStyle(document.querySelector('article p')).fontFamily"),
                "code_font": page.evaluate("getComputedStyle(document.querySelector('article pre')).fontFamily"),
                "word_break": page.evaluate("getComputedStyle(document.querySelector('article p')).wordBreak"),
                "scroll_width": page.evaluate("document.documentElement.scrollWidth"),
                "pre_scrolls": page.evaluate(
                    "(() => { const pre = document.querySelector('article pre'); return pre.scrollWidth > pre.clientWidth; })()"
                ),
            }
            page.close()
    return metrics


@pytest.mark.build
@pytest.mark.browser
def test_body_uses_noto_sans_kr(page_metrics):
    assert page_metrics[1280]["body_font"].startswith('"Noto Sans KR"')


@pytest.mark.build
@pytest.mark.browser
def test_code_font_has_hangul(page_metrics):
    assert page_metrics[1280]["code_font"].startswith('"Nanum Gothic Coding"')


@pytest.mark.build
@pytest.mark.browser
def test_korean_breaks_between_words(page_metrics):
    assert page_metrics[1280]["word_break"] == "keep-all"


@pytest.mark.build
@pytest.mark.browser
def test_page_loads_few_font_files(page_metrics):
    total = sum(font_css(folder).count("@font-face") for folder in FONT_IDS)
    loaded = [name for name in page_metrics[1280]["fonts"] if not name.startswith("fa-")]
    assert 0 < len(loaded) < total / 5


@pytest.mark.build
@pytest.mark.browser
def test_narrow_page_does_not_widen(page_metrics):
    assert page_metrics[375]["scroll_width"] <= 375


@pytest.mark.build
@pytest.mark.browser
def test_long_code_line_scrolls(page_metrics):
    assert page_metrics[375]["pre_scrolls"] is True
