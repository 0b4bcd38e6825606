"""Check every code block's snippet scripts in a real Jupyter kernel.

For each code block id found under ``snippets/``, the solution followed by
its test must pass, and the learner's exercise followed by the same test
must fail. The scripts fetch their data with fastai's ``untar_data`` and load
ResNet-18 weights through torch.hub, so the kernels run against a private
cache that :func:`coursebook.provision.provision` fills without network
access: from ``COURSEBOOK_DATA_DIR`` or the shared data folder next to the
repository when one exists, and from generated stand-ins otherwise.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest

from coursebook.kernel import RunResult, run_notebook
from coursebook.provision import local_dir_from_env, provision
from coursebook.snippets import SnippetFiles, codeblock_notebook, index_snippets

REPO_ROOT = Path(__file__).resolve().parents[1]
SNIPPETS_DIR = REPO_ROOT / "snippets"
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"

CODEBLOCKS: dict[str, SnippetFiles] = index_snippets(SNIPPETS_DIR)
CODEBLOCK_IDS = sorted(CODEBLOCKS)

# IPython binds ``___`` to the third-last output, which is '' in a fresh
# kernel, so an unfilled blank raises no NameError. Each snippet test
# therefore checks the values that the blank should have produced.
BLANK = "___"

# Code blocks whose exercise has no blank, so it passes its own test.
EXERCISES_WITHOUT_BLANKS = {
    "02_04": "the learner only runs the code to look at train.csv, so exc equals the solution",
}

# Limit for one cell, in seconds. The slowest code block, 02_07 with
# fine_tune(3) on eight 128-pixel images, took 10 to 32 s for the whole
# kernel in measured runs on a 2-core CPU machine.
CELL_TIMEOUT = 300


@pytest.fixture(scope="session")
def snippet_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Return FASTAI_HOME and TORCH_HOME of a cache with the datasets and weights."""
    local_dir = local_dir_from_env() or SHARED_DATA
    cache_root = tmp_path_factory.mktemp("snippet-cache")
    report = provision(cache_root, local_dir=local_dir, download=False)
    return report.environ()


def run_with_test(files: SnippetFiles, variant: str, env: dict[str, str], cwd: Path) -> RunResult:
    notebook = codeblock_notebook(files, variant, with_test=True)
    return run_notebook(notebook, cwd=cwd, env=env, timeout=CELL_TIMEOUT)


def describe_failure(result: RunResult) -> str:
    if result.error is None:
        return "no error"
    location = result.error.location() or "unknown cell"
    reason = "timed out" if result.timed_out else result.error.summary
    return f"{location}: {reason}"


@pytest.mark.parametrize("codeblock_id", CODEBLOCK_IDS)
def test_snippet_files_complete(codeblock_id: str) -> None:
    assert CODEBLOCKS[codeblock_id].missing_kinds() == []


@pytest.mark.parametrize("codeblock_id", CODEBLOCK_IDS)
def test_snippets_roundtrip_jupytext(codeblock_id: str) -> None:
    for path in CODEBLOCKS[codeblock_id].existing():
        text = path.read_text(encoding="utf-8")
        notebook = jupytext.reads(text, fmt="py:percent")
        assert jupytext.writes(notebook, fmt="py:percent") == text, f"{path} changes in a jupytext round trip"


@pytest.mark.parametrize("codeblock_id", CODEBLOCK_IDS)
def test_exercise_has_blank(codeblock_id: str) -> None:
    files = CODEBLOCKS[codeblock_id]
    exercise = files.exercise.read_text(encoding="utf-8")
    solution = files.solution.read_text(encoding="utf-8")

    assert BLANK not in solution, f"{files.solution} contains the blank {BLANK}"
    if codeblock_id in EXERCISES_WITHOUT_BLANKS:
        assert exercise == solution, f"{files.exercise} must equal the solution because it has no blank"
    else:
        assert BLANK in exercise, f"{files.exercise} has no blank {BLANK}"


@pytest.mark.parametrize("codeblock_id", CODEBLOCK_IDS)
def test_solution_passes_test(codeblock_id: str, snippet_env: dict[str, str], tmp_path: Path) -> None:
    result = run_with_test(CODEBLOCKS[codeblock_id], "solution", snippet_env, tmp_path)
    assert result.ok, describe_failure(result)


@pytest.mark.parametrize("codeblock_id", CODEBLOCK_IDS)
def test_exercise_fails_test(codeblock_id: str, snippet_env: dict[str, str], tmp_path: Path) -> None:
    if codeblock_id in EXERCISES_WITHOUT_BLANKS:
        pytest.skip(EXERCISES_WITHOUT_BLANKS[codeblock_id])

    result = run_with_test(CODEBLOCKS[codeblock_id], "exercise", snippet_env, tmp_path)
    assert not result.ok, "the unfinished exercise passes its test, so the test cannot tell it from the solution"
    assert not result.timed_out, describe_failure(result)
