"""Find English interface strings left in built HTML pages.

The page content (``article.bd-article``) and the links to pages and
sections in the tables of contents (``a.reference``, whose text is the
authors' titles) are skipped. What remains is the theme's chrome: visible
text and the ``aria-label``, ``title``, ``placeholder`` and ``alt``
attributes.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment

ATTRIBUTES = ("aria-label", "title", "data-bs-original-title", "placeholder", "alt")
ENGLISH_WORD_RE = re.compile(r"[A-Za-z]{3,}")

# Words that stay as they are in a Korean interface: the key cap of the
# search shortcut, file types and product names.
ALLOWED_WORDS = frozenset({"Ctrl", "pdf", "PDF", "JavaScript", "fastai"})


def english_words(text: str) -> list[str]:
    return [word for word in ENGLISH_WORD_RE.findall(text) if word not in ALLOWED_WORDS]


def leftover_english(html: str) -> set[str]:
    """Return the interface texts and attribute values of ``html`` that contain English words."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.select("article.bd-article, a.reference, script, style, template"):
        element.decompose()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()

    found = set()
    for element in soup.find_all(True):
        for attribute in ATTRIBUTES:
            value = element.get(attribute)
            if isinstance(value, str) and english_words(value):
                found.add(f"{attribute}={value}")
    body = soup.body or soup
    for text in body.find_all(string=True):
        stripped = " ".join(text.split())
        if english_words(stripped):
            found.add(stripped)
    return found

