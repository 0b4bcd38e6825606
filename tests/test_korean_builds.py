"""Build the ``korean`` test root: emphasis next to Hangul and readable anchors."""

from __future__ import annotations

import pytest

from sphinx_build import ROOTS_DIR, BuildResult, build_root

pytestmark = pytest.mark.build

CHAPTER = "chapters/chapter1"
INDEX_PATH = "book/index.md"
CHAPTER_PATH = "book/chapters/chapter1.md"


@pytest.fixture(scope="module")
def korean(tmp_path_factory) -> BuildResult:
    return build_root("korean", tmp_path_factory.mktemp("korean") / "root")


@pytest.fixture(scope="module")
def heading_added(tmp_path_factory) -> BuildResult:
    """The same root with a new heading above every existing one."""
    index = (ROOTS_DIR / "korean" / INDEX_PATH).read_text(encoding="utf-8")
    chapter = (ROOTS_DIR / "korean" / CHAPTER_PATH).read_text(encoding="utf-8")
    files = {
        INDEX_PATH: index.replace("## 데이터 준비\n", "## 새로 넣은 절\n\n새 문단입니다.\n\n## 데이터 준비\n", 1),
        CHAPTER_PATH: chapter.replace(
            "## 학습률 찾기\n",
            '## 새로 넣은 절\n\n새 문단입니다.\n\n<exercise id="0" title="새 연습">\n\n새 연습입니다.\n\n</exercise>\n\n## 학습률 찾기\n',
            1,
        ),
    }
    return build_root("korean", tmp_path_factory.mktemp("added") / "root", files=files)


def section_ids(result: BuildResult, docname: str) -> list[str]:
    return [section["id"] for section in result.page(docname).select("article section")]


def all_ids(result: BuildResult, docname: str) -> set[str]:
    return {element["id"] for element in result.page(docname).select("article [id]")}


def test_korean_builds_cleanly(korean):
    assert korean.returncode == 0, korean.stderr
    assert korean.warnings() == []


# -- emphasis in a plain MyST page and in a chapter ---------------------------


def test_plain_page_strong(korean):
    strong = [element.get_text() for element in korean.page("index").select("article strong")]
    # Sphinx's smartquotes turn the straight quotes into curly ones.
    assert strong == ["콜백(Callback)", "굵게", "\u201c데이터 블록\u201d", "vision_learner"]


def test_plain_page_em(korean):
    assert [element.get_text() for element in korean.page("index").select("article em")] == ["강조"]


def test_plain_page_keeps_literal_delimiters(korean):
    text = korean.page("index").select_one("article").get_text()
    assert "snake_case_names" in text
    assert "2*3*4" in text
    assert "**" not in text


def test_chapter_emphasis(korean):
    page = korean.page(CHAPTER)
    assert page.select_one("article strong").get_text() == "콜백(Callback)"
    assert page.select_one("article em").get_text() == "소문자"


# -- anchors ------------------------------------------------------------------


def test_plain_page_section_ids(korean):
    assert section_ids(korean, "index") == ["시험용-책", "데이터-준비", "모델-학습", "데이터-준비-1", "긴-줄"]


def test_chapter_section_ids(korean):
    assert section_ids(korean, CHAPTER) == ["1장-한국어-장", "학습률-찾기", "exercise-1", "exercise-2"]


@pytest.mark.parametrize("slug", ["데이터-준비", "손실-확인"])
def test_exercise_title_slug(korean, slug):
    assert slug in all_ids(korean, CHAPTER)


def test_page_toc_uses_slugs(korean):
    links = [anchor["href"] for anchor in korean.page("index").select(".bd-toc a")]
    assert "#데이터-준비" in links
    assert "#데이터-준비-1" in links


def test_ids_unique_within_page(korean):
    for docname in ("index", CHAPTER):
        ids = [element["id"] for element in korean.page(docname).select("[id]")]
        assert len(ids) == len(set(ids)), docname


def test_heading_added_builds_cleanly(heading_added):
    assert heading_added.returncode == 0, heading_added.stderr


def test_heading_added_keeps_plain_page_ids(korean, heading_added):
    before = section_ids(korean, "index")
    after = section_ids(heading_added, "index")
    assert after == [before[0], "새로-넣은-절", *before[1:]]


def test_heading_added_keeps_chapter_ids(korean, heading_added):
    # Docutils' own idN ids renumber; every readable id must survive.
    readable = {identifier for identifier in all_ids(korean, CHAPTER) if not identifier.startswith("id")}
    assert readable <= all_ids(heading_added, CHAPTER)
