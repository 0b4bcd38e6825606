"""Cap the text that one executed cell writes to stdout and stderr.

A snippet that prints megabytes, or prints in an endless loop until the
execution timeout stops it, would otherwise put all of that text into the
executed notebook and onto the page. :data:`PRELUDE_SOURCE` runs in the
hidden prelude cell (:mod:`coursebook.snippets`). It wraps the ``write``
method of the kernel's ``sys.stdout`` and ``sys.stderr`` so that each cell
sends at most :data:`OUTPUT_LIMIT` characters of both streams together, and
it marks a cut with record lines that :func:`split_records` reads back:

- when the cell first exceeds the limit: ``{"limit": 100000}``;
- after the cell ends: ``{"limit": 100000, "dropped": N}``.

The first record is there because a cell stopped by the timeout may never
send the second one.
"""

from __future__ import annotations

import dataclasses as dc
import json

# About 18 times the longest text output of chapter 2 in a full build
# (5,495 characters), yet small enough that a page with one cut output stays
# near 120 kB. The limit counts characters, not bytes.
OUTPUT_LIMIT = 100_000

TRUNCATED_PREFIX = "[coursebook-output-truncated] "

# Every record line that the prelude writes starts with this, the warning
# records of coursebook.snippets.WARNING_PREFIX included. Such lines bypass
# the cap, so a warning raised after the cut still reaches the book.
# NOTE: a write from snippet code that starts with this prefix bypasses it too.
RECORD_PREFIX = "[coursebook-"

# IPython 9.18 replaces ``stream.write`` for the length of each cell and puts
# the old method back afterwards, so a wrapper installed once would be gone
# after the prelude cell. The prelude therefore registers the event handlers
# once, and ``pre_run_cell`` wraps whatever ``write`` is current, which
# ``post_run_cell`` unwraps again.
_LIMITER_SOURCE = f"""\
def limit_output():
    import json, sys
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    # The prelude runs before every code block in the same kernel: register once.
    if shell is None or getattr(shell, "_coursebook_output_limit", False):
        return
    shell._coursebook_output_limit = True
    state = {{"written": 0, "dropped": 0, "record": None, "wrapped": []}}
    def wrap(stream):
        original = stream.write
        line_ended = [True]
        def write(text):
            if not isinstance(text, str):
                return original(text)
            if text.startswith({RECORD_PREFIX!r}):
                # A record must start its own line, or the book cannot parse it.
                if not line_ended[0]:
                    original("\\n")
                original(text)
                line_ended[0] = text.endswith("\\n")
                return len(text)
            kept = text[:max({OUTPUT_LIMIT} - state["written"], 0)]
            if kept:
                original(kept)
                state["written"] += len(kept)
                line_ended[0] = kept.endswith("\\n")
            if len(kept) < len(text):
                if state["record"] is None:
                    state["record"] = write
                    write({TRUNCATED_PREFIX!r} + json.dumps({{"limit": {OUTPUT_LIMIT}}}) + "\\n")
                state["dropped"] += len(text) - len(kept)
            # Report the whole text as written, so callers do not retry.
            return len(text)
        stream.write = write
        state["wrapped"].append((stream, original, write))
    def pre_run_cell(info):
        state.update(written=0, dropped=0, record=None)
        wrap(sys.stdout)
        wrap(sys.stderr)
    def post_run_cell(result):
        if state["record"] is not None:
            record = {{"limit": {OUTPUT_LIMIT}, "dropped": state["dropped"]}}
            state["record"]({TRUNCATED_PREFIX!r} + json.dumps(record) + "\\n")
        for stream, original, write in state["wrapped"]:
            # Unless the cell itself replaced the method since.
            if stream.write is write:
                stream.write = original
        state["wrapped"].clear()
    shell.events.register("pre_run_cell", pre_run_cell)
    shell.events.register("post_run_cell", post_run_cell)
limit_output()
"""

# A timeout interrupts the kernel mostly inside the wrapper. Compiled under
# this file name, its frames do not read ``Cell In[N], line L``, so the
# build reports the line of the learner's code (coursebook.cell_errors)
# rather than a line of the prelude. The empty namespace keeps the helper
# out of the learner's variables.
FRAME_FILENAME = "<coursebook-output-limit>"

PRELUDE_SOURCE = f"exec(compile({_LIMITER_SOURCE!r}, {FRAME_FILENAME!r}, 'exec'), {{}})"


@dc.dataclass(frozen=True)
class Truncation:
    """One record of a cut output: the limit and, once the cell ended, the characters dropped."""

    limit: int
    dropped: int | None = None


def split_records(text: str) -> tuple[list[Truncation], str]:
    """Return the truncation records in stream ``text`` and the rest of the text."""
    records = []
    rest = []
    for line in text.splitlines(keepends=True):
        if not line.startswith(TRUNCATED_PREFIX):
            rest.append(line)
            continue
        try:
            data = json.loads(line[len(TRUNCATED_PREFIX):])
            dropped = data.get("dropped")
            records.append(Truncation(int(data["limit"]), None if dropped is None else int(dropped)))
        except (ValueError, KeyError, TypeError, AttributeError):
            # Not a record the prelude wrote: leave the line as it was printed.
            rest.append(line)
    return records, "".join(rest)
