"""Keep one build's fastai lookup results, and save them with the execution cache.

The results file records the versions and the rules it was made under
(:func:`facts_key`). A build under other versions or other rules starts
with no results. Before the pages are read, :func:`chapter_queries` collects
the lookups of the chapters this build reads, so that a kernel can resolve
them after it has executed their code.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

import coursebook
from coursebook.api_queries import ApiQueries, queries_in
from coursebook.fastai_facts import FORMAT, FastaiFacts, empty_results, valid_results
from coursebook.sources import read_source
from coursebook.sphinx.config import get_config, resolve
from coursebook.sphinx.execution import library_versions
from coursebook.sphinx.reader import is_chapter

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

FACTS_FILE = "coursebook-fastai-facts.json"
# The modules whose code decides the results.
RULE_MODULES = ("api_check.py", "api_renames.py", "api_queries.py", "fastai_api.py", "fastai_facts.py")
_SLIDES_RE = re.compile(r"<slides\b[^>]*\bsource=\"([^\"]+)\"")


def facts_key() -> dict[str, object]:
    """Return what the results depend on besides the queries: library versions and the rules' code."""
    rules = hashlib.sha256()
    package = Path(coursebook.__file__).parent
    for name in RULE_MODULES:
        rules.update((package / name).read_bytes())
    return {"format": FORMAT, "versions": library_versions(), "rules": rules.hexdigest()}


def facts_path(app: Sphinx) -> Path:
    return resolve(app, app.config.nb_execution_cache_path) / FACTS_FILE


def facts_for(app: Sphinx | None) -> FastaiFacts:
    """Return the build's results, loaded from the cache on first use; without ``app``, empty results."""
    if app is None:
        return FastaiFacts()
    facts = getattr(app, "coursebook_fastai_facts", None)
    if facts is None:
        facts = app.coursebook_fastai_facts = FastaiFacts(load_results(facts_path(app)))
    return facts


def load_results(path: Path) -> dict:
    """Return the results saved at ``path``; none when the file is missing, damaged or from other versions or rules."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return empty_results()
    if not isinstance(stored, dict) or stored.get("key") != facts_key():
        return empty_results()
    results = stored.get("results")
    return results if valid_results(results) else empty_results()


def save_facts(app: Sphinx, exception: BaseException | None) -> None:
    """Write the results when this build added any; a failed write only costs the next build time."""
    # NOTE: with -j, a lookup that a read process resolved itself stays in that
    # process, so the next build resolves it again. Kernels resolve every
    # lookup collected before reading, so only lookups the collection missed
    # are affected.
    facts = getattr(app, "coursebook_fastai_facts", None)
    if facts is None or not facts.changed:
        return
    path = facts_path(app)
    payload = json.dumps({"key": facts_key(), "results": facts.results}, ensure_ascii=False, sort_keys=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed, so that a build reading it never reads half a file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".facts-")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(payload)
        os.replace(temporary, path)
    except OSError as error:
        logger.info("fastai 이름 정보를 %s에 저장하지 못했습니다: %s. 다음 빌드가 다시 구합니다.", path, error)
        return
    facts.changed = False
    if facts.misses:
        logger.debug("fastai 이름 정보 %d건을 빌드 프로세스에서 구했습니다.", facts.misses)


def chapter_queries(app: Sphinx, docnames: list[str]) -> ApiQueries:
    """Return the lookups the name check may make in the chapters among ``docnames`` and their decks."""
    queries = ApiQueries()
    slides_dir = resolve(app, get_config(app).slides_dir)
    for docname in docnames:
        if not is_chapter(app, docname):
            continue
        try:
            text, _ = read_source(Path(app.env.doc2path(docname)))
        except (OSError, ValueError):
            continue
        queries.update(queries_in(text))
        for source in _SLIDES_RE.findall(text):
            try:
                deck, _ = read_source(slides_dir / f"{source}.md")
            except (OSError, ValueError):
                continue
            queries.update(queries_in(deck))
    return queries


def setup_fastai_facts(app: Sphinx) -> None:
    app.connect("build-finished", save_facts)
