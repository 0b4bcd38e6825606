"""Authoring mistakes that ``coursebook check`` reports, each at its exact file, line and code.

Every case edits the sample book of :mod:`book_files` and lists every
diagnostic the check must print, in output order.
"""

from __future__ import annotations

import dataclasses as dc

import pytest

from book_files import CHAPTER, CHAPTER_TEXT, SNIPPETS, edit_chapter, run_check, write_book

SOLUTION = f"{SNIPPETS}/solution_01_01.py"
UNUSED_01_01 = [(f"{SNIPPETS}/{kind}_01_01.py", 1, "snippet-unused") for kind in ("exc", "solution", "test")]


@dc.dataclass(frozen=True)
class Case:
    """Files to replace (text or bytes) or delete, and the expected (path, line, code) rows."""

    files: dict
    expected: list


CASES = {
    "exercise-unclosed": Case(
        {CHAPTER: edit_chapter("</slides>\n\n</exercise>\n", "</slides>\n\n")},
        [(CHAPTER, 20, "tag-unclosed")],
    ),
    "codeblock-closed-by-other-tag": Case(
        {CHAPTER: edit_chapter("힌트입니다.\n</codeblock>", "힌트입니다.\n</choice>")},
        [(CHAPTER, 9, "tag-mismatched"), (CHAPTER, 11, "tag-mismatched"), (CHAPTER, 13, "tag-nesting")],
    ),
    "unknown-tag-misspelled": Case(
        {CHAPTER: edit_chapter("아래 코드를", '<codeblok id="01_02">\n아래 코드를')},
        [(CHAPTER, 7, "tag-unknown")],
    ),
    "unknown-tag-exercize": Case(
        {CHAPTER: edit_chapter("아래 코드를", "<exercize>\n아래 코드를")},
        [(CHAPTER, 7, "tag-unknown")],
    ),
    "unknown-tag-not-html": Case(
        {CHAPTER: edit_chapter("아래 코드를", "List<T>의 아래 코드를")},
        [(CHAPTER, 7, "tag-unknown")],
    ),
    "unknown-tag-uppercase": Case(
        {CHAPTER: edit_chapter("<slides source", "<Slides source")},
        [(CHAPTER, 22, "tag-unknown"), (CHAPTER, 23, "tag-mismatched")],
    ),
    "html-tags-accepted": Case(
        {CHAPTER: edit_chapter("아래 코드를", "<b>굵게</b> <kbd>Shift</kbd><br> 아래 코드를")},
        [],
    ),
    "tags-in-code-accepted": Case(
        {CHAPTER: edit_chapter("아래 코드를", "`<exercize>`와 <!-- <codeblok> --> 아래 코드를\n\n```\n<Choice>\n```\n")},
        [],
    ),
    "tag-unclosed-quote": Case(
        {CHAPTER: edit_chapter('<codeblock id="01_01">', '<codeblock id="01_01>')},
        [(CHAPTER, 9, "tag-malformed"), (CHAPTER, 11, "tag-mismatched"), *UNUSED_01_01],
    ),
    "tag-split-over-lines": Case(
        {CHAPTER: edit_chapter('<exercise id="2" title', '<exercise id="2"\ntitle')},
        [(CHAPTER, 20, "tag-malformed"), (CHAPTER, 23, "tag-nesting"), (CHAPTER, 26, "tag-mismatched")],
    ),
    "unknown-attribute": Case(
        {CHAPTER: edit_chapter('<codeblock id="01_01">', '<codeblock id="01_01" lang="py">')},
        [(CHAPTER, 9, "attribute-unknown")],
    ),
    "exercise-inside-exercise": Case(
        {CHAPTER: edit_chapter("아래 코드를", '<exercise id="3" title="안쪽">\n</exercise>\n아래 코드를')},
        [(CHAPTER, 7, "tag-nesting")],
    ),
    "codeblock-outside-exercise": Case(
        {CHAPTER: edit_chapter('<exercise id="1"', '<codeblock id="01_02">\n</codeblock>\n\n<exercise id="1"')},
        [(CHAPTER, 5, "tag-nesting")],
    ),
    "duplicate-exercise-id": Case(
        {CHAPTER: edit_chapter('<exercise id="2"', '<exercise id="1"')},
        [(CHAPTER, 20, "duplicate-id")],
    ),
    "duplicate-codeblock-id": Case(
        {CHAPTER: edit_chapter("<choice>", '<codeblock id="01_01">\n</codeblock>\n\n<choice>')},
        [(CHAPTER, 13, "duplicate-id")],
    ),
    "id-with-space": Case(
        {CHAPTER: edit_chapter('<exercise id="2"', '<exercise id="2 b"')},
        [(CHAPTER, 20, "attribute-invalid")],
    ),
    "id-with-slash": Case(
        {CHAPTER: edit_chapter('<exercise id="2"', '<exercise id="2/b"')},
        [(CHAPTER, 20, "attribute-invalid")],
    ),
    "codeblock-id-odd-characters": Case(
        {CHAPTER: edit_chapter('<codeblock id="01_01">', '<codeblock id="01_01!">')},
        [(CHAPTER, 9, "attribute-invalid"), (CHAPTER, 9, "codeblock-missing-snippet"), *UNUSED_01_01],
    ),
    "snippets-missing": Case(
        {f"{SNIPPETS}/{kind}_01_01.py": None for kind in ("exc", "solution", "test")},
        [(CHAPTER, 9, "codeblock-missing-snippet")],
    ),
    "snippets-partly-missing": Case(
        {f"{SNIPPETS}/exc_01_01.py": None, f"{SNIPPETS}/test_01_01.py": None},
        [(CHAPTER, 9, "codeblock-missing-snippet")],
    ),
    "snippet-unused": Case(
        {f"{SNIPPETS}/solution_09_09.py": "# %%\nx = 1\n"},
        [(f"{SNIPPETS}/solution_09_09.py", 1, "snippet-unused")],
    ),
    "unused-snippet-syntax-error": Case(
        {f"{SNIPPETS}/exc_09_09.py": "# %%\nx = (\n"},
        [(f"{SNIPPETS}/exc_09_09.py", 1, "snippet-unused"), (f"{SNIPPETS}/exc_09_09.py", 2, "snippet-syntax")],
    ),
    "choice-no-correct": Case(
        {CHAPTER: edit_chapter(' correct="true"', "")},
        [(CHAPTER, 13, "choice-no-correct")],
    ),
    "choice-several-correct": Case(
        {CHAPTER: edit_chapter('<opt text="셋">', '<opt text="셋" correct="true">')},
        [(CHAPTER, 13, "choice-several-correct")],
    ),
    "choice-without-options": Case(
        {CHAPTER: edit_chapter('<opt text="둘" correct="true">맞습니다.</opt>\n<opt text="셋">아닙니다.</opt>\n', "")},
        [(CHAPTER, 13, "choice-no-correct")],
    ),
    "option-without-text": Case(
        {CHAPTER: edit_chapter('<opt text="셋">', "<opt>")},
        [(CHAPTER, 15, "attribute-missing")],
    ),
    "option-empty-text": Case(
        {CHAPTER: edit_chapter('<opt text="셋">', '<opt text=" ">')},
        [(CHAPTER, 15, "attribute-missing")],
    ),
    "option-correct-invalid": Case(
        {CHAPTER: edit_chapter('<opt text="셋">', '<opt text="셋" correct="yes">')},
        [(CHAPTER, 15, "attribute-invalid")],
    ),
    "slides-source-missing": Case(
        {CHAPTER: edit_chapter('source="deck"', 'source="nope"')},
        [(CHAPTER, 22, "slides-missing")],
    ),
    "slides-without-source": Case(
        {CHAPTER: edit_chapter('<slides source="deck">', "<slides>")},
        [(CHAPTER, 22, "attribute-missing")],
    ),
    "front-matter-invalid-yaml": Case(
        {CHAPTER: edit_chapter("title: '1장: 시험용 장'", "title: '1장: 시험용 장")},
        [(CHAPTER, 2, "front-matter-invalid")],
    ),
    "front-matter-not-mapping": Case(
        {CHAPTER: edit_chapter("title: '1장: 시험용 장'", "- 목록")},
        [(CHAPTER, 2, "front-matter-invalid")],
    ),
    "front-matter-unclosed": Case(
        {CHAPTER: "---\ntitle: 닫히지 않음\n"},
        [(CHAPTER, 1, "front-matter-invalid"), *UNUSED_01_01],
    ),
    "front-matter-missing": Case(
        {CHAPTER: CHAPTER_TEXT.split("---\n", 2)[2]},
        [(CHAPTER, 1, "front-matter-missing")],
    ),
    "front-matter-without-title": Case(
        {CHAPTER: edit_chapter("title: '1장: 시험용 장'", "description: 설명")},
        [(CHAPTER, 2, "front-matter-title")],
    ),
    "chapter-not-utf8": Case(
        {CHAPTER: CHAPTER_TEXT.encode("euc-kr")},
        [(CHAPTER, 2, "encoding")],
    ),
    "chapter-invalid-byte-late": Case(
        {CHAPTER: CHAPTER_TEXT.encode().replace("힌트".encode(), b"\xff")},
        [(CHAPTER, 10, "encoding")],
    ),
    "chapter-byte-order-mark": Case(
        {CHAPTER: b"\xef\xbb\xbf" + CHAPTER_TEXT.encode()},
        [(CHAPTER, 1, "encoding")],
    ),
    "snippet-not-utf8": Case(
        {f"{SNIPPETS}/test_01_01.py": "# %%\n# 검사\nassert total == 3\n".encode("cp949")},
        [(f"{SNIPPETS}/test_01_01.py", 2, "encoding")],
    ),
    "snippet-byte-order-mark": Case(
        {SOLUTION: b"\xef\xbb\xbf# %%\ntotal = 3\n"},
        [(SOLUTION, 1, "encoding")],
    ),
    "deck-not-utf8": Case(
        {"book/slides/deck.md": "# 첫 슬라이드\n\n내용\n".encode("euc-kr")},
        [("book/slides/deck.md", 1, "encoding")],
    ),
    # CRLF is read as LF, as Sphinx reads it, so it is accepted and lines still count right.
    "crlf-accepted": Case(
        {CHAPTER: CHAPTER_TEXT.replace("\n", "\r\n"), SOLUTION: "# %%\r\ntotal = 1 + 2\r\n"},
        [],
    ),
    "crlf-keeps-lines": Case(
        {CHAPTER: edit_chapter('<codeblock id="01_01">', '<codeblock id="01_01" lang="py">').replace("\n", "\r\n")},
        [(CHAPTER, 9, "attribute-unknown")],
    ),
    # Tabs are accepted: markdown and Python both define them, and the tag
    # scanner treats a tab like a space.
    "tabs-accepted": Case(
        {CHAPTER: edit_chapter('<codeblock id="01_01">', '\t<codeblock\tid="01_01">'), SOLUTION: "# %%\nif True:\n\ttotal = 3\n"},
        [],
    ),
    "snippet-mixed-tabs": Case(
        {SOLUTION: "# %%\nif True:\n        x = 1\n\ty = 2\n"},
        [(SOLUTION, 4, "snippet-syntax")],
    ),
    "chapter-empty-file": Case(
        {CHAPTER: ""},
        [(CHAPTER, 1, "chapter-empty"), *UNUSED_01_01],
    ),
    "chapter-blank-file": Case(
        {CHAPTER: "\n  \n"},
        [(CHAPTER, 1, "chapter-empty"), *UNUSED_01_01],
    ),
    # A chapter with a title and no body yet is a valid stub page.
    "chapter-front-matter-only": Case(
        {CHAPTER: "---\ntitle: 빈 장\n---\n"},
        UNUSED_01_01,
    ),
    "snippet-syntax-error": Case(
        {SOLUTION: "# %%\ntotal = 1 + 2\n\n# %%\nif total\n    print(total)\n"},
        [(SOLUTION, 5, "snippet-syntax")],
    ),
    "snippet-syntax-error-test-script": Case(
        {f"{SNIPPETS}/test_01_01.py": "# %%\nassert total == 3,\n"},
        [(f"{SNIPPETS}/test_01_01.py", 2, "snippet-syntax")],
    ),
    "snippet-magics-accepted": Case(
        {SOLUTION: "# %%\n%time total = 1 + 2\n!ls\nif total:\n    %time print(total)\n"},
        [],
    ),
    "blank-not-in-solution": Case(
        {SOLUTION: "# %%\nprint(3)\n"},
        [(CHAPTER, 9, "blank-unaligned")],
    ),
    "exercise-not-utf8-with-blank": Case(
        {f"{SNIPPETS}/exc_01_01.py": "# %%\n# 합계\ntotal = ___ + 2\nprint(total)\n".encode("cp949")},
        [(f"{SNIPPETS}/exc_01_01.py", 2, "encoding")],
    ),
    "snippet-nul-character": Case(
        {SOLUTION: "# %%\ntotal = 3\x00\n"},
        [(SOLUTION, 2, "snippet-syntax")],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_case(name, tmp_path, capsys, monkeypatch):
    case = CASES[name]
    root = write_book(tmp_path / "book", case.files)
    result = run_check(root, capsys=capsys, monkeypatch=monkeypatch)
    assert result.located() == case.expected
    assert result.status == (1 if case.expected else 0)
    assert "Traceback" not in result.stdout + result.stderr


def test_encoding_message_names_byte_offset(tmp_path, capsys, monkeypatch):
    root = write_book(tmp_path / "book", CASES["chapter-invalid-byte-late"].files)
    result = run_check(root, capsys=capsys, monkeypatch=monkeypatch)
    offset = CHAPTER_TEXT.encode().index("힌트".encode())
    assert f"파일 처음부터 {offset}바이트 위치의 바이트 0xff" in result.reported()[0].message


def test_partly_missing_names_only_missing_files(tmp_path, capsys, monkeypatch):
    root = write_book(tmp_path / "book", CASES["snippets-partly-missing"].files)
    message = run_check(root, capsys=capsys, monkeypatch=monkeypatch).reported()[0].message
    assert "exc_01_01.py(연습 코드), test_01_01.py(테스트)" in message
    assert "solution_01_01.py" not in message


def test_unknown_tag_message_suggests_tag(tmp_path, capsys, monkeypatch):
    root = write_book(tmp_path / "book", CASES["unknown-tag-exercize"].files)
    message = run_check(root, capsys=capsys, monkeypatch=monkeypatch).reported()[0].message
    assert message == "알 수 없는 태그 <exercize>입니다. <exercise>를 쓰려던 것이라면 이름을 고치세요."


def test_syntax_message_names_python_error(tmp_path, capsys, monkeypatch):
    root = write_book(tmp_path / "book", CASES["snippet-syntax-error"].files)
    message = run_check(root, capsys=capsys, monkeypatch=monkeypatch).reported()[0].message
    assert message.startswith("스크립트에 문법 오류가 있습니다: expected ':'.")
