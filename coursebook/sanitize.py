"""Neutralise raw HTML written in chapters, option texts, feedback, hints and slides.

MyST passes raw HTML through to the page. :func:`sanitize_html` keeps an
allowlist of formatting elements and attributes and turns everything else into
visible text: a ``<script>`` tag shows as ``&lt;script&gt;``, while event
handler attributes and URLs with a scheme other than those in
``SAFE_SCHEMES`` are dropped. External links get ``rel="noopener noreferrer"``.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED_ELEMENTS = frozenset(
    """
    a abbr b blockquote br caption code dd del details div dl dt em figcaption figure h1 h2 h3 h4 h5 h6
    hr i img ins kbd li mark ol p pre q s samp small span strong sub summary sup table tbody td tfoot
    th thead tr u ul var wbr
    """.split()
)
VOID_ELEMENTS = frozenset({"br", "hr", "img", "wbr"})

GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role"})
ELEMENT_ATTRIBUTES = {
    "a": frozenset({"href", "name"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "details": frozenset({"open"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
SAFE_SCHEMES = ("http", "https", "mailto", "tel", "ftp")
# Inline images are the one data: URL kind allowed, and only as img src.
_DATA_IMAGE_RE = re.compile(r"^data:image/(?:png|jpeg|gif|webp);", re.IGNORECASE)
# Browsers drop ASCII whitespace and control characters inside a URL scheme,
# so "java\tscript:" is "javascript:".
_IGNORED_URL_CHARS_RE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
EXTERNAL_REL = "noopener noreferrer"


def is_safe_url(url: str, *, image: bool = False) -> bool:
    """Tell whether ``url`` is relative or uses an allowed scheme (``data:image`` only when ``image``)."""
    compact = _IGNORED_URL_CHARS_RE.sub("", url)
    match = _SCHEME_RE.match(compact)
    if match is None:
        return True
    if image and _DATA_IMAGE_RE.match(compact):
        return True
    return match.group(1).lower() in SAFE_SCHEMES


def is_external_url(url: str) -> bool:
    """Tell whether ``url`` leaves the book (an absolute or scheme-relative URL)."""
    compact = url.strip()
    has_scheme = bool(_SCHEME_RE.match(compact)) and not compact.lower().startswith("mailto:")
    return compact.startswith("//") or has_scheme


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], self_closing: bool) -> None:
        if tag not in ALLOWED_ELEMENTS:
            self.out.append(html.escape(self.get_starttag_text() or f"<{tag}>"))
            return
        kept = self._attributes(tag, attrs)
        rendered = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in kept)
        closing = " /" if self_closing and tag in VOID_ELEMENTS else ""
        self.out.append(f"<{tag}{rendered}{closing}>")
        if self_closing and tag not in VOID_ELEMENTS:
            self.out.append(f"</{tag}>")

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
        allowed = GLOBAL_ATTRIBUTES | ELEMENT_ATTRIBUTES.get(tag, frozenset())
        kept = []
        for name, value in attrs:
            value = value or ""
            if name not in allowed and not name.startswith("aria-"):
                continue
            if name in URL_ATTRIBUTES and not is_safe_url(value, image=tag == "img"):
                continue
            kept.append((name, value))
        href = dict(kept).get("href")
        if tag == "a" and href is not None and is_external_url(href):
            kept.append(("rel", EXTERNAL_REL))
        return kept

    def handle_endtag(self, tag: str) -> None:
        if tag in ALLOWED_ELEMENTS:
            if tag not in VOID_ELEMENTS:
                self.out.append(f"</{tag}>")
        else:
            self.out.append(html.escape(f"</{tag}>"))

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        # Comments are dropped: a conditional comment could carry markup.
        pass

    def handle_decl(self, decl: str) -> None:
        self.out.append(html.escape(f"<!{decl}>"))

    def handle_pi(self, data: str) -> None:
        self.out.append(html.escape(f"<?{data}>"))

    def unknown_decl(self, data: str) -> None:
        self.out.append(html.escape(f"<![{data}]>"))


def sanitize_html(fragment: str) -> str:
    """Return ``fragment`` with only allowed elements and attributes left as markup."""
    sanitizer = _Sanitizer()
    sanitizer.feed(fragment)
    sanitizer.close()
    # close() flushes text the parser held back, such as an unterminated "<tag".
    return "".join(sanitizer.out)
