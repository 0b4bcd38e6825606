"""Link lint: malformed and dead links in chapters, in the converter and in the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursebook.links import chapter_anchors
from coursebook.parser import parse_chapter
from sphinx_build import BuildResult, build_root

CHAPTER = """\
---
title: '1장: 링크'
---

[두 겹](
(https://docs.fast.ai/)) 괄호와 [빈 것]() 대상입니다.
[없는 앵커](#없음)와 [있는 앵커](#데이터-준비), [외부](https://docs.fast.ai/)입니다.
[없는 장](chapter9.md)과 [있는 장](chapter2.md#exercise-1), [없는 장 앵커](chapter2.md#없음)입니다.

`[코드 안](#없음)`은 링크가 아닙니다.

<exercise id="1" title="데이터 준비">

## 작은 제목

[작은 제목](#작은-제목)과 [연습](#exercise-1), [코드 블록](#codeblock-01_01)입니다.

<codeblock id="01_01">
힌트의 [빈 링크]()입니다.
</codeblock>

<choice>
<opt text="가" correct="true">
피드백의 [없는 앵커](#피드백)입니다.
</opt>
</choice>

</exercise>
"""

OTHER_CHAPTER = """\
---
title: '2장: 다른 장'
---

<exercise id="1" title="연습">

본문입니다.

</exercise>
"""

EXPECTED = [
    (5, "링크 대상이 괄호로 한 번 더 감싸여 있습니다: '(https://docs.fast.ai/)'."),
    (6, "링크 대상이 비어 있습니다."),
    (7, "링크한 앵커가 이 장에 없습니다: '#없음'."),
    (8, "링크한 파일이 없습니다: 'chapter9.md'."),
    (8, "링크한 앵커가 chapter2.md에 없습니다: '#없음'."),
    (19, "링크 대상이 비어 있습니다."),
    (24, "링크한 앵커가 이 장에 없습니다: '#피드백'."),
]


@pytest.fixture()
def link_diagnostics(tmp_path):
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    (chapters / "chapter2.md").write_text(OTHER_CHAPTER, encoding="utf-8")
    path = chapters / "chapter1.md"
    path.write_text(CHAPTER, encoding="utf-8")
    _, diagnostics = parse_chapter(CHAPTER, path)
    return diagnostics


def test_link_diagnostic_codes(link_diagnostics):
    assert {diagnostic.code for diagnostic in link_diagnostics} == {"link-invalid"}


def test_link_diagnostic_lines(link_diagnostics):
    assert [diagnostic.line for diagnostic in link_diagnostics] == [line for line, _ in EXPECTED]


@pytest.mark.parametrize("index", range(len(EXPECTED)))
def test_link_diagnostic_message(link_diagnostics, index):
    assert link_diagnostics[index].message.startswith(EXPECTED[index][1])


def test_chapter2_links_valid():
    path = Path(__file__).resolve().parent.parent / "book" / "chapters" / "chapter2.md"
    _, diagnostics = parse_chapter(path.read_text(encoding="utf-8"), path)
    assert [diagnostic.format() for diagnostic in diagnostics] == []


def test_anchors_suffix_repeated_headings(tmp_path):
    text = "---\ntitle: 장\n---\n\n## 같은 제목\n\n## 같은 제목\n"
    chapter, _ = parse_chapter(text, tmp_path / "chapter1.md")
    assert chapter_anchors(chapter) == {"장", "같은-제목", "같은-제목-1"}


# -- the build reports them at the chapter's lines -----------------------------


@pytest.fixture(scope="module")
def broken_links(tmp_path_factory) -> BuildResult:
    chapter = (
        "---\ntitle: '1장: 링크'\nprev: null\nnext: null\n---\n\n"
        "[두 겹]((https://docs.fast.ai/))입니다.\n\n"
        "[없는 장](chapter9.md)입니다.\n"
    )
    root = tmp_path_factory.mktemp("links") / "root"
    return build_root("korean", root, files={"book/chapters/chapter1.md": chapter})


@pytest.mark.build
def test_build_fails_on_broken_links(broken_links):
    assert broken_links.returncode == 1


@pytest.mark.build
def test_build_link_warning_locations(broken_links):
    chapter_file = broken_links.root_dir / "book/chapters/chapter1.md"
    warnings = broken_links.warnings("coursebook.link-invalid")
    assert [warning.location for warning in warnings] == [f"{chapter_file}:7", f"{chapter_file}:9"]


@pytest.mark.build
def test_build_link_warning_message(broken_links):
    warnings = broken_links.warnings("coursebook.link-invalid")
    assert "괄호로 한 번 더 감싸여" in warnings[0].message
    assert "chapter9.md" in warnings[1].message
