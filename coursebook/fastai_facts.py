"""Lookups in the installed fastai, kept as data so that a build need not import fastai.

Importing fastai takes seconds and close to 1 GB of memory (822 MiB
measured here). The name check and the ``{fastai-default}`` role make a few
hundred lookups per chapter, and their results change only with fastai or
with this package's rules. A kernel that has just executed the chapter's
code, with fastai already imported, resolves them (:func:`resolve`, run by
:func:`kernel_source`). The build keeps the results with its execution cache
and imports fastai itself only for a lookup that no kernel resolved.
"""

from __future__ import annotations

import dataclasses as dc
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from coursebook.api_check import Finding, check_code, current_name, events_left_out, is_candidate
from coursebook.api_queries import ApiQueries
from coursebook.fastai_api import FastaiApi, load_fastai_api, signature_default

FORMAT = 1


def resolve(queries: dict[str, list[str]], api: FastaiApi | None = None) -> dict:
    """Resolve ``queries`` (see :meth:`ApiQueries.to_json`) in ``api``, the installed fastai by default."""
    api = api or load_fastai_api()
    spans = {}
    for text in queries.get("spans", ()):
        if is_candidate(text):
            finding = check_code(text, api)
            spans[text] = None if finding is None else {"kind": finding.kind, "name": finding.name, "current": finding.current}
    defaults = {}
    for target in queries.get("defaults", ()):
        try:
            defaults[target] = {"value": signature_default(target)}
        except LookupError as error:
            defaults[target] = {"error": str(error)}
    return {
        "version": api.version,
        "events": list(api.events),
        "spans": spans,
        "names": {name: current_name(name, api) for name in queries.get("names", ())},
        "defaults": defaults,
    }


def kernel_source(queries: ApiQueries) -> str:
    """Return a cell that prints the results of ``queries`` as one line of JSON.

    The kernel imports this package from the folder the build imported it
    from, so that both apply the same rules. The cell then removes the
    package and puts back the warning filters that importing fastai may have
    added, so the blocks run as they would without it.
    """
    package_parent = str(Path(__file__).resolve().parent.parent)
    payload = json.dumps(queries.to_json(), ensure_ascii=False)
    return f"""\
import json as _json, sys as _sys, warnings as _warnings
_filters = list(_warnings.filters)
_sys.path.insert(0, {package_parent!r})
try:
    from coursebook.fastai_facts import resolve as _resolve
    print(_json.dumps(_resolve(_json.loads({payload!r}))))
finally:
    _sys.path.remove({package_parent!r})
    for _name in [_name for _name in _sys.modules if _name == "coursebook" or _name.startswith("coursebook.")]:
        del _sys.modules[_name]
    _warnings.filters[:] = _filters
    _warnings._filters_mutated()
    del _json, _sys, _warnings, _filters"""


def empty_results() -> dict:
    return {"version": None, "events": None, "spans": {}, "names": {}, "defaults": {}}


def valid_results(data: object) -> bool:
    """Return whether ``data`` has the shape :func:`resolve` returns, down to each result's fields."""
    if not isinstance(data, dict) or set(data) != set(empty_results()):
        return False
    version, events = data["version"], data["events"]
    if not (version is None or (isinstance(version, str) and version)):
        return False
    if not (events is None or (isinstance(events, list) and all(isinstance(event, str) for event in events))):
        return False
    if not all(isinstance(data[part], dict) for part in ("spans", "names", "defaults")):
        return False
    return (
        all(_valid_finding(found) for found in data["spans"].values())
        and all(found is None or isinstance(found, str) for found in data["names"].values())
        and all(_valid_default(found) for found in data["defaults"].values())
    )


def _valid_finding(found: object) -> bool:
    if found is None:
        return True
    return (
        isinstance(found, dict)
        and found.get("kind") in ("stale", "unknown")
        and isinstance(found.get("name"), str)
        and (found.get("current") is None or isinstance(found.get("current"), str))
    )


