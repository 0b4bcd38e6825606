"""Decide whether a name written in a course text matches the installed fastai.

The rule, so that plain Python, file names, regexes and Korean are never
flagged:

- Only a code span that is one identifier or a dotted chain, optionally
  followed by a call or subscripts (``plot_loss()``, ``model_meta[arch]``,
  ``learn.fine_tune(1)``), is a candidate.
- A bare name is stale when the rename table or a fastai deprecation warning
  gives it a current name. It is unknown only when it has the shape of a
  callback event (``before_fit``) and fastai has no such name. Any other
  bare name that fastai does not define is taken for an ordinary word.
- A dotted chain is checked only when its first name is a fastai export
  (``ImageDataLoaders``) or a conventional variable (``learn``). Each
  following attribute must then exist, so ``learn.fine_tunes()`` is unknown.
"""

from __future__ import annotations

import dataclasses as dc
import difflib
import re
from collections.abc import Callable, Iterable
from typing import Literal

from coursebook.api_renames import (
    CANCEL_EVENT_PREFIX,
    EVENT_PATTERN,
    LISTING_MIN_EVENTS,
    PREFIX_RENAMES,
    RECEIVERS,
    RENAMES,
)
from coursebook.fastai_api import FastaiApi

_IDENTIFIER = r"[A-Za-z_][A-Za-z0-9_]*"
_NAME_RE = re.compile(
    rf"(?P<chain>{_IDENTIFIER}(?:\.{_IDENTIFIER})*)(?P<call>\([^()]*\))?(?:\[[^\[\]]*\])*"
)
_EVENT_RE = re.compile(EVENT_PATTERN)


@dc.dataclass(frozen=True)
class Finding:
    """A name in a code span that disagrees with the installed fastai.

    ``name`` is the offending identifier and ``written`` the whole span.
    ``current`` is the name to use now: set for a stale name, and for an
    unknown name only when a close match exists.
    """

    kind: Literal["stale", "unknown"]
    name: str
    written: str
    current: str | None = None


def current_name(name: str, api: FastaiApi) -> str | None:
    """Return the name that replaced ``name`` in the installed fastai, or ``None``."""
    candidates = []
    if name in api.deprecated:
        candidates.append(api.deprecated[name])
    if name in RENAMES:
        candidates.append(RENAMES[name])
    for old, new in PREFIX_RENAMES.items():
        if name.startswith(old):
            candidates.append(new + name[len(old):])
    return next((candidate for candidate in candidates if api.resolves(candidate)), None)


def is_candidate(text: str) -> bool:
    """Return whether the content of a code span has the shape of a name the check looks at."""
    return _NAME_RE.fullmatch(text.strip()) is not None


def check_code(text: str, api: FastaiApi) -> Finding | None:
    """Check the content of one code span; ``None`` when it is current or not a fastai name."""
    match = _NAME_RE.fullmatch(text.strip())
    if match is None:
        return None
    parts = match["chain"].split(".")
    if len(parts) == 1:
        return _check_bare(parts[0], text, api)
    return _check_chain(parts, text, api)


def is_event_name(name: str) -> bool:
    return _EVENT_RE.fullmatch(name) is not None


def _check_bare(name: str, written: str, api: FastaiApi) -> Finding | None:
    current = current_name(name, api)
    if current is not None:
        return Finding("stale", name, written, current)
    if api.resolves(name) or not is_event_name(name):
        return None
    return Finding("unknown", name, written, _closest(name, api.events))


def _check_chain(parts: list[str], written: str, api: FastaiApi) -> Finding | None:
    root = parts[0]
    if root in RECEIVERS:
        owner: object | None = api.classes.get(RECEIVERS[root])
    else:
        owner = api.namespace.get(root)
    if owner is None:
        return None

    for position, attribute in enumerate(parts[1:], start=1):
        current = current_name(attribute, api)
        if current is not None:
            return Finding("stale", attribute, written, current)
        if not api.has_attribute(owner, attribute):
            return Finding("unknown", attribute, written, _closest(attribute, api.attribute_names(owner)))
        if position == len(parts) - 1:
            break
        owner = api.attribute(owner, attribute)
        if owner is None:
            # A method or a value: the check cannot know the type it returns.
            return None
    return None


def _closest(name: str, choices: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.8)
    return matches[0] if matches else None


def event_family(event: str) -> str:
    return "cancel" if event.startswith(CANCEL_EVENT_PREFIX) else "loop"


def omitted_events(mentioned: Iterable[str], api: FastaiApi) -> list[str]:
    """Return fastai's events that a listing of ``mentioned`` names leaves out; see :func:`events_left_out`."""
    return events_left_out(mentioned, api.events, lambda name: current_name(name, api))


def events_left_out(
    mentioned: Iterable[str], events: Iterable[str], current: Callable[[str], str | None]
) -> list[str]:
    """Return the ``events`` that a listing of ``mentioned`` names leaves out.

    ``mentioned`` are the names a paragraph or list writes, stale ones
    included, and ``current`` gives a stale name's current name. Each family
    (cancel events, other events) counts as a listing once it names
    :data:`LISTING_MIN_EVENTS` events; the result keeps fastai's order.
    """
    events = list(events)
    named = set()
    for name in mentioned:
        name = current(name) or name
        if name in events:
            named.add(name)
    omitted = []
    for family in ("loop", "cancel"):
        members = [event for event in events if event_family(event) == family]
        if len([event for event in members if event in named]) >= LISTING_MIN_EVENTS:
            omitted.extend(event for event in members if event not in named)
    return omitted
