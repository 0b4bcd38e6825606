"""Decide which Python warnings from executed code a learner sees.

The hidden prelude cell (:mod:`coursebook.snippets`) writes every warning to
stderr as one line: :data:`~coursebook.snippets.WARNING_PREFIX` and a JSON
record. :func:`split_stderr` separates those records from other stderr text,
and :func:`classify` sorts each record:

- ``"note"``: fastai's notice that a name was renamed. The page shows an
  editor's note with the current name instead.
- ``"hide"``: a deprecation raised inside an installed library, such as
  torch's ``FutureWarning`` about ``torch.jit.script``. The learner's code
  cannot change it, so it stays off the page and goes to the build log.
- ``"show"``: everything else, shown on the page styled as a warning.
"""

from __future__ import annotations

import dataclasses as dc
import json
import re
from typing import Literal

from coursebook.snippets import LIBRARY_DIRS, WARNING_PREFIX

# Categories that announce a library's own future changes.
DEPRECATION_CATEGORIES = frozenset({"DeprecationWarning", "PendingDeprecationWarning", "FutureWarning"})


# fastai's rename notice, as fastai 2.8.12 writes it for cnn_learner.
RENAMED_RE = re.compile(r"`(?P<old>[A-Za-z_]\w*)` has been renamed to `(?P<new>[A-Za-z_]\w*)`")

Action = Literal["note", "hide", "show"]


@dc.dataclass(frozen=True)
class KernelWarning:
    """One warning that executed code raised. ``categories`` is the category's MRO by name."""

    category: str
    message: str
    filename: str
    lineno: int
    categories: tuple[str, ...] = ()

    def rename(self) -> tuple[str, str] | None:
        """Return ``(old, new)`` when this is fastai's rename notice."""
        match = RENAMED_RE.search(self.message)
        return (match["old"], match["new"]) if match else None

    def describe(self) -> str:
        return f"{self.category}: {self.message} ({self.filename}:{self.lineno})"


def split_stderr(text: str) -> tuple[list[KernelWarning], str]:
    """Return the warning records in stderr ``text`` and the rest of the text."""
    records = []
    rest = []
    for line in text.splitlines(keepends=True):
        if not line.startswith(WARNING_PREFIX):
            rest.append(line)
            continue
        try:
            data = json.loads(line[len(WARNING_PREFIX):])
            records.append(
                KernelWarning(
                    category=str(data["category"]),
                    message=str(data["message"]),
                    filename=str(data["filename"]),
                    lineno=int(data["lineno"]),
                    categories=tuple(data.get("categories") or (data["category"],)),
                )
            )
        except (ValueError, KeyError, TypeError):
            # Not a record the prelude wrote: leave the line as it was printed.
            rest.append(line)
    return records, "".join(rest)


def is_library_file(filename: str) -> bool:
    parts = re.split(r"[\\/]", filename)
    return any(folder in parts for folder in LIBRARY_DIRS)


def classify(warning: KernelWarning) -> Action:
    if warning.rename() is not None:
        return "note"
    categories = set(warning.categories) | {warning.category}
    if categories & DEPRECATION_CATEGORIES and is_library_file(warning.filename):
        return "hide"
    return "show"
