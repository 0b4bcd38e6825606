"""Recover the expected fill of each ``___`` from an exercise and its solution."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursebook.blanks import Blank, BlankAlignmentError, align_blanks, count_blanks

SNIPPETS = Path(__file__).resolve().parent.parent / "snippets" / "chapter2"

# Every chapter 2 exercise with the fills its solution puts in the blanks.
CHAPTER2_FILLS = {
    "02_01": ["path", "files"],
    "02_02": ["'_'.join(fname.split('_')[:-1])"],
    "02_03": [r"r'^(.*)_\d+.jpg'"],
    "02_04": [],
    "02_05": ["'train'", "' '", "'is_valid'"],
    "02_06": ["dls", "resnet18", "1"],
    "02_07": ["accuracy"],
    "02_08": ["(input.argmax(dim=-1) == target).float().mean()"],
    "02_09": ["learn.summary()"],
    "02_10": ["learn.unfreeze()"],
    "02_11": ["resnet18"],
    "02_12": ["0", "1", "learn.model"],
    "02_13": ["learn.show_training_loop()"],
}


@pytest.mark.parametrize("codeblock_id", sorted(CHAPTER2_FILLS))
def test_chapter2_fills(codeblock_id):
    exercise = (SNIPPETS / f"exc_{codeblock_id}.py").read_text(encoding="utf-8")
    solution = (SNIPPETS / f"solution_{codeblock_id}.py").read_text(encoding="utf-8")
    blanks = align_blanks(exercise, solution)
    assert [blank.expected for blank in blanks] == CHAPTER2_FILLS[codeblock_id]
    assert {blank.kind for blank in blanks} <= {"exact"}
    assert count_blanks(exercise) == len(blanks)


def test_blanks_in_source_order():
    exercise = "a = ___\nb = f(___, 2, ___)\n"
    solution = "a = 1\nb = f(x, 2, y=3)\n"
    assert align_blanks(exercise, solution) == [Blank("1", "exact"), Blank("x", "exact"), Blank("y=3", "exact")]


def test_blank_with_comment_and_reflow():
    exercise = "total = sum(___)  # add them up\n"
    solution = "# the solution\ntotal = sum(\n    [1, 2]\n)\n"
    assert align_blanks(exercise, solution) == [Blank("[1, 2]", "exact")]


def test_multiline_fill_is_free():
    exercise = "def f(x):\n    ___\n\nprint(f(1))\n"
    solution = "def f(x):\n    y = x + 1\n    return y\n\nprint(f(1))\n"
    assert align_blanks(exercise, solution) == [Blank("y = x + 1\nreturn y", "free")]


def test_blank_with_changed_neighbour_is_free():
    exercise = "value = ___ + 1\n"
    solution = "value = 41 - -1\n"
    [blank] = align_blanks(exercise, solution)
    assert blank.kind == "free"


def test_solution_keeping_blank_rejected():
    with pytest.raises(BlankAlignmentError, match="still contains ___"):
        align_blanks("x = ___\n", "x = ___\n")


def test_solution_deleting_blank_rejected():
    with pytest.raises(BlankAlignmentError, match="nothing in place"):
        align_blanks("x = [1, ___]\n", "x = [1]\n")


def test_untokenizable_script_rejected():
    with pytest.raises(BlankAlignmentError, match="could not tokenize"):
        align_blanks("x = (___\n", "x = (1)\n")


def test_blank_in_string_not_counted():
    assert count_blanks("print('___')\nx = ___\n") == 1
