"""Unit tests of code block cache keys, cache entries and helper module discovery."""

from __future__ import annotations

import dataclasses as dc
import json
from pathlib import Path

import pytest

from coursebook.block_cache import BlockCache, BlockResult, block_key
from coursebook.helper_modules import helper_digests, helper_files, imported_names
from coursebook.sphinx.block_execution import kernel_environment

SOURCES = ["# prelude", "from shapes import area\nprint(area(2, 3))"]
CONTEXT = {"inputs": "data-a torch=2.14.1", "helpers": {"chapter1/shapes.py": "abc"}, "cwd": "book/chapters"}


def result(key: str = "k" * 64) -> BlockResult:
    return BlockResult(
        key=key,
        codeblock="01_02",
        status="ok",
        outputs=[[], [{"output_type": "stream", "name": "stdout", "text": "6\n"}]],
        seconds=[0.5, 0.25],
        versions={"fastai": "2.8.12"},
        executed_at=1.0,
    )


def test_key_stable():
    assert block_key(SOURCES, CONTEXT) == block_key(list(SOURCES), dict(CONTEXT))


def test_key_changes_with_code():
    assert block_key([SOURCES[0], SOURCES[1] + "\n"], CONTEXT) != block_key(SOURCES, CONTEXT)


def test_key_changes_with_inputs():
    other = {**CONTEXT, "inputs": "data-b torch=2.14.1"}
    assert block_key(SOURCES, other) != block_key(SOURCES, CONTEXT)


def test_key_changes_with_versions():
    other = {**CONTEXT, "inputs": "data-a torch=2.15.0"}
    assert block_key(SOURCES, other) != block_key(SOURCES, CONTEXT)


def test_key_changes_with_helper():
    other = {**CONTEXT, "helpers": {"chapter1/shapes.py": "abd"}}
    assert block_key(SOURCES, other) != block_key(SOURCES, CONTEXT)


def test_cache_round_trip(tmp_path):
    cache = BlockCache(tmp_path)
    cache.put(result())
    assert cache.get("k" * 64) == result()


def test_cache_leaves_no_temporary(tmp_path):
    BlockCache(tmp_path).put(result())
    assert sorted(path.name for path in tmp_path.rglob("*") if path.is_file()) == ["k" * 64 + ".json"]


def test_cache_miss(tmp_path):
    assert BlockCache(tmp_path).get("0" * 64) is None


def test_cache_unreadable_entry_is_miss(tmp_path):
    cache = BlockCache(tmp_path)
    cache.put(result())
    cache.path("k" * 64).write_text("{not json", encoding="utf-8")
    assert cache.get("k" * 64) is None


@pytest.mark.parametrize(
    "field, value",
    [
        ("outputs", "garbage"),
        ("outputs", [["not an output"]]),
        ("outputs", [[], [{"output_type": "stream", "name": "stdout"}]]),
        ("outputs", [[], [{"output_type": "no-such-type"}]]),
        ("status", "finished"),
        ("seconds", ["slow"]),
        ("executed_at", None),
        ("failed_cell", "1"),
        ("versions", []),
    ],
)
def test_cache_malformed_entry_is_miss(tmp_path, field, value):
    cache = BlockCache(tmp_path)
    cache.put(result())
    path = cache.path("k" * 64)
    data = json.loads(path.read_text(encoding="utf-8"))
    data[field] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    assert cache.get("k" * 64) is None


def test_cache_entry_with_every_output_type(tmp_path):
    outputs = [
        [],
        [
            {"output_type": "stream", "name": "stderr", "text": "warn\n"},
            {"output_type": "display_data", "data": {"text/plain": "<Figure>", "image/png": "iVBORw0K"}, "metadata": {}},
            {"output_type": "execute_result", "execution_count": 2, "data": {"text/plain": "3"}, "metadata": {}},
            {"output_type": "error", "ename": "ValueError", "evalue": "boom", "traceback": ["ValueError: boom"]},
        ],
    ]
    failed = dc.replace(result(), status="error", outputs=outputs, failed_cell=1, error="ValueError: boom")
    cache = BlockCache(tmp_path)
    cache.put(failed)
    assert cache.get("k" * 64) == failed


def test_total_seconds_skips_prelude():
    assert result().total_seconds() == 0.25


def test_imported_names():
    source = "import os\nimport shapes.sub as s\nfrom plots import draw\nfrom . import local\n"
    assert imported_names(source) == {"os", "shapes", "plots"}


def test_imported_names_with_magics():
    assert imported_names("%matplotlib inline\n!ls\nimport shapes\n") == {"shapes"}


def test_imported_names_after_syntax_error():
    assert imported_names("import shapes\ndef broken(:\n") == {"shapes"}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_helper_files_sibling_and_transitive(tmp_path):
    chapter = tmp_path / "chapter1"
    shapes = write(chapter / "shapes.py", "from units import CM\n")
    units = write(tmp_path / "units.py", "CM = 1\n")
    found = helper_files(["import os\nfrom shapes import area\n"], [chapter, tmp_path])
    assert found == sorted([shapes.resolve(), units.resolve()])


def test_helper_files_package(tmp_path):
    init = write(tmp_path / "toolkit" / "__init__.py", "")
    plots = write(tmp_path / "toolkit" / "plots.py", "")
    assert helper_files(["from toolkit.plots import draw\n"], [tmp_path]) == sorted([init, plots])


def test_helper_files_ignore_libraries(tmp_path):
    assert helper_files(["import json\nfrom fastai.vision.all import *\n"], [tmp_path]) == []


def test_helper_files_first_folder_wins(tmp_path):
    near = write(tmp_path / "chapter1" / "shapes.py", "")
    write(tmp_path / "shapes.py", "")
    assert helper_files(["import shapes\n"], [tmp_path / "chapter1", tmp_path]) == [near.resolve()]


def test_helper_digests_relative(tmp_path):
    path = write(tmp_path / "chapter1" / "shapes.py", "x = 1\n")
    digests = helper_digests([path], tmp_path)
    assert list(digests) == ["chapter1/shapes.py"]
    assert digests["chapter1/shapes.py"] == "9e26bf369911c45c243c684147b23fc9e1dcfcf257d299a1c632016a6fcd33f4"


def test_kernel_environment_one_thread(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.delenv("MKL_NUM_THREADS", raising=False)
    env = kernel_environment()
    assert env["OMP_NUM_THREADS"] == "1"
    assert env["MKL_NUM_THREADS"] == "1"


def test_kernel_environment_author_value_wins(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    assert kernel_environment()["OMP_NUM_THREADS"] == "4"


def test_stream_pieces_joined():
    from coursebook.block_runner import coalesce_streams

    outputs = [
        {"output_type": "stream", "name": "stdout", "text": "Start Fit\n"},
        {"output_type": "stream", "name": "stdout", "text": ["\n", "End Fit\n"]},
        {"output_type": "stream", "name": "stderr", "text": "warning\n"},
        {"output_type": "display_data", "data": {"text/plain": "x"}, "metadata": {}},
        {"output_type": "stream", "name": "stdout", "text": "after\n"},
    ]
    joined = coalesce_streams(outputs)
    assert [output.get("name") for output in joined] == ["stdout", "stderr", None, "stdout"]
    assert joined[0]["text"] == "Start Fit\n\nEnd Fit\n"
    assert joined[3]["text"] == "after\n"
