"""Check which warnings of executed code reach the page and the build log."""

from __future__ import annotations

import json

import pytest

from coursebook.snippets import WARNING_PREFIX
from coursebook.warning_policy import KernelWarning, classify, split_stderr
from sphinx_build import BuildResult, build_root

CHAPTER = "chapters/chapter1"
SOLUTION = "snippets/chapter1/solution_01_01.py"

TORCH_JIT = KernelWarning(
    "FutureWarning",
    "`torch.jit.script` is deprecated. Please switch to `torch.compile` or `torch.export`.",
    "/venv/lib/python3.11/site-packages/torch/jit/_script.py",
    1491,
    ("FutureWarning", "Warning", "Exception", "BaseException", "object"),
)
CNN_LEARNER = KernelWarning(
    "UserWarning",
    "`cnn_learner` has been renamed to `vision_learner` -- please update your code",
    "/venv/lib/python3.11/site-packages/fastai/vision/learner.py",
    300,
    ("UserWarning", "Warning", "Exception", "BaseException", "object"),
)


def record_line(warning: KernelWarning) -> str:
    data = {
        "category": warning.category,
        "message": warning.message,
        "filename": warning.filename,
        "lineno": warning.lineno,
        "categories": list(warning.categories),
    }
    return WARNING_PREFIX + json.dumps(data, ensure_ascii=False) + "\n"


def test_split_stderr_separates_records():
    text = "before\n" + record_line(TORCH_JIT) + "after\n"
    records, rest = split_stderr(text)
    assert records == [TORCH_JIT]
    assert rest == "before\nafter\n"


def test_split_stderr_keeps_malformed_line():
    text = WARNING_PREFIX + "{not json\n"
    records, rest = split_stderr(text)
    assert records == []
    assert rest == text


def test_library_deprecation_hidden():
    assert classify(TORCH_JIT) == "hide"


def test_fastai_rename_becomes_note():
    assert classify(CNN_LEARNER) == "note"
    assert CNN_LEARNER.rename() == ("cnn_learner", "vision_learner")


def test_deprecation_from_page_code_shown():
    warning = KernelWarning("DeprecationWarning", "old", "/tmp/ipykernel_1/123.py", 3, ("DeprecationWarning",))
    assert classify(warning) == "show"


def test_library_user_warning_shown():
    warning = KernelWarning("UserWarning", "check your data", "/venv/site-packages/fastai/data/core.py", 9, ("UserWarning",))
    assert classify(warning) == "show"


def test_deprecation_subclass_hidden():
    warning = KernelWarning(
        "Pandas4Warning", "option is deprecated", "/venv/site-packages/fastai/tabular/core.py", 17,
        ("Pandas4Warning", "DeprecationWarning", "Warning"),
    )
    assert classify(warning) == "hide"


WARNING_SOLUTION = '''\
# %%
import warnings

warnings.warn_explicit(
    "`torch.jit.script` is deprecated.", FutureWarning, "/venv/lib/python3.11/site-packages/torch/jit/_script.py", 1491
)

# %%
warnings.warn_explicit(
    "`cnn_learner` has been renamed to `vision_learner` -- please update your code",
    UserWarning,
    "/venv/lib/python3.11/site-packages/fastai/vision/learner.py",
    300,
)
warnings.warn("학습 데이터가 너무 작습니다", UserWarning)
total = 1 + 2
print("total:", total)
'''


@pytest.fixture(scope="module")
def warned(tmp_path_factory) -> BuildResult:
    root = tmp_path_factory.mktemp("kernel-warnings") / "root"
    return build_root("one-codeblock", root, files={SOLUTION: WARNING_SOLUTION})


@pytest.mark.build
def test_warnings_build_passes(warned):
    assert warned.returncode == 0, warned.stderr


@pytest.mark.build
def test_no_raw_warning_on_page(warned):
    text = "\n".join(node.get_text() for node in warned.page(CHAPTER).select(".cell_output"))
    assert "site-packages" not in text
    assert "torch.jit.script" not in text
    assert WARNING_PREFIX.strip() not in text


@pytest.mark.build
def test_learner_warning_styled(warned):
    boxes = warned.page(CHAPTER).select(".admonition.warning.cb-kernel-warning")
    assert [box.select_one("pre").get_text().strip() for box in boxes] == ["UserWarning: 학습 데이터가 너무 작습니다"]


@pytest.mark.build
def test_rename_warning_becomes_note(warned):
    notes = [note.get_text() for note in warned.page(CHAPTER).select("p.cb-kernel-note")]
    assert notes == ["편집자 주: 이 코드의 cnn_learner는 예전 이름입니다. 현재 fastai 2.8에서는 vision_learner입니다."]


@pytest.mark.build
def test_kept_off_warnings_logged_once(warned):
    logged = [line for line in warned.stdout.splitlines() if "페이지에 싣지 않은 경고" in line]
    assert len(logged) == 2, "\n".join(logged)
    assert "torch.jit.script" in logged[0]
    assert "코드 블록 01_01" in logged[0]
    assert "cnn_learner" in logged[1]


@pytest.mark.build
def test_hidden_only_output_removed(warned):
    # The first cell raised only a hidden warning, so it shows no output at all.
    solution = warned.page(CHAPTER).select_one("#codeblock-01_01 details.cb-solution")
    cells = solution.select(".cell")
    assert len(cells) == 2
    assert cells[0].select(".cell_output") == [] or not cells[0].select_one(".cell_output").get_text(strip=True)


@pytest.mark.build
def test_stdout_kept(warned):
    assert "total: 3" in warned.page(CHAPTER).get_text()
