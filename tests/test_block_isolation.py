"""Code blocks that share one kernel do not see each other's state.

The build runs every code block on a single kernel (one worker), in page
order: 01_01 changes the process state that the hidden reset cell restores,
01_02 prints that state, and 01_03 and 03_01 each import a helper module
named ``dup`` from their own chapter folder. 01_04 and 01_05 import a library
that draws a random number and warns at import, and warns again when called.
"""

from __future__ import annotations

import os

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


# Stands in for an installed library: its folder is named site-packages.
LIBRARY = """\
import random
import warnings

warnings.warn("importwarn: 불러올 때 경고", UserWarning)
DRAWN_AT_IMPORT = random.random()


def call():
    warnings.warn("importwarn: 부를 때 경고", UserWarning)
"""

IMPORT_LIBRARY = """\
# %%
import random

import importwarn

importwarn.call()
print("random:", random.random())
"""

# Imported by name at run time, so only the prelude's warning hook catches its warning.
IMPORT_LATER = """\
import importlib

importlib.import_module("laterwarn")
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
    chapter1 = {
        "01_01": LEAKER,
        "01_02": OBSERVER,
        "01_03": IMPORT_DUP,
        "01_04": IMPORT_LIBRARY,
        # The import that the reset cell cannot see also changes the cache key.
        "01_05": IMPORT_LIBRARY + IMPORT_LATER,
    }
    chapter3 = {"03_01": IMPORT_DUP}
    files = {
        "book/chapters/chapter1.md": chapter("1장: 상태 남기기", list(chapter1)),
        "book/chapters/chapter3.md": chapter("3장: 같은 이름의 도우미", list(chapter3)),
        "snippets/chapter1/shapes.py": None,
        "snippets/chapter1/dup.py": 'NAME = "chapter1"\n',
        "snippets/chapter3/dup.py": 'NAME = "chapter3"\n',
        "libs/site-packages/importwarn.py": LIBRARY,
        "libs/site-packages/laterwarn.py": 'import warnings\n\nwarnings.warn("laterwarn: 불러올 때 경고", UserWarning)\n',
        **snippet_files("chapter1", chapter1),
        **snippet_files("chapter3", chapter3),
    }
    root = tmp_path_factory.mktemp("isolation") / "book"
    library = root.resolve() / "libs" / "site-packages"
    result = build_root(
        "incremental",
        root,
        files=files,
        overrides={"coursebook_execution_workers": "1"},
        # On the kernel's import path from the start, as an installed library is.
        env={"PYTHONPATH": os.pathsep.join(filter(None, [str(library), os.environ.get("PYTHONPATH")]))},
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
    assert executed_codeblocks(built.stdout + built.stderr) == ["01_01", "01_02", "01_03", "01_04", "01_05", "03_01"]
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


@pytest.mark.parametrize("codeblock", ["01_04", "01_05"])
def test_library_import_warning_left_out(built, codeblock):
    # Only 01_04 imports importwarn on the shared kernel, and 01_05 imports
    # laterwarn where the reset cell cannot see it: both show one warning.
    solution = built.page("chapters/chapter1").select_one(f"#codeblock-{codeblock} details.cb-solution")
    boxes = [box.select_one("pre").get_text().strip() for box in solution.select(".cb-kernel-warning")]
    assert boxes == ["UserWarning: importwarn: 부를 때 경고"]


@pytest.mark.parametrize("codeblock", ["01_04", "01_05"])
def test_library_import_draws_before_seed(built, codeblock):
    # random.seed(42); random.random() in a fresh Python: the library's draw
    # at import happens before the prelude seeds, whichever block imports it.
    solution = built.page("chapters/chapter1").select_one(f"#codeblock-{codeblock} details.cb-solution")
    assert "random: 0.6394267984578837" in solution.get_text()
