"""The theme's interface in Korean: no English strings left, and the fixed translations."""

from __future__ import annotations

import pytest

from coursebook.sphinx.korean_interface import load_catalog
from interface_strings import leftover_english
from sphinx_build import BuildResult, build_root

PAGES = ["index.html", "chapters/chapter1.html", "search.html", "genindex.html"]


def test_scanner_finds_english():
    html = '<body><button title="Toggle primary sidebar">x</button><p>Back to top</p><kbd>Ctrl</kbd></body>'
    assert leftover_english(html) == {"title=Toggle primary sidebar", "Back to top"}


def test_scanner_skips_article():
    html = '<body><article class="bd-article"><p>English content</p></article></body>'
    assert leftover_english(html) == set()


@pytest.mark.parametrize(
    ("domain", "message", "translation"),
    [
        ("sphinx", "Color mode", "화면 색상"),
        ("sphinx", "© Copyright %(copyright)s.", "© %(copyright)s."),
        ("booktheme", "By", "지은이:"),
        ("booktheme", "Fullscreen mode", "전체 화면으로 보기"),
    ],
)
def test_catalog_entry(domain, message, translation):
    assert load_catalog(domain, "ko").gettext(message) == translation


@pytest.fixture(scope="module")
def korean(tmp_path_factory) -> BuildResult:
    result = build_root("korean", tmp_path_factory.mktemp("interface") / "root")
    assert result.returncode == 0, result.stderr
    return result


@pytest.mark.build
@pytest.mark.parametrize("page", PAGES)
def test_no_english_interface_strings(korean, page):
    assert leftover_english(korean.page_text(page.removesuffix(".html"))) == set()


@pytest.mark.build
def test_search_box_text(korean):
    field = korean.page("index").select_one("form.bd-search input")
    assert field["placeholder"] == "이 책에서 검색…"


@pytest.mark.build
def test_sidebar_toggle_label(korean):
    button = korean.page("index").select_one("button.primary-toggle.btn")
    assert button["title"] == "목차 사이드바 열고 닫기"


@pytest.mark.build
def test_search_page_loads_korean_strings(korean):
    scripts = [script.get("src", "") for script in korean.page("search").select("script")]
    assert any(src.startswith("_static/coursebook_ko.js") for src in scripts)


def test_scanner_skips_toc_titles():
    html = '<body><nav><a class="reference internal" href="chapter2.html">3. 팬더스 DataFrame</a></nav></body>'
    assert leftover_english(html) == set()
