"""Search results that point at sections, with the section about a word first.

Sphinx's full-text index maps words to whole pages. To list sections, each
section's words (lowercased, and also stemmed by :func:`stem_korean`) are
added to the page's search index as index entries that target the section's
anchor. The section about a word (the word is in its title, or else it uses
the word most often) gets the entry as a main entry, which Sphinx's search
page lists before the others. The entries are computed when a page is read
and added to its doctree only when HTML is written, after the environment
has collected the general index, so ``genindex.html`` does not list them. ``search_scorer.js`` labels these results with the
section title.
"""

from __future__ import annotations

import collections
import dataclasses as dc
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from coursebook.sphinx.korean_search import WORD_RE, stem_korean

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

SCORER_PATH = Path(__file__).resolve().parent.parent / "_static" / "search_scorer.js"

# Words this short are too common to point at a section.
MIN_WORD_LENGTH = 2


# Code and cell outputs: their words are found through the page's full-text
# entry. Indexing them per section as well made chapter 2's searchindex.js
# about a fifth larger, in one measurement with Sphinx 9.0.4.
SKIPPED_NODES = (nodes.literal_block, nodes.raw, nodes.image, nodes.section, nodes.comment)


def own_text(section: nodes.section) -> str:
    """Return the prose text of ``section``, without code, outputs and subsections."""
    parts: list[str] = []

    def collect(node: nodes.Node) -> None:
        if isinstance(node, nodes.Text):
            parts.append(node.astext())
            return
        for child in node.children:
            if not isinstance(child, SKIPPED_NODES):
                collect(child)

    collect(section)
    return " ".join(parts)


@dc.dataclass
class SectionTerms:
    """The stems of one section's prose, with their counts and shortest word forms."""

    counts: collections.Counter[str] = dc.field(default_factory=collections.Counter)
    shortest_form: dict[str, str] = dc.field(default_factory=dict)

    def entries(self, stem: str) -> list[str]:
        """Return the index entries for ``stem``: the stem and its shortest word form.

        Sphinx matches an index entry that contains the query as typed, not
        stemmed, so ``정확도`` needs the form ``정확도를`` besides the stem ``정확``.
        """
        form = self.shortest_form[stem]
        entries = [stem] if len(stem) >= MIN_WORD_LENGTH else []
        if form != stem:
            entries.append(form)
        return entries


def section_terms(text: str) -> SectionTerms:
    """Count the stems of the words in ``text`` and keep each stem's shortest word form."""
    terms = SectionTerms()
    for word in WORD_RE.findall(text):
        form = word.lower()
        if len(form) < MIN_WORD_LENGTH or form.isdigit():
            continue
        stem = stem_korean(form)
        terms.counts[stem] += 1
        known = terms.shortest_form.get(stem)
        if known is None or (len(form), form) < (len(known), known):
            terms.shortest_form[stem] = form
    return terms


def section_entries(doctree: nodes.document) -> list[tuple[str, str, str]]:
    """Return ``(entry, anchor, main)`` search index entries for the sections of ``doctree``."""
    sections = [section for section in doctree.findall(nodes.section) if section["ids"]]
    terms = {id(section): section_terms(own_text(section)) for section in sections}
    title_stems = {
        id(section): set(section_terms(section[0].astext()).counts) if isinstance(section[0], nodes.title) else set()
        for section in sections
    }

    # stem -> ((in title, count), section); the first section wins a tie.
    best: dict[str, tuple[tuple[bool, int], int]] = {}
    for section in sections:
        for stem, count in terms[id(section)].counts.items():
            rank = (stem in title_stems[id(section)], count)
            if stem not in best or rank > best[stem][0]:
                best[stem] = (rank, id(section))

    entries = set()
    for section in sections:
        anchor = section["ids"][0]
        section_terms_ = terms[id(section)]
        for stem in section_terms_.counts:
            main = "main" if best[stem][1] == id(section) else ""
            entries |= {(entry, anchor, main) for entry in section_terms_.entries(stem)}
    return sorted(entries)


def collect_section_entries(app: Sphinx, doctree: nodes.document) -> None:
    """Store the page's section entries in the environment, which Sphinx pickles after reading.

    Sphinx 9 fills the search index's entries (``env._search_index_index_entries``)
    while it writes pages, after it has pickled the environment, so a rebuild
    that rewrites no page would dump an index without them. Storing them here
    keeps them for such a rebuild; pages that are written get them again from
    :func:`add_section_entries`.
    """
    if app.builder.format != "html":
        return
    entries = section_entries(doctree)
    _stored(app.env)[app.env.docname] = entries
    app.env._search_index_index_entries[app.env.docname] = entries  # noqa: SLF001 -- no public API in Sphinx 9


def add_section_entries(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Append a hidden index node with the page's stored section entries before the page is indexed."""
    entries = _stored(app.env).get(docname)
    if app.builder.format != "html" or not entries:
        return
    doctree += addnodes.index(entries=[("single", entry, anchor, main, None) for entry, anchor, main in entries])


def _stored(env: BuildEnvironment) -> dict[str, list[tuple[str, str, str]]]:
    if not hasattr(env, "coursebook_section_entries"):
        env.coursebook_section_entries = {}
    return env.coursebook_section_entries


def purge_section_entries(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _stored(env).pop(docname, None)
    # Sphinx 9 does not purge its index entries, and the entries of a removed
    # page would make it fail with a KeyError while it writes the search index.
    env._search_index_index_entries.pop(docname, None)  # noqa: SLF001


def merge_section_entries(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    """Copy the entries that a parallel read process stored into the main environment."""
    for docname in docnames:
        if docname in _stored(other):
            _stored(env)[docname] = _stored(other)[docname]
            env._search_index_index_entries[docname] = _stored(other)[docname]  # noqa: SLF001


def sort_section_entries(app: Sphinx, env: BuildEnvironment) -> None:
    """Order the stored entries by page, so that a parallel read writes the same search index as a serial one.

    Parallel read processes are merged in the order they finish, and the
    search index lists each term's pages in the order of this mapping.
    """
    entries = env._search_index_index_entries  # noqa: SLF001
    ordered = sorted(entries.items())
    entries.clear()
    entries.update(ordered)


def use_section_scorer(app: Sphinx, config: Config) -> None:
    if not config.html_search_scorer:
        config.html_search_scorer = str(SCORER_PATH)


def setup_section_search(app: Sphinx) -> None:
    app.connect("config-inited", use_section_scorer)
    app.connect("doctree-read", collect_section_entries)
    app.connect("doctree-resolved", add_section_entries)
    app.connect("env-purge-doc", purge_section_entries)
    app.connect("env-merge-info", merge_section_entries)
    app.connect("env-updated", sort_section_entries)
