"""``coursebook check``: output format, exit status, suppression and speed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from book_files import CHAPTER, SNIPPETS, edit_chapter, run_check, write_book

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def check(tmp_path, capsys, monkeypatch):
    def run(files=None, *args, conf=""):
        root = write_book(tmp_path / "book", files, conf=conf)
        return run_check(root, *args, capsys=capsys, monkeypatch=monkeypatch)

    return run


def test_clean_book_exit_status(check):
    assert check().status == 0


def test_clean_book_prints_only_summary(check):
    result = check()
    assert result.stdout.splitlines() == ["문제가 없습니다. 장 1개, 스니펫 3개, 슬라이드 1개를 검사했습니다."]


def test_problem_exit_status(check):
    assert check({f"{SNIPPETS}/test_01_01.py": None}).status == 1


def test_problem_line_format(check):
    result = check({f"{SNIPPETS}/test_01_01.py": None})
    assert result.stdout.splitlines()[0] == (
        f"{CHAPTER}:9: 코드 블록 01_01의 스크립트가 없습니다: test_01_01.py(테스트). "
        f"{Path.cwd() / 'snippets'} 아래에 만드세요. [coursebook.codeblock-missing-snippet]"
    )


def test_problem_summary_counts(check):
    result = check({f"{SNIPPETS}/test_01_01.py": None})
    assert result.summary().startswith("문제 1개를 찾았습니다.")


def test_suppress_option_hides_code(check):
    result = check({f"{SNIPPETS}/test_01_01.py": None}, "--suppress", "codeblock-missing-snippet")
    assert (result.status, result.reported()) == (0, [])


def test_suppress_option_accepts_qualified_code(check):
    result = check({f"{SNIPPETS}/test_01_01.py": None}, "--suppress", "coursebook.codeblock-missing-snippet")
    assert result.status == 0


def test_suppress_summary_counts_hidden(check):
    result = check({f"{SNIPPETS}/test_01_01.py": None}, "--suppress", "codeblock-missing-snippet")
    assert "숨기도록 설정한 코드의 문제 1개는 빼고" in result.summary()


def test_suppress_warnings_from_conf(check):
    result = check(
        {f"{SNIPPETS}/test_01_01.py": None}, conf='suppress_warnings = ["coursebook.codeblock-missing-snippet"]\n'
    )
    assert result.status == 0


def test_suppress_warnings_whole_type_from_conf(check):
    result = check({f"{SNIPPETS}/test_01_01.py": None}, conf='suppress_warnings = ["coursebook"]\n')
    assert result.status == 0


def test_suppress_unknown_code_is_usage_error(check):
    result = check(None, "--suppress", "no-such-code")
    assert result.status == 2
    assert "알 수 없는 진단 코드입니다: no-such-code" in result.stderr


def test_missing_path_is_usage_error(check):
    result = check(None, "book/chapters/nope.md")
    assert result.status == 2
    assert "경로를 찾지 못했습니다: book/chapters/nope.md" in result.stderr


def test_path_argument_checks_only_that_chapter(check):
    other = edit_chapter('<codeblock id="01_01">', '<codeblock id="01_01">\n<codeblok>')
    result = check({"book/chapters/other.md": other}, CHAPTER)
    assert (result.status, result.reported()) == (0, [])


def test_folder_argument_checks_every_chapter(check):
    other = edit_chapter('<codeblock id="01_01">', '<codeblock id="01_01">\n<codeblok>')
    result = check({"book/chapters/other.md": other}, "book/chapters")
    assert result.located() == [("book/chapters/other.md", 10, "tag-unknown")]


def test_snippet_path_argument(check):
    result = check({f"{SNIPPETS}/solution_01_01.py": "# %%\nx = (\n"}, f"{SNIPPETS}/solution_01_01.py")
    assert result.located() == [(f"{SNIPPETS}/solution_01_01.py", 2, "snippet-syntax")]


def test_conf_layout_folders(check):
    files = {CHAPTER: None, "pages/one.md": edit_chapter("<slides source=\"deck\">", "<slides source=\"nope\">")}
    result = check(files, conf='coursebook_chapters_dir = "pages"\n')
    assert result.located() == [("pages/one.md", 22, "slides-missing")]


def test_root_found_above_working_folder(tmp_path, capsys, monkeypatch):
    root = write_book(tmp_path / "book", {f"{SNIPPETS}/test_01_01.py": None})
    result = run_check(root / "book" / "chapters", capsys=capsys, monkeypatch=monkeypatch)
    assert result.located() == [("chapter1.md", 9, "codeblock-missing-snippet")]


def _run_cli(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "coursebook", *args], cwd=cwd, env=environment, capture_output=True, timeout=60
    )


def test_chapter2_check_under_three_seconds():
    started = time.perf_counter()
    completed = _run_cli(["check", "book/chapters/chapter2.md"], REPO)
    elapsed = time.perf_counter() - started
    assert b"Traceback" not in completed.stderr
    assert elapsed < 3.0, f"coursebook check took {elapsed:.2f} s"


def test_check_imports_no_fastai_or_torch(tmp_path):
    write_book(tmp_path / "book")
    code = (
        "import sys\nfrom coursebook.cli import main\nstatus = main(['check'])\n"
        "heavy = sorted(m for m in ('fastai', 'torch', 'torchvision') if m in sys.modules)\n"
        "print('HEAVY', heavy, status)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path / "book",
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.stdout.splitlines()[-1] == "HEAVY [] 0"


def test_folder_argument_skips_other_pages(check):
    result = check({"book/index.md": "# 목차\n"}, "book")
    assert (result.status, result.reported()) == (0, [])
    assert result.summary() == "문제가 없습니다. 장 1개, 스니펫 0개, 슬라이드 1개를 검사했습니다."


def test_missing_chapters_folder_is_usage_error(tmp_path, capsys, monkeypatch):
    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    result = run_check(tmp_path, capsys=capsys, monkeypatch=monkeypatch)
    assert result.status == 2
    assert f"장 폴더 {tmp_path / 'book/chapters'}가 없습니다." in result.stderr


def test_conf_syntax_error_is_usage_error(check):
    result = check(None, conf="suppress_warnings = [\n")
    assert result.status == 2
    assert "conf.py를 읽지 못했습니다" in result.stderr
    assert "Traceback" not in result.stderr
