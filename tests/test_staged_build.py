"""``coursebook build`` publishes only successful builds, and a direct sphinx-build notes a failure.

The books here have text-only chapters, so no kernel starts and each build
takes a few seconds. The broken chapter leaves a tag unclosed, which is a
located warning and so a failure under -W.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from sphinx_build import CONF_TEMPLATE, build_root, copy_root

REPO = Path(__file__).resolve().parent.parent

CHAPTER = """\
---
title: '1장: 글만 있는 장'
prev: null
next: null
---

<exercise id="1" title="읽기">

{body}

</exercise>
"""
GOOD_CHAPTER = CHAPTER.format(body="처음 본문입니다.")
FIXED_CHAPTER = CHAPTER.format(body="고친 본문입니다.")
BROKEN_CHAPTER = GOOD_CHAPTER.replace("</exercise>\n", "")

SECOND_CHAPTER = CHAPTER.replace("1장", "2장").format(body="둘째 장입니다.")
INDEX_ONE = "# 시험용 책\n\n```{toctree}\nchapters/chapter1\n```\n"
INDEX_TWO = "# 시험용 책\n\n```{toctree}\nchapters/chapter1\nchapters/chapter2\n```\n"

CHAPTER_PATH = "book/chapters/chapter1.md"
UNCLOSED_WARNING = "WARNING: 7번째 줄의 <exercise> 태그가 닫히지 않았습니다. </exercise>를 넣으세요. [coursebook.tag-unclosed]"

SUCCESS_RE = re.compile(
    r"^빌드에 성공해 책을 _build/html에 반영했습니다\(바뀐 파일 (\d+)개 복사, 없어진 파일 (\d+)개 삭제\)\. "
    r"책: _build/html/index\.html$"
)
FAILURE_KEPT = (
    "빌드에 실패했습니다(sphinx-build 종료 코드 1). _build/html 폴더는 바꾸지 않았으며, "
    "마지막으로 성공한 빌드의 결과가 그대로 있습니다. 실패한 빌드의 페이지는 _build/staging에서 볼 수 있습니다. "
    "위의 경고와 오류를 고친 뒤 다시 빌드하세요."
)
FAILURE_NONE = (
    "빌드에 실패했습니다(sphinx-build 종료 코드 1). 아직 성공한 빌드가 없어 _build/html 폴더는 없습니다. "
    "실패한 빌드의 페이지는 _build/staging에서 볼 수 있습니다. 위의 경고와 오류를 고친 뒤 다시 빌드하세요."
)
RESET_AFTER_FAILURE = "지난 빌드가 실패했거나 중단되어, 이번에는 모든 페이지를 다시 읽고 씁니다."
RESET_AFTER_REMOVAL = "책에서 없어진 파일이 있어, 그 페이지가 남지 않도록 staging 폴더를 비우고 모든 페이지를 다시 씁니다."
DIRECT_NOTE = (
    "빌드에 실패했습니다. 출력 폴더 {outdir}에는 이제 실패한 빌드의 페이지가 섞여 있을 수 있습니다. "
    "마지막으로 성공한 결과를 남기려면 make book(python -m coursebook build)으로 빌드하세요."
)


def _write_book(root: Path, files: dict[str, str | None] | None = None) -> Path:
    copy_root("one-codeblock", root, {CHAPTER_PATH: GOOD_CHAPTER, **(files or {})})
    (root / "conf.py").write_text(
        CONF_TEMPLATE.format(cache_path=str(root / "_build" / "jupyter_cache")), encoding="utf-8"
    )
    return root


def _edit(root: Path, files: dict[str, str | None]) -> None:
    for relative, text in files.items():
        if text is None:
            (root / relative).unlink()
        else:
            (root / relative).write_text(text, encoding="utf-8")


def _build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coursebook", "build", "--no-color"],
        cwd=root,
        # Without PYTHONUNBUFFERED, as under tox: the command's own messages
        # are block-buffered into the pipe and must still come first.
        env={**{k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Return each file's bytes and modification time, by path relative to ``folder``."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _contents(folder: Path) -> dict[str, bytes]:
    return {relative: data for relative, (data, _) in _snapshot(folder).items()}


def _last_line(text: str) -> str:
    return text.rstrip("\n").splitlines()[-1]


def test_good_build_publishes(tmp_path):
    root = _write_book(tmp_path / "book")
    result = _build(root)
    staging = _contents(root / "_build" / "staging")

    assert result.returncode == 0, result.stderr
    assert _contents(root / "_build" / "html") == staging
    match = SUCCESS_RE.match(_last_line(result.stdout))
    assert match, result.stdout
    assert int(match[1]) == len(staging)
    assert int(match[2]) == 0
    assert not (root / "_build" / "staging.unpublished").exists()


def test_failed_build_keeps_published(tmp_path):
    root = _write_book(tmp_path / "book")
    assert _build(root).returncode == 0
    published = _snapshot(root / "_build" / "html")

    _edit(root, {CHAPTER_PATH: BROKEN_CHAPTER})
    result = _build(root)

    assert result.returncode == 1
    assert _snapshot(root / "_build" / "html") == published
    assert _last_line(result.stderr) == FAILURE_KEPT
    assert any(line.endswith(UNCLOSED_WARNING) for line in result.stderr.splitlines()), result.stderr
    staged_page = (root / "_build" / "staging" / "chapters" / "chapter1.html").read_bytes()
    assert staged_page != published["chapters/chapter1.html"][0]
    # The command prints its own message, so the extension's note is left out.
    assert "make book(python -m coursebook build)" not in result.stdout


def test_rerun_without_fix_fails_again(tmp_path):
    root = _write_book(tmp_path / "book")
    assert _build(root).returncode == 0
    published = _snapshot(root / "_build" / "html")
    _edit(root, {CHAPTER_PATH: BROKEN_CHAPTER})
    assert _build(root).returncode == 1

    # Sphinx alone would skip the unchanged page, not warn, and exit 0.
    result = _build(root)

    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == RESET_AFTER_FAILURE
    assert any(line.endswith(UNCLOSED_WARNING) for line in result.stderr.splitlines()), result.stderr
    assert _snapshot(root / "_build" / "html") == published
    assert _last_line(result.stderr) == FAILURE_KEPT


def test_fixed_build_publishes_update(tmp_path):
    root = _write_book(tmp_path / "book")
    assert _build(root).returncode == 0
    _edit(root, {CHAPTER_PATH: BROKEN_CHAPTER})
    assert _build(root).returncode == 1

    _edit(root, {CHAPTER_PATH: FIXED_CHAPTER})
    result = _build(root)

    assert result.returncode == 0, result.stderr
    page = (root / "_build" / "html" / "chapters" / "chapter1.html").read_text(encoding="utf-8")
    assert "고친 본문입니다." in page
    assert "처음 본문입니다." not in page
    assert _contents(root / "_build" / "html") == _contents(root / "_build" / "staging")
    assert SUCCESS_RE.match(_last_line(result.stdout)), result.stdout
    assert not (root / "_build" / "staging.unpublished").exists()


def test_removed_page_disappears(tmp_path):
    root = _write_book(tmp_path / "book", {"book/chapters/chapter2.md": SECOND_CHAPTER, "book/index.md": INDEX_TWO})
    assert _build(root).returncode == 0
    html = root / "_build" / "html"
    before = set(_contents(html))
    assert "chapters/chapter2.html" in before

    _edit(root, {"book/chapters/chapter2.md": None, "book/index.md": INDEX_ONE})
    result = _build(root)

    assert result.returncode == 0, result.stderr
    assert not (html / "chapters" / "chapter2.html").exists()
    assert not (html / "_sources" / "chapters" / "chapter2.md").exists()
    assert (html / "chapters" / "chapter1.html").is_file()
    assert result.stdout.splitlines()[0] == RESET_AFTER_REMOVAL
    match = SUCCESS_RE.match(_last_line(result.stdout))
    assert match, result.stdout
    assert int(match[2]) == len(before - set(_contents(html)))


def test_first_build_failing_publishes_nothing(tmp_path):
    root = _write_book(tmp_path / "book", {CHAPTER_PATH: BROKEN_CHAPTER})
    result = _build(root)

    assert result.returncode == 1
    assert not (root / "_build" / "html").exists()
    assert _last_line(result.stderr) == FAILURE_NONE
    assert (root / "_build" / "staging" / "chapters" / "chapter1.html").is_file()


def test_build_without_conf_is_usage_error(tmp_path):
    result = _build(tmp_path)

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{tmp_path.resolve()}에 conf.py나 book 폴더가 없습니다. 책 폴더에서 실행하거나 --root로 그 폴더를 지정하세요."
    ]
    assert not (tmp_path / "_build").exists()


def test_direct_failed_build_notes_output(tmp_path):
    result = build_root("one-codeblock", tmp_path / "book", files={CHAPTER_PATH: BROKEN_CHAPTER})

    assert result.returncode == 1
    assert DIRECT_NOTE.format(outdir=result.html_dir) in result.stdout.splitlines()
    # Info, not a warning: the one tag-unclosed warning stays the only one.
    assert [warning.tag for warning in result.warnings()] == ["coursebook.tag-unclosed"]


def test_direct_good_build_has_no_note(tmp_path):
    result = build_root("one-codeblock", tmp_path / "book", files={CHAPTER_PATH: GOOD_CHAPTER})

    assert result.returncode == 0, result.stderr
    assert "make book(python -m coursebook build)" not in result.stdout
