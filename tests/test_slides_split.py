"""Tests of coursebook.slides.split_deck: separators, fences, titles and speaker notes."""

from __future__ import annotations

import pytest

from coursebook.slides import Slide, split_deck

DECK = """\
# 첫째 슬라이드

첫째 본문입니다.

---

## 둘째 슬라이드

- 항목 하나
- 항목 둘

Notes: 둘째 노트의 첫 줄입니다.
둘째 노트의 둘째 줄입니다.

---

셋째 슬라이드에는 제목이 없습니다.
"""


def test_deck_slides():
    assert split_deck(DECK) == [
        Slide(title="첫째 슬라이드", body="첫째 본문입니다.", body_line=3, notes="", notes_line=0),
        Slide(
            title="둘째 슬라이드",
            body="- 항목 하나\n- 항목 둘",
            body_line=9,
            notes="둘째 노트의 첫 줄입니다.\n둘째 노트의 둘째 줄입니다.",
            notes_line=12,
        ),
        Slide(title="", body="셋째 슬라이드에는 제목이 없습니다.", body_line=17, notes="", notes_line=0),
    ]


def test_deck_crlf_same_as_lf():
    assert split_deck(DECK.replace("\n", "\r\n")) == split_deck(DECK)


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("# 가\n---\n# 나\n---\n# 다\n", ["가", "나", "다"]),
        ("# 가\n\n---\n\n# 나\n", ["가", "나"]),
        ("# 가\n  ---  \n# 나\n", ["가", "나"]),
        ("---\n# 가\n---\n---\n# 나\n---\n", ["가", "나"]),
        ("# 가\n----\n# 나\n", ["가"]),
        ("# 가\n--- 아님\n", ["가"]),
    ],
    ids=["three-slides", "blank-lines-around", "spaces-around", "empty-slides-skipped", "four-dashes", "dashes-with-text"],
)
def test_separators(text, titles):
    assert [slide.title for slide in split_deck(text)] == titles


def test_separator_line_numbers():
    assert [slide.body_line for slide in split_deck("# 가\n가 본문\n---\n# 나\n나 본문\n")] == [2, 5]


@pytest.mark.parametrize(
    "fence",
    ["```", "~~~", "````"],
    ids=["backticks", "tildes", "four-backticks"],
)
def test_fenced_dashes_not_separator(fence):
    text = f"# 코드\n\n{fence}python\nx = 1\n---\ny = 2\n{fence}\n\n---\n\n# 다음\n"
    slides = split_deck(text)
    assert [slide.title for slide in slides] == ["코드", "다음"]
    assert slides[0].body == f"{fence}python\nx = 1\n---\ny = 2\n{fence}"


def test_fence_closed_only_by_same_marker():
    text = "# 코드\n```\n~~~\n---\n```\n---\n# 다음\n"
    slides = split_deck(text)
    assert [slide.body for slide in slides] == ["```\n~~~\n---\n```", ""]


def test_inner_shorter_fence_does_not_close():
    text = "# 코드\n````markdown\n```\n---\n```\n````\n---\n# 다음\n"
    assert [slide.title for slide in split_deck(text)] == ["코드", "다음"]


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("# 제목", "제목"),
        ("### 셋째 단계 제목", "셋째 단계 제목"),
        ("## 닫는 표시가 있는 제목 ##", "닫는 표시가 있는 제목"),
        ("#   공백이 많은 제목   ", "공백이 많은 제목"),
        ("#해시태그", ""),
        ("####### 일곱 개", ""),
    ],
    ids=["h1", "h3", "closing-hashes", "extra-spaces", "no-space", "seven-hashes"],
)
def test_titles(first_line, title):
    assert split_deck(first_line + "\n본문\n")[0].title == title


def test_title_after_blank_lines():
    assert split_deck("\n\n# 제목\n본문\n") == [Slide(title="제목", body="본문", body_line=4, notes="", notes_line=0)]


def test_heading_after_text_is_body():
    assert split_deck("본문 먼저\n# 늦은 제목\n") == [
        Slide(title="", body="본문 먼저\n# 늦은 제목", body_line=1, notes="", notes_line=0)
    ]


def test_notes_on_own_line():
    assert split_deck("# 제목\n본문\nNotes:\n\n노트 본문입니다.\n") == [
        Slide(title="제목", body="본문", body_line=2, notes="노트 본문입니다.", notes_line=5)
    ]


def test_notes_same_line():
    assert split_deck("# 제목\n본문\nNotes: 한 줄 노트\n") == [
        Slide(title="제목", body="본문", body_line=2, notes="한 줄 노트", notes_line=3)
    ]


def test_notes_without_body():
    assert split_deck("# 제목\nNotes: 노트만 있습니다.\n") == [
        Slide(title="제목", body="", body_line=2, notes="노트만 있습니다.", notes_line=2)
    ]


def test_notes_keep_markdown():
    slide = split_deck("# 제목\nNotes: 첫 줄\n\n- 목록\n- **굵게**\n")[0]
    assert slide.notes == "첫 줄\n\n- 목록\n- **굵게**"


def test_notes_end_at_separator():
    assert split_deck("# 가\nNotes: 가 노트\n---\n# 나\n나 본문\n") == [
        Slide(title="가", body="", body_line=2, notes="가 노트", notes_line=2),
        Slide(title="나", body="나 본문", body_line=5, notes="", notes_line=0),
    ]


@pytest.mark.parametrize("line", ["notes: 소문자", "Notes 쌍점 없음", " Notes: 들여쓰기"], ids=["lowercase", "no-colon", "indented"])
def test_not_notes(line):
    assert split_deck(f"# 제목\n{line}\n") == [Slide(title="제목", body=line, body_line=2, notes="", notes_line=0)]


def test_notes_inside_fence_are_body():
    text = "# 코드\n```text\nNotes: 코드 안의 줄\n```\nNotes: 진짜 노트\n"
    assert split_deck(text) == [
        Slide(title="코드", body="```text\nNotes: 코드 안의 줄\n```", body_line=2, notes="진짜 노트", notes_line=5)
    ]


def test_empty_deck():
    assert split_deck("") == []


def test_whitespace_only_deck():
    assert split_deck("\n  \n---\n\n") == []
