"""A chapter mistake fails ``sphinx-build -W`` with the code and line that ``coursebook check`` prints.

Each fixture builds a small book from ``tests/roots/one-codeblock`` with
several mistakes at once, then runs the check on the same copy.
"""

from __future__ import annotations

import pytest

from book_files import CheckRun, run_check
from sphinx_build import BuildResult, build_root

pytestmark = pytest.mark.build

CHAPTER = "book/chapters/chapter1.md"
SOLUTION = "snippets/chapter1/solution_01_01.py"

# A byte-order mark, a misspelled tag, a choice with two correct options, a
# missing deck and a repeated exercise id.
BROKEN_CHAPTER = """\ufeff---
title: '1장: 코드 블록 하나'
prev: null
next: null
---

<exercise id="1" title="계산하기">

아래 코드를 실행해 보세요.

<codeblock id="01_01">
</codeblock>

<exercize>

<choice>
<opt text="가" correct="true">맞습니다.</opt>
<opt text="나" correct="true">맞습니다.</opt>
</choice>

<slides source="nope">
</slides>

</exercise>

<exercise id="1" title="두 번째">

설명입니다.

</exercise>
"""

CHAPTER_CASES = [
    ("encoding", 1),
    ("tag-unknown", 14),
    ("choice-several-correct", 16),
    ("slides-missing", 21),
    ("duplicate-id", 26),
]

SYNTAX_SOLUTION = "# %%\ntotal = 1 + 2\n\n# %%\nif total\n    print(total)\n"


def _check_root(result: BuildResult, capsys, monkeypatch) -> CheckRun:
    return run_check(result.root_dir, capsys=capsys, monkeypatch=monkeypatch)


@pytest.fixture(scope="module")
def broken_chapter(tmp_path_factory) -> BuildResult:
    return build_root("one-codeblock", tmp_path_factory.mktemp("broken") / "root", files={CHAPTER: BROKEN_CHAPTER})


@pytest.fixture(scope="module")
def not_utf8(tmp_path_factory) -> BuildResult:
    """The one-codeblock book with its chapter saved as EUC-KR."""
    return build_root("not-utf8", tmp_path_factory.mktemp("not-utf8") / "root")


@pytest.fixture(scope="module")
def syntax_error(tmp_path_factory) -> BuildResult:
    return build_root("one-codeblock", tmp_path_factory.mktemp("syntax") / "root", files={SOLUTION: SYNTAX_SOLUTION})


def test_broken_chapter_build_fails(broken_chapter):
    assert broken_chapter.returncode == 1


def test_broken_chapter_build_has_no_traceback(broken_chapter):
    assert "Traceback" not in broken_chapter.stderr


@pytest.mark.parametrize(("code", "line"), CHAPTER_CASES)
def test_broken_chapter_build_location(broken_chapter, code, line):
    warnings = broken_chapter.warnings(f"coursebook.{code}")
    assert [warning.location for warning in warnings] == [f"{broken_chapter.root_dir / CHAPTER}:{line}"]


@pytest.mark.parametrize(("code", "line"), CHAPTER_CASES)
def test_broken_chapter_check_location(broken_chapter, code, line, capsys, monkeypatch):
    located = _check_root(broken_chapter, capsys, monkeypatch).located()
    assert [row for row in located if row[2] == code] == [(CHAPTER, line, code)]


@pytest.mark.parametrize(("code", "line"), CHAPTER_CASES)
def test_broken_chapter_same_message(broken_chapter, code, line, capsys, monkeypatch):
    built = broken_chapter.warnings(f"coursebook.{code}")[0].message
    checked = [item.message for item in _check_root(broken_chapter, capsys, monkeypatch).reported() if item.code == code]
    assert checked == [built]


def test_syntax_error_build_fails(syntax_error):
    assert syntax_error.returncode == 1


def test_syntax_error_build_location(syntax_error):
    warnings = syntax_error.warnings("coursebook.snippet-syntax")
    assert [warning.location for warning in warnings] == [f"{syntax_error.root_dir / SOLUTION}:5"]


def test_syntax_error_check_location(syntax_error, capsys, monkeypatch):
    located = _check_root(syntax_error, capsys, monkeypatch).located()
    assert located == [(SOLUTION, 5, "snippet-syntax")]


def test_not_utf8_build_fails_without_traceback(not_utf8):
    assert not_utf8.returncode == 1
    assert "Traceback" not in not_utf8.stderr


def test_not_utf8_build_location(not_utf8):
    warnings = not_utf8.warnings("coursebook.encoding")
    assert [warning.location for warning in warnings] == [f"{not_utf8.root_dir / CHAPTER}:2"]


def test_not_utf8_build_says_page_skipped(not_utf8):
    message = not_utf8.warnings("coursebook.encoding")[0].message
    assert message.endswith("이 페이지는 이번 빌드에서 뺐습니다.")


def test_not_utf8_check_location(not_utf8, capsys, monkeypatch):
    located = _check_root(not_utf8, capsys, monkeypatch).located()
    assert located == [(CHAPTER, 2, "encoding")]


@pytest.fixture(scope="module")
def snippet_not_utf8(tmp_path_factory) -> BuildResult:
    """The one-codeblock book with its exercise script saved as CP949."""
    return build_root("not-utf8-snippet", tmp_path_factory.mktemp("snippet-not-utf8") / "root")


EXERCISE = "snippets/chapter1/exc_01_01.py"


def test_snippet_not_utf8_build_fails_without_traceback(snippet_not_utf8):
    assert snippet_not_utf8.returncode == 1
    assert "Traceback" not in snippet_not_utf8.stderr


def test_snippet_not_utf8_build_location(snippet_not_utf8):
    warnings = snippet_not_utf8.warnings("coursebook.encoding")
    assert [warning.location for warning in warnings] == [f"{snippet_not_utf8.root_dir / EXERCISE}:2"]


def test_snippet_not_utf8_check_location(snippet_not_utf8, capsys, monkeypatch):
    located = _check_root(snippet_not_utf8, capsys, monkeypatch).located()
    assert located == [(EXERCISE, 2, "encoding")]
