"""Tests of the fastai results that a kernel gives the build, so that the build need not import fastai."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coursebook.api_check import Finding, check_code, current_name, omitted_events
from coursebook.api_queries import ApiQueries, code_span_text, queries_in
from coursebook.fastai_api import FastaiApi, load_fastai_api
from coursebook.fastai_facts import FastaiFacts, resolve, valid_results
from sphinx_build import build_root, run_build

REPO = Path(__file__).resolve().parent.parent
CHAPTER = REPO / "book" / "chapters" / "chapter2.md"

# Records, when the build ends, whether the build process imported fastai
# and how many times it had to resolve a lookup itself.
PROBE_EXTENSION = """\
import json, sys

def setup(app):
    def record(app, exception):
        facts = getattr(app, "coursebook_fastai_facts", None)
        probe = {"fastai": "fastai" in sys.modules, "misses": getattr(facts, "misses", None)}
        (app.outdir.parent / "probe.json").write_text(json.dumps(probe))
    app.connect("build-finished", record, priority=900)
    return {"parallel_read_safe": True}
"""

STALE_CHAPTER = """\
---
title: '1장: 옛 이름'
prev: null
next: null
---

<exercise id="1" title="계산하기">

`cnn_learner`로 학습기를 만듭니다. 아래 코드를 실행해 보세요.

<codeblock id="01_01">
</codeblock>

</exercise>
"""


def test_queries_collect_spans_and_defaults():
    text = (
        "# `cnn_learner` 소개\n"
        "`learn.fine_tune(1)`과 `` `x` ``, **before_fit**, __after_fit__, 값 {fastai-default}`m.f:ps`.\n"
        "```python\nprint(1)\n```\n"
    )
    queries = queries_in(text)
    assert queries.spans == {"cnn_learner", "learn.fine_tune(1)", "`x`", "before_fit", "after_fit", "m.f:ps"}
    assert queries.defaults == {"m.f:ps"}
    assert {"cnn_learner", "learn", "fine_tune", "before_fit", "after_fit", "python", "print"} <= queries.names


def test_queries_in_unescapes_bold_underscores():
    assert queries_in(r"**begin\_fit**와 **after\_batch**").spans == {"begin_fit", "after_batch"}


@pytest.mark.parametrize(("content", "text"), [(" a ", "a"), ("  a  ", " a "), (" a", " a"), ("  ", "  ")])
def test_code_span_strips_one_space(content, text):
    assert code_span_text(content) == text


class Learner:
    def fine_tune(self, epochs):
        pass


def vision_learner(dls, arch):
    pass


@pytest.fixture
def stub_api() -> FastaiApi:
    namespace = {"Learner": Learner, "vision_learner": vision_learner, "cnn_learner": vision_learner}
    return FastaiApi(
        version="2.8.12",
        namespace=namespace,
        events=("before_fit", "before_epoch", "after_epoch", "after_fit"),
        classes={"Learner": Learner},
        deprecated={"cnn_learner": "vision_learner"},
    )


def test_stored_results_match_check(stub_api):
    queries = ApiQueries(spans={"cnn_learner", "learn.fine_tunes()", "learn.fine_tune(1)", "0.5"}, names={"begin_fit"})
    facts = FastaiFacts(live=pytest.fail)
    facts.merge(resolve(queries.to_json(), stub_api))

    assert facts.check("cnn_learner") == Finding("stale", "cnn_learner", "cnn_learner", "vision_learner")
    assert facts.check("learn.fine_tunes()") == Finding("unknown", "fine_tunes", "learn.fine_tunes()", "fine_tune")
    assert facts.check("learn.fine_tune(1)") is None
    # Not the shape of a name, so no result is needed.
    assert facts.check("0.5") is None
    assert facts.current("begin_fit") == "before_fit"
    assert facts.version == "2.8.12"
    assert facts.short_version == "2.8"
    assert facts.misses == 0


def test_first_miss_resolves_expected_queries(stub_api):
    calls = []

    def live() -> FastaiApi:
        calls.append(1)
        return stub_api

    facts = FastaiFacts(live=live)
    names = {"begin_fit", "before_epoch", "after_epoch", "after_fit"}
    facts.expect(ApiQueries(spans={"cnn_learner", "vision_learner"}, names=names))
    assert facts.check("cnn_learner").current == "vision_learner"
    assert facts.check("vision_learner") is None
    assert facts.current("begin_fit") == "before_fit"
    assert facts.omitted(["begin_fit", "before_epoch", "after_epoch"]) == ["after_fit"]
    assert len(calls) == 1
    assert facts.misses == 1
    assert facts.changed


def test_default_results_keep_errors():
    facts = FastaiFacts(live=pytest.fail)
    facts.merge(
        {
            "version": "2.8.12",
            "events": [],
            "spans": {},
            "names": {},
            "defaults": {"m.f:ps": {"value": "0.5"}, "m.f:lr": {"error": "m.f에 매개변수 lr가 없습니다"}},
        }
    )
    assert facts.default("m.f:ps") == "0.5"
    with pytest.raises(LookupError, match="매개변수 lr"):
        facts.default("m.f:lr")


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {"version": "2.8.12"},
        {"version": "2.8.12", "events": [], "spans": [], "names": {}, "defaults": {}},
        {"version": 2, "events": [], "spans": {}, "names": {}, "defaults": {}},
        {"version": "", "events": [], "spans": {}, "names": {}, "defaults": {}},
        {"version": "2.8.12", "events": [1], "spans": {}, "names": {}, "defaults": {}},
        {"version": "2.8.12", "events": [], "spans": {"cnn_learner": "vision_learner"}, "names": {}, "defaults": {}},
        {"version": "2.8.12", "events": [], "spans": {"x": {"kind": "odd", "name": "x"}}, "names": {}, "defaults": {}},
        {"version": "2.8.12", "events": [], "spans": {}, "names": {"x": 1}, "defaults": {}},
        {"version": "2.8.12", "events": [], "spans": {}, "names": {}, "defaults": {"m.f:ps": "0.5"}},
    ],
)
def test_malformed_results_rejected(data):
    assert not valid_results(data)


def test_results_equal_live_check_chapter2():
    api = load_fastai_api()
    queries = queries_in(CHAPTER.read_text(encoding="utf-8"))
    facts = FastaiFacts(live=pytest.fail)
    facts.merge(json.loads(json.dumps(resolve(queries.to_json(), api))))

    assert len(queries.spans) > 50
    for text in queries.spans:
        assert facts.check(text) == check_code(text, api), text
    for name in queries.names:
        assert facts.current(name) == current_name(name, api), name
    events = [name for name in queries.names if name.startswith(("begin_", "after_", "before_"))]
    assert facts.omitted(events) == omitted_events(events, api)


@pytest.fixture(scope="module")
def stale_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("facts") / "root"
    result = build_root(
        "one-codeblock",
        root,
        files={"book/chapters/chapter1.md": STALE_CHAPTER, "coursebook_probe.py": PROBE_EXTENSION},
        overrides={"coursebook_api_check": "1", "extensions": "coursebook.sphinx,coursebook_probe"},
    )
    return result


def probe(result) -> dict:
    return json.loads((result.root_dir / "_build" / "probe.json").read_text(encoding="utf-8"))


def test_kernel_resolves_build_skips_fastai(stale_build):
    assert stale_build.returncode == 0, stale_build.stderr
    assert probe(stale_build) == {"fastai": False, "misses": 0}
    notes = [note.get_text() for note in stale_build.page("chapters/chapter1").select(".cb-api-note")]
    assert notes == [" (편집자 주: 현재 fastai 2.8에서는 vision_learner입니다)"]


def test_prose_edit_reuses_saved_results(stale_build):
    chapter = stale_build.root_dir / "book" / "chapters" / "chapter1.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("만듭니다.", "만듭니다. 문장을 더했습니다."), encoding="utf-8")
    again = run_build(stale_build.root_dir, overrides={"coursebook_api_check": "1", "extensions": "coursebook.sphinx,coursebook_probe"})

    assert again.returncode == 0, again.stderr
    assert "문장을 더했습니다" in again.page_text("chapters/chapter1")
    assert probe(again) == {"fastai": False, "misses": 0}
    assert len(again.page("chapters/chapter1").select(".cb-api-note")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "[]",
        '{"key": {}, "results": {}}',
        '{"key": "KEY", "results": {"version": "2.8.12"}}',
    ],
)
def test_damaged_results_file_ignored(tmp_path, text):
    from coursebook.sphinx.fastai_facts import facts_key, load_results

    path = tmp_path / "facts.json"
    path.write_text(text.replace('"KEY"', json.dumps(facts_key())), encoding="utf-8")
    assert load_results(path) == {"version": None, "events": None, "spans": {}, "names": {}, "defaults": {}}


def test_saved_results_load_same_key(tmp_path):
    from coursebook.sphinx.fastai_facts import facts_key, load_results

    results = {"version": "2.8.12", "events": ["after_fit"], "spans": {"x": None}, "names": {}, "defaults": {}}
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"key": facts_key(), "results": results}), encoding="utf-8")
    assert load_results(path) == results
    assert load_results(tmp_path / "missing.json")["version"] is None


PATCHING_SOLUTION = """\
# %%
from fastai.vision.all import *

