"""Korean search: the stemmer, its JavaScript twin and the index of a fixture book."""

from __future__ import annotations

import json

import pytest

from browser import chromium_page, search, serve
from coursebook.sphinx.korean_search import JS_SPLITTER_CODE, JS_STEMMER_CODE, SearchKorean, stem_korean
from coursebook.sphinx.section_search import section_terms
from sphinx_build import BuildResult, build_root, run_build

STEMS = [
    ("모델의", "모델"),
    ("모델들은", "모델"),
    ("콜백을", "콜백"),
    ("콜백으로", "콜백"),
    ("학습률을", "학습률"),
    ("정확도를", "정확"),
    ("정확도", "정확"),
    ("동결되어", "동결"),
    ("동결될", "동결"),
    ("평가지표를", "평가지표"),
    ("손실이", "손실"),
    ("데이터셋에는", "데이터셋"),
    ("ImageDataLoaders의", "imagedataloaders"),
    ("fine_tune", "fine_tune"),
    ("학습시키기", "학습"),
    ("값을", "값"),
    ("을", "을"),
]


@pytest.mark.parametrize(("word", "stem"), STEMS)
def test_stem_korean(word, stem):
    assert stem_korean(word) == stem


def test_split_keeps_api_names():
    words = SearchKorean({}).split("fine_tune(에포크횟수) 메서드와 `ImageDataLoaders`의")
    assert words == ["fine_tune", "에포크횟수", "메서드와", "ImageDataLoaders", "의"]


def test_section_terms_shortest_form():
    terms = section_terms("정확도를 보고 정확도는 높다. 정확도를 다시")
    assert terms.counts["정확"] == 3
    assert terms.entries("정확") == ["정확", "정확도는"]


@pytest.mark.browser
def test_js_stemmer_matches_python():
    words = [word for word, _ in STEMS]
    script = JS_SPLITTER_CODE + JS_STEMMER_CODE + f"""
    const stemmer = new Stemmer();
    const words = {json.dumps(words, ensure_ascii=False)};
    window.stems = words.map((word) => stemmer.stemWord(word.toLowerCase()));
    window.split = splitQuery("fine_tune(에포크횟수) 메서드와 `ImageDataLoaders`의");
    """
    with chromium_page() as page:
        page.add_script_tag(content=script)
        assert page.evaluate("window.stems") == [stem for _, stem in STEMS]
        assert page.evaluate("window.split") == ["fine_tune", "에포크횟수", "메서드와", "ImageDataLoaders", "의"]


# -- the index and search page of a fixture book -------------------------------


@pytest.fixture(scope="module")
def korean(tmp_path_factory) -> BuildResult:
    result = build_root("korean", tmp_path_factory.mktemp("search") / "root")
    assert result.returncode == 0, result.stderr
    return result


def search_index(result: BuildResult) -> dict:
    text = (result.html_dir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


@pytest.mark.build
@pytest.mark.parametrize("stem", ["콜백", "데이터셋", "손실", "학습률"])
def test_index_stores_stems(korean, stem):
    assert stem in search_index(korean)["terms"]


@pytest.mark.build
def test_index_has_no_particle_forms(korean):
    assert "콜백을" not in search_index(korean)["terms"]


@pytest.mark.build
def test_section_entry_targets_exercise(korean):
    entries = search_index(korean)["indexentries"]["손실"]
    docnames = search_index(korean)["docnames"]
    assert [(docnames[file], anchor, main) for file, anchor, main in entries] == [("chapters/chapter1", "exercise-2", 1)]


@pytest.mark.build
def test_general_index_lists_no_section_words(korean):
    assert "손실" not in korean.page_text("genindex")


@pytest.mark.build
@pytest.mark.browser
def test_search_page_lists_section_first(korean):
    with serve(korean.html_dir) as base_url, chromium_page() as page:
        results = search(page, base_url, "손실")
    assert results[0] == ["chapters/chapter1.html#exercise-2", "1장: 한국어 장 > 2. 손실 확인"]


@pytest.fixture(scope="module")
def rebuilt_unchanged(tmp_path_factory) -> BuildResult:
    first = build_root("korean", tmp_path_factory.mktemp("rebuild") / "root")
    assert first.returncode == 0, first.stderr
    return run_build(first.root_dir)


@pytest.mark.build
def test_unchanged_rebuild_keeps_section_entries(rebuilt_unchanged):
    assert "손실" in search_index(rebuilt_unchanged)["indexentries"]
