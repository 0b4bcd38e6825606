"""Find tag-like text that is neither a valid course tag nor an HTML element.

Markdown passes unknown ``<name>`` tags through as raw HTML, so a misspelled
course tag such as ``<exercize>`` would vanish from the page instead of
failing. :func:`find_stray_tags` looks at one line whose code spans are
already masked and returns what the course tag scanner did not accept.
"""

from __future__ import annotations

import dataclasses as dc
import re

# Elements of the WHATWG HTML standard, plus the SVG and MathML roots and the
# obsolete ones browsers still render. Names outside this set are reported.
HTML_ELEMENTS = frozenset(
    """
    a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption
    center cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset
    figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input
    ins kbd label legend li link main map mark math menu meta meter nav noscript object ol optgroup
    option output p param picture pre progress q rp rt ruby s samp script search section select slot
    small source span strike strong style sub summary sup svg table tbody td template textarea tfoot th
    thead time title tr track tt u ul var video wbr
    """.split()
)

_COMMENT_RE = re.compile(r"<!--.*?(?:-->|$)")
# A course tag name at a tag start, whether or not the rest of the tag is valid.
_COURSE_START_RE = r"<(?P<close>/)?(?P<name>{names})(?=[\s/>]|$)"
# Any other complete tag on one line.
_OTHER_TAG_RE = re.compile(r"</?(?P<name>[A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")


@dc.dataclass(frozen=True)
class StrayTag:
    """A tag-like text at ``column`` of its line; ``suggestion`` is the nearest course tag."""

    name: str
    column: int
    malformed: bool
    suggestion: str | None


def edit_distance(left: str, right: str) -> int:
    """Return the Levenshtein distance between two strings."""
    previous = list(range(len(right) + 1))
    for i, left_char in enumerate(left, start=1):
        current = [i]
        for j, right_char in enumerate(right, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (left_char != right_char)))
        previous = current
    return previous[-1]


def nearest_tag(name: str, tags: tuple[str, ...]) -> str | None:
    """Return the course tag within two edits of ``name``, if any; short names never match."""
    lowered = name.lower()
    if lowered in tags:
        return lowered
    if len(lowered) < 4:
        return None
    distance, tag = min((edit_distance(lowered, tag), tag) for tag in tags)
    return tag if distance <= 2 else None


def find_stray_tags(line: str, tags: tuple[str, ...], accepted_starts: set[int]) -> list[StrayTag]:
    """Return the stray tags of ``line``; ``accepted_starts`` are columns of valid course tags."""
    line = _COMMENT_RE.sub(lambda m: " " * len(m.group(0)), line)
    stray = []
    course_re = re.compile(_COURSE_START_RE.format(names="|".join(tags)))
    for match in course_re.finditer(line):
        if match.start() not in accepted_starts:
            stray.append(StrayTag(match["name"], match.start(), malformed=True, suggestion=match["name"]))

    taken = {tag.column for tag in stray} | accepted_starts
    for match in _OTHER_TAG_RE.finditer(line):
        name = match["name"]
        if match.start() in taken or name in tags:
            continue
        suggestion = nearest_tag(name, tags)
        if suggestion is not None or name.lower() not in HTML_ELEMENTS:
            stray.append(StrayTag(name, match.start(), malformed=False, suggestion=suggestion))
    return sorted(stray, key=lambda tag: tag.column)
