"""Code blocks that share one kernel do not see each other's state.

The build runs every code block on a single kernel (one worker), in page
order: 01_01 changes the process state that the hidden reset cell restores,
01_02 prints that state, and 01_03 and 03_01 each import a helper module
named ``dup`` from their own chapter folder.
"""

from __future__ import annotations

import pytest

from execution_log import executed_codeblocks
from sphinx_build import BuildResult, build_root

pytestmark = pytest.mark.build

LEAKER = """\
# %%
import os
import sys
import warnings

import matplotlib.pyplot as plt

os.chdir("/")
sys.path.insert(0, "/leaked-path")
warnings.simplefilter("ignore")
plt.figure()
LEAKED_GLOBAL = 1
os.environ["COURSEBOOK_LEAKED"] = "1"
plt.rcParams["lines.linewidth"] = 9
print("leaker pid:", os.getpid())
"""

OBSERVER = """\
# %%
import os
import sys
import warnings

import matplotlib.pyplot as plt

print("observer pid:", os.getpid())
print("cwd is chapters:", os.getcwd().endswith("book/chapters"))
print("leaked path:", "/leaked-path" in sys.path)
print("ignore filter first:", warnings.filters[0][0] == "ignore" and warnings.filters[0][1] is None)
print("figures:", plt.get_fignums())
print("leaked global:", "LEAKED_GLOBAL" in globals())
print("leaked variable:", os.environ.get("COURSEBOOK_LEAKED"))
print("line width:", plt.rcParams["lines.linewidth"])
"""

IMPORT_DUP = """\
# %%
import dup

print("dup:", dup.NAME)
"""


def chapter(title: str, codeblocks: list[str]) -> str:
    exercises = "".join(
        f'<exercise id="{number}" title="블록 {codeblock}">\n\n설명.\n\n<codeblock id="{codeblock}">\n</codeblock>\n\n</exercise>\n\n'
        for number, codeblock in enumerate(codeblocks, start=1)
    )
    return f"---\ntitle: '{title}'\nprev: null\nnext: null\n---\n\n{exercises}"


def snippet_files(folder: str, solutions: dict[str, str]) -> dict[str, str | None]:
    files: dict[str, str | None] = {}
    for codeblock, source in solutions.items():
        files[f"snippets/{folder}/solution_{codeblock}.py"] = source
        files[f"snippets/{folder}/exc_{codeblock}.py"] = source
        files[f"snippets/{folder}/test_{codeblock}.py"] = "# %%\nassert True\n"
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> BuildResult:
    chapter1 = {"01_01": LEAKER, "01_02": OBSERVER, "01_03": IMPORT_DUP}
    chapter3 = {"03_01": IMPORT_DUP}
    files = {
        "book/chapters/chapter1.md": chapter("1장: 상태 남기기", list(chapter1)),
        "book/chapters/chapter3.md": chapter("3장: 같은 이름의 도우미", list(chapter3)),
        "snippets/chapter1/shapes.py": None,
        "snippets/chapter1/dup.py": 'NAME = "chapter1"\n',
        "snippets/chapter3/dup.py": 'NAME = "chapter3"\n',
        **snippet_files("chapter1", chapter1),
        **snippet_files("chapter3", chapter3),
    }
    result = build_root(
        "incremental",
        tmp_path_factory.mktemp("isolation") / "book",
        files=files,
        overrides={"coursebook_execution_workers": "1"},
    )
    assert result.returncode == 0, result.stderr
    return result


def output_lines(result: BuildResult, docname: str) -> list[str]:
    return [
        line.strip()
        for output in result.page(docname).select(".cell_output")
        for line in output.get_text().splitlines()
        if line.strip()
    ]


def test_blocks_share_one_kernel_in_order(built):
    assert executed_codeblocks(built.stdout + built.stderr) == ["01_01", "01_02", "01_03", "03_01"]
    lines = output_lines(built, "chapters/chapter1")
    leaker = [line.split(": ")[1] for line in lines if line.startswith("leaker pid:")]
    observer = [line.split(": ")[1] for line in lines if line.startswith("observer pid:")]
    assert len(leaker) == 1
    assert observer == leaker


@pytest.mark.parametrize(
    "line",
    [
        "cwd is chapters: True",
        "leaked path: False",
        "ignore filter first: False",
        "figures: []",
        "leaked global: False",
        "leaked variable: None",
        "line width: 1.5",
    ],
)
def test_observer_sees_fresh_state(built, line):
    assert line in output_lines(built, "chapters/chapter1")


def test_same_helper_name_per_chapter(built):
    assert "dup: chapter1" in output_lines(built, "chapters/chapter1")
    assert output_lines(built, "chapters/chapter3") == ["dup: chapter3"]
