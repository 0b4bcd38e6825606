"""Build pages whose snippets print far too much, and check the cut outputs.

The kernel cap (coursebook.output_limit) and the page note
(coursebook.sphinx.long_outputs) work together here through a real
``sphinx-build`` of the one-codeblock root.
"""

from __future__ import annotations

import pytest

from coursebook.output_limit import OUTPUT_LIMIT, TRUNCATED_PREFIX
from sphinx_build import BuildResult, build_root

pytestmark = pytest.mark.build

CHAPTER = "chapters/chapter1"
SOLUTION = "snippets/chapter1/solution_01_01.py"

# Two cut outputs and room for the rest of the page: the theme, the exercise
# and the solution's code took about 17 kB in this fixture.
MAX_PAGE_BYTES = 2 * OUTPUT_LIMIT + 100_000

MEGABYTES_SOLUTION = """\
# %%
for number in range(50_000):
    print("x" * 99)

# %%
"y" * 1_000_000
"""

ENDLESS_SOLUTION = """\
# %%
while True:
    print("loop line")
"""


def notes(result: BuildResult) -> list[str]:
    return [note.get_text() for note in result.page(CHAPTER).select("p.cb-output-truncated")]


@pytest.fixture(scope="module")
def megabytes(tmp_path_factory) -> BuildResult:
    root = tmp_path_factory.mktemp("megabytes") / "root"
    return build_root("one-codeblock", root, files={SOLUTION: MEGABYTES_SOLUTION})


def test_megabytes_build_passes(megabytes):
    assert megabytes.returncode == 0, megabytes.stderr


def test_megabytes_notes(megabytes):
    assert notes(megabytes) == [
        "출력이 너무 길어 처음 100,000자만 보여 줍니다(잘린 분량: 4,900,000자).",
        # The repr of the string adds two quotes: 1,000,002 characters.
        "출력이 너무 길어 처음 100,000자만 보여 줍니다(잘린 분량: 900,002자).",
    ]


def test_megabytes_page_small(megabytes):
    size = len(megabytes.page_text(CHAPTER).encode("utf-8"))
    assert size < MAX_PAGE_BYTES


def test_megabytes_outputs_cut(megabytes):
    outputs = megabytes.page(CHAPTER).select("details.cb-solution .cell_output pre")
    assert [len(output.get_text().rstrip("\n")) for output in outputs] == [OUTPUT_LIMIT - 1, OUTPUT_LIMIT]


def test_megabytes_no_record_on_page(megabytes):
    assert TRUNCATED_PREFIX.strip() not in megabytes.page_text(CHAPTER)


def test_megabytes_logged(megabytes):
    logged = [line for line in megabytes.stdout.splitlines() if "출력이 100,000자를 넘어 잘랐습니다" in line]
    assert len(logged) == 2, megabytes.stdout
    assert "코드 블록 01_01" in logged[0]
    assert "잘린 분량: 4,900,000자" in logged[0]


@pytest.fixture(scope="module")
def endless(tmp_path_factory) -> BuildResult:
    root = tmp_path_factory.mktemp("endless") / "root"
    # The prelude imports torch under the same per-cell limit, so the limit
    # leaves room for that import, as the times-out case of test_fixture_builds does.
    return build_root(
        "one-codeblock", root, files={SOLUTION: ENDLESS_SOLUTION}, overrides={"nb_execution_timeout": "10"}
    )


def test_endless_build_fails(endless):
    assert endless.returncode == 1


def test_endless_timeout_reported(endless):
    errors = endless.warnings("coursebook.snippet-error")
    assert [error.location for error in errors] == [f"{endless.root_dir / SOLUTION}:3"]
    assert "실행 시간 제한 10초를 넘겼습니다" in errors[0].message


def test_endless_page_small(endless):
    size = len(endless.page_text(CHAPTER).encode("utf-8"))
    assert size < MAX_PAGE_BYTES


def test_endless_note_shown(endless):
    found = notes(endless)
    assert len(found) == 1
    # The count is there only if the kernel sent it before it was shut down.
    assert found[0].startswith("출력이 너무 길어 처음 100,000자만 보여 줍니다")


def test_endless_no_record_on_page(endless):
    assert TRUNCATED_PREFIX.strip() not in endless.page_text(CHAPTER)
