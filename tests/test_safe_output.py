"""Authored HTML cannot run script in the built page, and external links are ``noopener noreferrer``.

One fixture build puts script tags, event handler attributes, quotes and
``javascript:`` URLs into every place an author writes text; BeautifulSoup
then inspects the page. A Chromium test that runs the page is still to come.
"""

from __future__ import annotations

import re

import pytest

from coursebook.sanitize import is_external_url, is_safe_url, sanitize_html
from sphinx_build import BuildResult, build_root

CHAPTER_DOC = "chapters/chapter1"

HOSTILE_CHAPTER = """\
---
title: '1장: <script>window.pwned="title"</script> 제목'
description: '설명 <img src=x onerror="window.pwned=1"> 끝'
prev: null
next: null
---

<script>window.pwned = "block";</script>

문단 <span onclick="window.pwned=1" class="note">안전한 글</span> 과 <a href="javascript:window.pwned=1">링크</a>.

[마크다운 링크](javascript:window.pwned=1) 와 [외부 링크](https://docs.fast.ai/) 와 <https://www.fast.ai/>.

<a href="https://example.org/" target="_blank">새 창 링크</a>

```{raw} html
<iframe srcdoc="<script>window.pwned=1</script>"></iframe>
```

```{eval-rst}
`reST 링크 <javascript:window.pwned=1>`_
```

<exercise id="1" title="<svg onload=window.pwned=1> 제목">

<codeblock id="01_01">
힌트 <script>window.pwned="hint"</script> 와 <b onmouseover="window.pwned=1">굵게</b>
</codeblock>

<choice>
<opt text="<script>window.pwned='opt'</script>" correct="true">
피드백 <img src="javascript:window.pwned=1" onerror="window.pwned=1"> 입니다.
</opt>
<opt text='"따옴표" 와 <i onfocus="window.pwned=1">기울임</i>'>오답.</opt>
</choice>

</exercise>

<exercise id="2" title="슬라이드" type="slides">

<slides source="deck">
</slides>

</exercise>
"""

HOSTILE_DECK = """\
# 슬라이드 <script>window.pwned="slide title"</script>

본문 <div onclick="window.pwned=1">클릭</div> <script>window.pwned="slide"</script>

Notes: 노트 <a href="javascript:window.pwned=1">링크</a>
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> BuildResult:
    return build_root(
        "one-codeblock",
        tmp_path_factory.mktemp("hostile") / "root",
        files={"book/chapters/chapter1.md": HOSTILE_CHAPTER, "book/slides/deck.md": HOSTILE_DECK},
    )


@pytest.fixture(scope="module")
def article(hostile):
    """The page content, without the theme's own buttons and scripts."""
    article = hostile.page(CHAPTER_DOC).select_one("article.bd-article")
    assert article is not None
    return article


def straight_quotes(text: str) -> str:
    """Undo Sphinx's smart quotes, which apply to the text between inline HTML tags."""
    return text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))


def _event_attributes(article) -> list[tuple[str, str]]:
    return [(tag.name, name) for tag in article.find_all(True) for name in tag.attrs if name.lower().startswith("on")]


@pytest.mark.build
def test_hostile_build_fails_on_script_link(hostile):
    assert hostile.returncode == 1


@pytest.mark.build
def test_hostile_only_warning_is_script_link(hostile):
    # MyST itself drops javascript: links, so only the reST link reaches the post-transform.
    chapter = hostile.root_dir / "book/chapters/chapter1.md"
    warnings = [(warning.location, warning.tag) for warning in hostile.warnings()]
    assert warnings == [(f"{chapter}:21", "coursebook.link-invalid")]


@pytest.mark.build
def test_hostile_no_authored_script_element(article):
    scripts = [tag.get_text() for tag in article.find_all("script") if "pwned" in tag.get_text()]
    assert scripts == []


@pytest.mark.build
def test_hostile_page_has_no_authored_script(hostile):
    scripts = [tag.get_text() for tag in hostile.page(CHAPTER_DOC).find_all("script") if "pwned" in tag.get_text()]
    assert scripts == []


@pytest.mark.build
def test_hostile_no_event_handler_attributes(article):
    assert _event_attributes(article) == []


