"""Build the ``widgets`` root and check what the build adds for the page's script."""

from __future__ import annotations

import nbformat
import pytest

from sphinx_build import BuildResult, build_root

pytestmark = pytest.mark.build

SOLUTION = "snippets/chapter1/solution_01_01.py"
# The solution drops the second blank instead of filling it.
SOLUTION_WITHOUT_BLANK = '# %%\ngreeting = "안녕"\ntotal = 6 + 1\nprint(greeting, total)\n'


@pytest.fixture(scope="module")
def unaligned(tmp_path_factory) -> BuildResult:
    root = tmp_path_factory.mktemp("unaligned") / "root"
    return build_root("widgets", root, files={SOLUTION: SOLUTION_WITHOUT_BLANK})


def test_unaligned_blank_fails_build(unaligned):
    assert unaligned.returncode == 1


def test_unaligned_blank_warning(unaligned):
    warnings = unaligned.warnings("coursebook.blank-unaligned")
    assert len(warnings) == 1
    assert warnings[0].location == f"{unaligned.root_dir / 'book/chapters/chapter1.md'}:12"
    assert "exc_01_01.py의 빈칸을 정답 스크립트와 맞추지 못했습니다" in warnings[0].message
    assert "nothing in place of the blank at line 3" in warnings[0].message


def test_unaligned_blank_not_checked(unaligned):
    block = unaligned.page("chapters/chapter1").select_one("#codeblock-01_01")
    assert not block.has_attr("data-blanks")


def test_notebooks_written(tmp_path):
    result = build_root("widgets", tmp_path / "root")
    assert result.returncode == 0, result.stderr
    written = sorted(path.name for path in (result.html_dir / "notebooks").iterdir())
    assert written == ["01_01.ipynb", "01_02.ipynb"]
    for name in written:
        nbformat.validate(nbformat.read(result.html_dir / "notebooks" / name, as_version=4))
