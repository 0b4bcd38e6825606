"""A markdown-it plugin that lets emphasis delimiters touch Hangul.

CommonMark decides whether a run of ``*`` or ``_`` opens or closes emphasis
from the characters on either side (the left- and right-flanking rules). A
closing run after punctuation and before a letter is not right-flanking, so
``**콜백(Callback)**을`` keeps its asterisks, and ``_`` never closes inside a
word, so ``_소문자_로`` keeps its underscores. Korean attaches particles and
endings directly to words, so here a Hangul letter next to a run counts as a
word boundary, the way whitespace does. Runs between two non-Hangul
characters are scanned exactly as CommonMark scans them, so ``snake_case``
and URLs stay literal, with one exception: an asterisk run between two ASCII
digits neither opens nor closes, so ``2*3*4`` stays a product. CommonMark
renders its own example ``5*6*78`` as ``5<em>6</em>78``; this plugin keeps it
literal on purpose.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.state_inline import Delimiter, Scanned

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

# Hangul Jamo, Hangul Compatibility Jamo, Jamo Extended-A, Hangul Syllables
# and Jamo Extended-B, from the Unicode 15 block list.
_HANGUL_RANGES = (
    (0x1100, 0x11FF),
    (0x3130, 0x318F),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7AF),
    (0xD7B0, 0xD7FF),
)

_ASCII_DIGITS = frozenset("0123456789")


def is_hangul(char: str) -> bool:
    """Return whether ``char`` is a Hangul letter (syllable or jamo)."""
    code = ord(char)
    return any(low <= code <= high for low, high in _HANGUL_RANGES)


def scan_delimiters(state: StateInline, start: int, can_split_word: bool) -> Scanned:
    """Scan the run of ``*`` or ``_`` at ``start`` like ``StateInline.scanDelims``, Hangul-aware.

    Differences from CommonMark:

    - punctuation on the inner side of a run does not stop it flanking when
      the outer side is Hangul, so
      ``**"인용"**은`` closes and ``은**"인용"**`` opens;
    - an underscore run may open or close between a word and a Hangul letter,
      so ``_강조_는`` and ``__굵게__를`` become emphasis;
    - an asterisk run between two ASCII digits does neither, so ``2*3*4``
      stays literal.
    """
    source = state.src
    marker = source[start]
    position = start
    while position < state.posMax and source[position] == marker:
        position += 1

    # The start and the end of the inline text count as whitespace.
    last_char = source[start - 1] if start > 0 else " "
    next_char = source[position] if position < state.posMax else " "

    last_punct = isMdAsciiPunct(ord(last_char)) or isPunctChar(last_char)
    next_punct = isMdAsciiPunct(ord(next_char)) or isPunctChar(next_char)
    last_space = isWhiteSpace(ord(last_char))
    next_space = isWhiteSpace(ord(next_char))
    last_hangul = is_hangul(last_char)
    next_hangul = is_hangul(next_char)

    left_flanking = not (next_space or (next_punct and not (last_space or last_punct or last_hangul)))
    right_flanking = not (last_space or (last_punct and not (next_space or next_punct or next_hangul)))

    can_open = left_flanking and (can_split_word or not right_flanking or last_punct or last_hangul)
    can_close = right_flanking and (can_split_word or not left_flanking or next_punct or next_hangul)
    if last_char in _ASCII_DIGITS and next_char in _ASCII_DIGITS:
        can_open = can_close = False
    return Scanned(can_open, can_close, position - start)


def tokenize_emphasis(state: StateInline, silent: bool) -> bool:
    """Push each ``*`` or ``_`` as a text token and record it as a delimiter.

    This is markdown-it-py's own emphasis tokenizer with the scan swapped for
    :func:`scan_delimiters`; its ``emphasis`` post-processing rule pairs the
    delimiters unchanged.
    """
    marker = state.src[state.pos]
    if silent or marker not in ("_", "*"):
        return False

    scanned = scan_delimiters(state, state.pos, marker == "*")
    for _ in range(scanned.length):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(
            Delimiter(
                marker=ord(marker),
                length=scanned.length,
                token=len(state.tokens) - 1,
                end=-1,
                open=scanned.can_open,
                close=scanned.can_close,
            )
        )
    state.pos += scanned.length
    return True


def hangul_emphasis_plugin(md: MarkdownIt) -> None:
    """Replace the ``emphasis`` inline rule of ``md`` with :func:`tokenize_emphasis`."""
    md.inline.ruler.at("emphasis", tokenize_emphasis)