@patch
def patched_here(self: Learner):
    pass

total = 1 + 2
print("total:", total)
"""

PATCHED_CHAPTER = STALE_CHAPTER.replace("`cnn_learner`로 학습기를 만듭니다.", "`learn.patched_here()`를 부릅니다.")


def test_names_patched_by_code_stay_unknown(tmp_path):
    # The kernel resolves before any block runs, so a method a solution adds
    # to Learner is not taken for a fastai name.
    result = build_root(
        "one-codeblock",
        tmp_path / "root",
        files={
            "book/chapters/chapter1.md": PATCHED_CHAPTER,
            "snippets/chapter1/solution_01_01.py": PATCHING_SOLUTION,
            "coursebook_probe.py": PROBE_EXTENSION,
        },
        overrides={"coursebook_api_check": "1", "extensions": "coursebook.sphinx,coursebook_probe"},
    )
    assert [warning.message for warning in result.warnings("coursebook.api-unknown")] == [
        "`learn.patched_here()`에서 `patched_here`는 설치된 fastai 2.8.12에 없는 이름입니다. "
        "철자를 확인하거나 현재 이름으로 고치세요."
    ]
    assert probe(result) == {"fastai": False, "misses": 0}


def test_parallel_read_saves_results(tmp_path):
    checked = {"coursebook_api_check": "1", "extensions": "coursebook.sphinx,coursebook_probe"}
    first = build_root(
        "api-names", tmp_path / "root", files={"coursebook_probe.py": PROBE_EXTENSION}, overrides=checked, jobs=2
    )
    assert first.returncode == 0, first.stderr
    # No code to execute: the build resolves once, before the read processes fork.
    assert probe(first) == {"fastai": True, "misses": 1}
    assert (first.root_dir / "_build" / "jupyter_cache" / "coursebook-fastai-facts.json").is_file()

    chapter = first.root_dir / "book" / "chapters" / "chapter1.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n문장을 더했습니다.\n", encoding="utf-8")
    again = run_build(first.root_dir, overrides=checked, jobs=2)
    assert again.returncode == 0, again.stderr
    assert probe(again) == {"fastai": False, "misses": 0}
