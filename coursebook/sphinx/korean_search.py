"""Korean full-text search: the same word splitting in the index and the browser.

Sphinx 9 ships no search language for ``ko`` and falls back to English, so
the index stores ``모델의`` and ``콜백을`` whole and a query for ``모델``
misses them. :class:`SearchKorean` splits text into runs of letters, digits
and underscores, lowercases them and strips trailing particles and endings
from :data:`ENDINGS`, repeatedly and longest first, while at least one
character remains. The browser gets the same rules as JavaScript generated
from the same tuple, so a query stems exactly like the indexed text.
Latin words are only lowercased, so ``fine_tune`` and ``ImageDataLoaders``
are found as written.

The stripping is a heuristic, not a morphological analysis: a noun that ends
in a syllable that is also a particle loses it (``정확도`` is stored as
``정확``). Queries lose it too, so they still match, at the cost of some
extra hits.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from sphinx.search import SearchLanguage

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# Particles, then endings that turn a noun into a verb or adverb (하다,
# 되다, 시키다 forms), as they follow the nouns of a technical text.
PARTICLES = (
    "은", "는", "이", "가", "을", "를", "의", "에", "에서", "에게", "께", "로", "으로",
    "와", "과", "도", "만", "까지", "부터", "마다", "처럼", "보다", "이나", "나",
    "라도", "조차", "밖에", "에는", "에서는", "으로는", "로는", "과는", "와는", "에도",
    "이라고", "라고", "이란", "란", "이며", "이고", "이다", "입니다", "들", "인", "적",
)
VERB_ENDINGS = (
    "하다", "하여", "해서", "하는", "하면", "하고", "하기", "하지", "합니다", "한", "할", "해",
    "되다", "되어", "되었", "될", "된", "되는", "되면", "되고", "되지", "됩니다", "돼",
    "시키다", "시키기", "시켜", "시킨", "시키는", "시킬",
)
ENDINGS = tuple(sorted(set(PARTICLES + VERB_ENDINGS), key=lambda ending: (-len(ending), ending)))

WORD_RE = re.compile(r"\w+")


def stem_korean(word: str) -> str:
    """Lowercase ``word`` and strip trailing :data:`ENDINGS` while a character would remain."""
    word = word.lower()
    stripped = True
    while stripped:
        stripped = False
        for ending in ENDINGS:
            if len(word) > len(ending) and word.endswith(ending):
                word = word[: -len(ending)]
                stripped = True
                break
    return word


# ``\p{L}\p{N}_`` is the JavaScript spelling of Python's ``\w`` for the
# letters and digits a Korean course uses.
JS_SPLITTER_CODE = """
var splitQuery = (query) =>
  query.split(/[^\\p{L}\\p{N}_]+/u).filter((term) => term);
"""

JS_STEMMER_CODE = (
    """
/**
 * Korean stemmer: the same rules as coursebook.sphinx.korean_search.stem_korean.
 */
var Stemmer = function () {
  const endings = """
    + json.dumps(ENDINGS, ensure_ascii=False)
    + """;
  this.stemWord = function (word) {
    word = word.toLowerCase();
    let stripped = true;
    while (stripped) {
      stripped = false;
      for (const ending of endings) {
        if (word.length > ending.length && word.endsWith(ending)) {
          word = word.slice(0, word.length - ending.length);
          stripped = true;
          break;
        }
      }
    }
    return word;
  };
};
"""
)


class SearchKorean(SearchLanguage):
    """Search language ``ko``: splits on non-word characters and strips Korean endings."""

    lang = "ko"
    language_name = "Korean"
    js_splitter_code = JS_SPLITTER_CODE
    js_stemmer_code = JS_STEMMER_CODE

    def split(self, input: str) -> list[str]:  # noqa: A002 -- the base class names it so
        return WORD_RE.findall(input)

    def stem(self, word: str) -> str:
        return stem_korean(word)


def setup_korean_search(app: Sphinx) -> None:
    app.add_search_language(SearchKorean)
