"""Check the per-cell cap on stdout and stderr in a real Jupyter kernel.

The notebook starts with the hidden prelude cell, as every code block does,
and runs it a second time before the last cells, as a page with two code
blocks does in one kernel.
"""

from __future__ import annotations

import nbformat
import pytest

from coursebook.kernel import run_notebook
from coursebook.output_limit import OUTPUT_LIMIT, RECORD_PREFIX, TRUNCATED_PREFIX, Truncation, split_records
from coursebook.snippets import WARNING_PREFIX, prelude_cell
from coursebook.sphinx.long_outputs import truncation_note_text
from coursebook.warning_policy import split_stderr

# Cell sources by name. The notebook runs them in this order.
CELLS = {
    "megabytes": (
        "import warnings\n"
        "for number in range(50_000):\n"
        "    print('x' * 99)\n"
        "warnings.warn('raised after the cap', UserWarning)\n"
    ),
    "small": "print('small')\n",
    "both_streams": "import sys\nsys.stderr.write('e' * 60_000)\nprint('o' * 60_000)\n",
    "no_newline": "print('n' * 150_000, end='')\n",
    "after_second_prelude": "print('a' * 150_000)\n",
    "top_level_await": "import asyncio\nawait asyncio.sleep(0)\nprint('w' * 150_000)\n",
}
SECOND_PRELUDE_BEFORE = "after_second_prelude"


def stream_text(cell: nbformat.NotebookNode, name: str) -> str:
    return "".join(output.text for output in cell.outputs if output.get("name") == name)


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    """Run the cells of CELLS after the prelude and return them by name."""
    cells = [prelude_cell()]
    named = {}
    for name, source in CELLS.items():
        if name == SECOND_PRELUDE_BEFORE:
            cells.append(prelude_cell())
        named[name] = nbformat.v4.new_code_cell(source)
        cells.append(named[name])

    notebook = nbformat.v4.new_notebook(cells=cells)
    # The prelude imports torch, which can take tens of seconds on a cold disk cache.
    result = run_notebook(notebook, cwd=tmp_path_factory.mktemp("output-limit"), timeout=120)
    assert result.ok, result.error
    return named


def test_megabytes_stdout_capped(executed):
    records, rest = split_records(stream_text(executed["megabytes"], "stdout"))
    assert len(rest) == OUTPUT_LIMIT
    assert rest == ("x" * 99 + "\n") * 1000


def test_megabytes_records_dropped_count(executed):
    records, _ = split_records(stream_text(executed["megabytes"], "stdout"))
    assert records == [Truncation(OUTPUT_LIMIT), Truncation(OUTPUT_LIMIT, 4_900_000)]


def test_megabytes_outputs_total_length(executed):
    cell = executed["megabytes"]
    total = sum(len(output.text) for output in cell.outputs if output.output_type == "stream")
    records_length = len(TRUNCATED_PREFIX) * 2 + len('{"limit": 100000}\n') + len('{"limit": 100000, "dropped": 4900000}\n')
    warning_length = len(stream_text(cell, "stderr"))
    assert total == OUTPUT_LIMIT + records_length + warning_length


def test_warning_after_cap_kept(executed):
    warnings, rest = split_stderr(stream_text(executed["megabytes"], "stderr"))
    assert [(warning.category, warning.message) for warning in warnings] == [("UserWarning", "raised after the cap")]
    assert rest == ""


def test_counter_reset_next_cell(executed):
    assert [output.text for output in executed["small"].outputs] == ["small\n"]


def test_streams_share_one_limit(executed):
    cell = executed["both_streams"]
    records, stdout_rest = split_records(stream_text(cell, "stdout"))
    assert stream_text(cell, "stderr") == "e" * 60_000
    assert stdout_rest == "o" * 40_000 + "\n"
    assert records == [Truncation(OUTPUT_LIMIT), Truncation(OUTPUT_LIMIT, 20_001)]


def test_record_starts_own_line(executed):
    # The kept text ends mid-line, so the prelude adds a line break before the record.
    text = stream_text(executed["no_newline"], "stdout")
    records, rest = split_records(text)
    assert rest == "n" * OUTPUT_LIMIT + "\n"
    assert records == [Truncation(OUTPUT_LIMIT), Truncation(OUTPUT_LIMIT, 50_000)]


@pytest.mark.parametrize("name", ["after_second_prelude", "top_level_await"])
def test_cap_counted_once(executed, name):
    records, rest = split_records(stream_text(executed[name], "stdout"))
    assert len(rest) == OUTPUT_LIMIT + 1
    assert records == [Truncation(OUTPUT_LIMIT), Truncation(OUTPUT_LIMIT, 50_001)]


def test_split_records_keeps_other_lines():
    text = "before\n" + TRUNCATED_PREFIX + '{"limit": 10, "dropped": 5}\nafter\n'
    records, rest = split_records(text)
    assert records == [Truncation(10, 5)]
    assert rest == "before\nafter\n"


@pytest.mark.parametrize("payload", ["{not json", "[1, 2]", '{"dropped": 5}', '{"limit": "many"}'])
def test_split_records_keeps_malformed_line(payload):
    text = TRUNCATED_PREFIX + payload + "\n"
    records, rest = split_records(text)
    assert records == []
    assert rest == text


def test_warning_records_bypass_cap():
    assert WARNING_PREFIX.startswith(RECORD_PREFIX)
    assert TRUNCATED_PREFIX.startswith(RECORD_PREFIX)


def test_note_text_with_count():
    assert truncation_note_text(100_000, 2_345_678) == "출력이 너무 길어 처음 100,000자만 보여 줍니다(잘린 분량: 2,345,678자)."


def test_note_text_without_count():
    assert truncation_note_text(100_000, None) == "출력이 너무 길어 처음 100,000자만 보여 줍니다."
