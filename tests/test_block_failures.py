"""Code blocks that kill, exit or hang their kernel, and a cache folder that cannot be written.

Every code block of chapter 1 runs on one kernel (one worker), so each
failure must leave a working kernel for the blocks after it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from execution_log import executed_codeblocks
from sphinx_build import BuildResult, build_root, run_build
from test_block_isolation import chapter, snippet_files

pytestmark = pytest.mark.build

TIMEOUT = 10

SOLUTIONS = {
    "01_01": "# %%\nimport os\nos._exit(1)\n",
    "01_02": "# %%\nimport sys\nsys.exit()\n",
    "01_03": "# %%\nraise SystemExit\n",
    "01_04": "# %%\nimport ctypes\nctypes.string_at(0)\n",
    "01_05": (
        "# %%\nimport time\nwhile True:\n    try:\n        time.sleep(1)\n"
        "    except KeyboardInterrupt:\n        pass\n"
    ),
    "01_06": '# %%\nprint("still runs")\n',
}
FAILED = ["01_01", "01_02", "01_03", "01_04", "01_05"]

SUFFIX = ". 스크립트의 이 줄을 고친 뒤 다시 빌드하세요."
EXPECTED_MESSAGES = {
    "01_01": "실행 중에 커널이 멈췄습니다. 메모리가 부족했을 수 있습니다",
    "01_02": "SystemExit",
    "01_03": "SystemExit",
    "01_04": "실행 중에 커널이 멈췄습니다. 메모리가 부족했을 수 있습니다",
    "01_05": f"실행 시간 제한 {TIMEOUT}초를 넘겼습니다",
}


def log(result: BuildResult) -> str:
    return result.stdout + result.stderr


def processes_in(folder: Path) -> list[int]:
    """Return the ids of processes whose working folder is under ``folder``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        if cwd == str(folder) or cwd.startswith(f"{folder}/"):
            found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def failing(tmp_path_factory) -> tuple[BuildResult, BuildResult]:
    files = {
        "book/chapters/chapter1.md": chapter("1장: 커널 망가뜨리기", list(SOLUTIONS)),
        "snippets/chapter1/shapes.py": None,
        **snippet_files("chapter1", SOLUTIONS),
    }
    overrides = {"coursebook_execution_workers": "1", "nb_execution_timeout": str(TIMEOUT)}
    first = build_root("incremental", tmp_path_factory.mktemp("failing") / "book", files=files, overrides=overrides)
    again = run_build(first.root_dir, overrides=overrides)
    return first, again


def test_failures_fail_build(failing):
    first, _ = failing
    assert first.returncode == 1


def test_failures_one_located_warning_each(failing):
    first, _ = failing
    root = first.root_dir
    expected = [
        (f"{root}/snippets/chapter1/solution_{codeblock}.py:2", f"코드 블록 {codeblock}의 정답 스크립트를 실행하다 오류가 났습니다: {summary}{SUFFIX}")
        for codeblock, summary in EXPECTED_MESSAGES.items()
    ]
    found = [(warning.location, warning.message) for warning in first.warnings()]
    assert found == expected


def test_failures_leave_next_block_running(failing):
    first, _ = failing
    outputs = [output.get_text().strip() for output in first.page("chapters/chapter1").select(".cell_output")]
    assert "still runs" in outputs


def test_failures_show_no_traceback(failing):
    first, _ = failing
    assert "Traceback" not in first.page("chapters/chapter1").get_text()
    assert "Traceback" not in log(first)
    assert len(first.page("chapters/chapter1").select(".cb-exec-error")) == len(FAILED)


def test_failures_retried_next_build(failing):
    _, again = failing
    assert again.returncode == 1
    assert sorted(executed_codeblocks(log(again))) == FAILED
    assert len(again.warnings("coursebook.snippet-error")) == len(FAILED)


def test_failures_leave_no_kernel(failing):
    first, _ = failing
    assert processes_in(first.root_dir) == []


def test_unwritable_cache_warns_once(tmp_path):
    # A file where the cache folder should be cannot be written, even by root.
    cache = tmp_path / "cache"
    cache.mkdir()
    blocks = cache / "coursebook-blocks"
    blocks.write_text("not a folder", encoding="utf-8")
    first = build_root("incremental", tmp_path / "book", overrides={"nb_execution_cache_path": str(cache)})
    assert first.returncode == 1
    assert "Traceback" not in log(first)
    warnings = [line for line in first.stderr.splitlines() if "WARNING:" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"WARNING: 코드 블록 실행 결과를 캐시 폴더 {blocks}에 저장하지 못했습니다: ")
    assert warnings[0].endswith("[coursebook.cache]")
    text = first.page("chapters/chapter1").get_text()
    assert "total: 3" in text
    assert "area: 6" in text