@pytest.mark.build
def test_hostile_page_no_authored_handlers(hostile):
    # The whole page, sidebar and <head> included. The theme's buttons have
    # their own onclick handlers, and heading slugs such as id="window-pwned-1"
    # are plain anchors.
    page = hostile.page(CHAPTER_DOC)
    handlers = [
        (tag.name, name, value)
        for tag in page.find_all(True)
        for name, value in tag.attrs.items()
        if (name.lower().startswith("on") and tag.name != "button")
        or ("pwned" in str(value) and name != "id" and not str(value).startswith("#"))
    ]
    assert handlers == []


@pytest.mark.build
def test_hostile_no_javascript_urls(article):
    urls = [
        (tag.name, name, value)
        for tag in article.find_all(True)
        for name, value in tag.attrs.items()
        if isinstance(value, str) and re.sub(r"\s", "", value).lower().startswith("javascript:")
    ]
    assert urls == []


@pytest.mark.build
def test_hostile_no_iframe(article):
    assert article.find_all(["iframe", "svg", "object", "embed"]) == []


@pytest.mark.build
def test_hostile_option_text_shown_as_text(hostile):
    summaries = [tag.get_text() for tag in hostile.page(CHAPTER_DOC).select("li.cb-opt summary")]
    assert straight_quotes(summaries[0]) == "<script>window.pwned='opt'</script>"


@pytest.mark.build
def test_hostile_option_quotes_kept(hostile):
    summary = hostile.page(CHAPTER_DOC).select("li.cb-opt summary")[1]
    assert straight_quotes(summary.get_text()) == '"따옴표" 와 기울임'
    assert summary.i.attrs == {}


@pytest.mark.build
def test_hostile_hint_script_shown_as_text(hostile):
    hint = hostile.page(CHAPTER_DOC).select_one("details.cb-hint")
    assert '<script>window.pwned="hint"</script>' in straight_quotes(hint.get_text())


@pytest.mark.build
def test_hostile_safe_markup_kept(hostile):
    span = hostile.page(CHAPTER_DOC).select_one("span.note")
    assert (span.get_text(), span.attrs) == ("안전한 글", {"class": ["note"]})


@pytest.mark.build
def test_hostile_slide_script_shown_as_text(hostile):
    slide = hostile.page(CHAPTER_DOC).select_one("section.cb-slide")
    assert '<script>window.pwned="slide"</script>' in straight_quotes(slide.get_text())


@pytest.mark.build
def test_hostile_external_links_noopener(article):
    external = [tag for tag in article.find_all("a", href=True) if tag["href"].startswith("http")]
    hrefs = sorted(tag["href"] for tag in external)
    assert hrefs == ["https://docs.fast.ai/", "https://example.org/", "https://www.fast.ai/"]
    assert [tag["href"] for tag in external if tag.get("rel") != ["noopener", "noreferrer"]] == []


# -- the sanitizer on its own ------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<img src=x onerror="alert(1)">', '<img src="x">'),
        ('<a href="java&#x09;script:alert(1)">t</a>', "<a>t</a>"),
        ('<a href=" JAVASCRIPT:alert(1)">t</a>', "<a>t</a>"),
        ('<a href="vbscript:x">t</a>', "<a>t</a>"),
        ('<a href="https://e.org/">e</a>', '<a href="https://e.org/" rel="noopener noreferrer">e</a>'),
        ('<a href="#top">top</a>', '<a href="#top">top</a>'),
        ('<img src="data:image/png;base64,AAAA">', '<img src="data:image/png;base64,AAAA">'),
        ('<a href="data:text/html,<script>x</script>">t</a>', "<a>t</a>"),
        ("<b>ok</b><br/>", "<b>ok</b><br />"),
        ('<span style="position:fixed" data-correct="true" aria-label="a">', '<span aria-label="a">'),
        ("<!-- note --><em>x</em>", "<em>x</em>"),
        ('<p title="&quot;><script>">', '<p title="&quot;&gt;&lt;script&gt;">'),
        ("<style>body{display:none}</style>", "&lt;style&gt;body{display:none}&lt;/style&gt;"),
    ],
)
def test_sanitize_html(fragment, expected):
    assert sanitize_html(fragment) == expected


@pytest.mark.parametrize(
    ("url", "safe"),
    [("https://a.b/", True), ("page.html#x", True), ("mailto:a@b.c", True), ("javascript:x", False), ("\x01javascript:x", False)],
)
def test_is_safe_url(url, safe):
    assert is_safe_url(url) is safe


@pytest.mark.parametrize(
    ("url", "external"),
    [("https://a.b/", True), ("//a.b/x", True), ("page.html", False), ("#x", False), ("mailto:a@b.c", False)],
)
def test_is_external_url(url, external):
    assert is_external_url(url) is external
