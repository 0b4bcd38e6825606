"""Build small chapters that mention fastai names and check notes and warnings.

The chapters have no code blocks, so nothing executes; the check itself
imports fastai once in the Sphinx process.
"""

from __future__ import annotations

import pytest

from sphinx_build import ROOTS_DIR, BuildResult, build_root

pytestmark = pytest.mark.build

CHAPTER = "chapters/chapter1"
CHAPTER_FILE = "book/chapters/chapter1.md"


# The fixture books turn the check off by default.
CHECK_ON = {"coursebook_api_check": "1"}


@pytest.fixture(scope="module")
def current_names(tmp_path_factory) -> BuildResult:
    return build_root("api-names", tmp_path_factory.mktemp("api") / "root", overrides=CHECK_ON)


def test_current_names_build_cleanly(current_names):
    assert current_names.returncode == 0, current_names.stderr
    assert current_names.warnings() == []


def test_current_names_get_no_note(current_names):
    assert current_names.page(CHAPTER).select(".cb-api-note") == []
    assert "api-stale" not in current_names.stdout


@pytest.fixture(scope="module")
def made_up_method(tmp_path_factory) -> BuildResult:
    root = tmp_path_factory.mktemp("api-unknown") / "root"
    chapter = (ROOTS_DIR / "api-names" / CHAPTER_FILE).read_text(encoding="utf-8")
    chapter = chapter.replace("을 호출합니다.", "을 호출합니다. `learn.fine_tunes()`도 있습니다.", 1)
    return build_root("api-names", root, files={CHAPTER_FILE: chapter}, overrides=CHECK_ON)


def test_made_up_method_fails_strict_build(made_up_method):
    assert made_up_method.returncode != 0


def test_made_up_method_warning_location(made_up_method):
    warnings = made_up_method.warnings("coursebook.api-unknown")
    assert len(warnings) == 1, made_up_method.stderr
    assert warnings[0].location.endswith("chapter1.md:7")
    assert "`fine_tunes`" in warnings[0].message
    assert "`fine_tune`" in warnings[0].message


def test_made_up_method_note(made_up_method):
    notes = [note.get_text() for note in made_up_method.page(CHAPTER).select(".cb-api-note")]
    assert notes == [" (편집자 주: fastai 2.8에는 fine_tunes라는 이름이 없습니다. 비슷한 이름: fine_tune)"]


def test_stale_name_is_info_with_note(tmp_path):
    chapter = (
        "---\ntitle: '1장'\n---\n\n<exercise id=\"1\" title=\"옛 이름\">\n\n"
        "`cnn_learner`를 씁니다.\n\n<choice>\n<opt text=\"`begin_fit`\" correct=\"true\"></opt>\n</choice>\n\n</exercise>\n"
    )
    result = build_root("api-names", tmp_path / "root", files={CHAPTER_FILE: chapter}, overrides=CHECK_ON)
    assert result.returncode == 0, result.stderr
    assert "chapter1.md:7: `cnn_learner`의 현재 이름은 `vision_learner`입니다" in result.stdout
    assert "chapter1.md:10: `begin_fit`의 현재 이름은 `before_fit`입니다" in result.stdout
    notes = [note.get_text() for note in result.page(CHAPTER).select(".cb-api-note")]
    assert notes == [
        " (편집자 주: 현재 fastai 2.8에서는 vision_learner입니다)",
        " (편집자 주: 현재 fastai 2.8에서는 before_fit입니다)",
    ]


def test_check_off_adds_no_note(tmp_path):
    chapter = "---\ntitle: '1장'\n---\n\n<exercise id=\"1\" title=\"끔\">\n\n`learn.fine_tunes()`\n\n</exercise>\n"
    result = build_root("api-names", tmp_path / "root", files={CHAPTER_FILE: chapter})
    assert result.returncode == 0, result.stderr
    assert result.page(CHAPTER).select(".cb-api-note") == []


def test_stale_name_in_title_noted(tmp_path):
    chapter = "---\ntitle: '1장'\n---\n\n<exercise id=\"1\" title=\"cnn_learner 함수 둘러보기\">\n\n본문\n\n</exercise>\n"
    result = build_root("api-names", tmp_path / "root", files={CHAPTER_FILE: chapter}, overrides=CHECK_ON)
    assert result.returncode == 0, result.stderr
    assert "chapter1.md:5: 제목의 `cnn_learner`의 현재 이름은 `vision_learner`입니다" in result.stdout
    section = result.page(CHAPTER).select_one("section#exercise-1")
    assert section.h2.get_text(strip=True).startswith("1. cnn_learner 함수 둘러보기")
    note = section.select_one("p.cb-title-note")
    assert note.get_text() == "편집자 주: 제목의 cnn_learner는 현재 fastai 2.8에서는 vision_learner입니다."