def _valid_default(found: object) -> bool:
    return isinstance(found, dict) and (isinstance(found.get("value"), str) or isinstance(found.get("error"), str))


@dc.dataclass
class FastaiFacts:
    """Results of the lookups that the name check and the ``{fastai-default}`` role make.

    Each lookup reads :attr:`results` first. A missing result is resolved in
    this process, importing fastai (``live``, by default
    :func:`load_fastai_api`), and kept. :attr:`changed` then marks the results
    for saving, and :attr:`misses` counts these in-process resolutions. The
    first miss also resolves every query that :meth:`expect` recorded, so the
    lookups collected before reading cost one resolution between them.
    """

    results: dict = dc.field(default_factory=empty_results)
    live: Callable[[], FastaiApi] = load_fastai_api
    changed: bool = False
    misses: int = 0
    expected: ApiQueries = dc.field(default_factory=ApiQueries)

    def expect(self, queries: ApiQueries) -> None:
        """Record queries the build will make, to resolve along with the first miss."""
        self.expected.update(self.missing(queries))

    def resolve_expected(self) -> None:
        """Resolve the recorded queries now, importing fastai in this process, if any remain."""
        if self.expected:
            self._resolve_here(ApiQueries())

    def merge(self, results: dict) -> None:
        """Add ``results`` from :func:`resolve`, replacing older results of the same queries."""
        for part in ("spans", "names", "defaults"):
            self.results[part].update(results.get(part, {}))
        for part in ("version", "events"):
            if results.get(part) is not None:
                self.results[part] = results[part]
        self.changed = True
        self.expected = self.missing(self.expected)

    def missing(self, queries: ApiQueries) -> ApiQueries:
        """Return the part of ``queries`` that has no result yet."""
        return ApiQueries(
            spans={text for text in queries.spans if is_candidate(text) and text not in self.results["spans"]},
            names=queries.names - self.results["names"].keys(),
            defaults=queries.defaults - self.results["defaults"].keys(),
        )

    @property
    def version(self) -> str:
        if self.results["version"] is None:
            self._resolve_here(ApiQueries())
        return self.results["version"]

    @property
    def short_version(self) -> str:
        """Return ``major.minor`` of :attr:`version`, as the page notes show it."""
        return ".".join(self.version.split(".")[:2])

    @property
    def events(self) -> tuple[str, ...]:
        if self.results["events"] is None:
            self._resolve_here(ApiQueries())
        return tuple(self.results["events"])

    def check(self, text: str) -> Finding | None:
        """Return the finding of :func:`check_code` for the code span ``text``."""
        if not is_candidate(text):
            return None
        if text not in self.results["spans"]:
            self._resolve_here(ApiQueries(spans={text}))
        found = self.results["spans"][text]
        return None if found is None else Finding(found["kind"], found["name"], text, found["current"])

    def current(self, name: str) -> str | None:
        """Return the current name of ``name``, as :func:`current_name` finds it."""
        if name not in self.results["names"]:
            self._resolve_here(ApiQueries(names={name}))
        return self.results["names"][name]

    def omitted(self, mentioned: Iterable[str]) -> list[str]:
        """Return the events a listing of ``mentioned`` leaves out; see :func:`events_left_out`."""
        return events_left_out(mentioned, self.events, self.current)

    def default(self, target: str) -> str:
        """Return the default that ``module.callable:parameter`` names; ``LookupError`` if there is none."""
        if target not in self.results["defaults"]:
            self._resolve_here(ApiQueries(defaults={target}))
        found = self.results["defaults"][target]
        if "error" in found:
            raise LookupError(found["error"])
        return found["value"]

    def _resolve_here(self, queries: ApiQueries) -> None:
        queries.update(self.expected)
        self.expected = ApiQueries()
        self.merge(resolve(queries.to_json(), self.live()))
        self.misses += 1
