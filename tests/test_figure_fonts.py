"""Figures drawn at build time show Hangul: the kernel prelude's matplotlib font setup."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from coursebook.figure_fonts import PRELUDE_SOURCE
from sphinx_build import BuildResult, build_root

DRAW_TITLE = """
import json, warnings
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    figure, axes = plt.subplots()
    axes.set_title("학습 손실")
    figure.canvas.draw()
print(json.dumps([str(warning.message) for warning in caught]))
"""


def draw_title_warnings(prelude: str) -> list[str]:
    completed = subprocess.run(
        [sys.executable, "-c", prelude + "\n" + DRAW_TITLE], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_default_font_misses_hangul():
    # Guards the next test: without the prelude the same title must warn.
    assert any("missing from font" in message for message in draw_title_warnings(""))


def test_prelude_title_has_no_missing_glyphs():
    assert draw_title_warnings(PRELUDE_SOURCE) == []


SOLUTION = """\
# %%
import matplotlib.pyplot as plt
total = 1 + 2
figure, axes = plt.subplots()
axes.plot([3, 2, 1])
axes.set_title("학습 손실")
plt.show()
print("total:", total)
"""


@pytest.fixture(scope="module")
def figure_build(tmp_path_factory) -> BuildResult:
    root = tmp_path_factory.mktemp("figure") / "root"
    return build_root("one-codeblock", root, files={"snippets/chapter1/solution_01_01.py": SOLUTION})


@pytest.mark.build
def test_figure_build_passes(figure_build):
    assert figure_build.returncode == 0, figure_build.stderr


@pytest.mark.build
def test_figure_embedded(figure_build):
    solution = figure_build.page("chapters/chapter1").select_one("#codeblock-01_01 details.cb-solution")
    assert solution.select_one(".cell_output img") is not None


@pytest.mark.build
def test_figure_output_has_no_glyph_warning(figure_build):
    assert "missing from font" not in figure_build.page_text("chapters/chapter1")
