"""Build small books from ``tests/roots`` with the real ``sphinx-build``.

The snippets are plain Python, so each build takes seconds. Every build runs
with ``-W --keep-going -n`` like ``make book``: a passing build must print no
warning, and a failing one must print the expected warning at the author's
file and line.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import pytest

from sphinx_build import ROOTS_DIR, BuildResult, build_root, run_build

pytestmark = pytest.mark.build

CHAPTER = "chapters/chapter1"
SOLUTION = "snippets/chapter1/solution_01_01.py"


@pytest.fixture(scope="module")
def basic(tmp_path_factory) -> BuildResult:
    return build_root("basic", tmp_path_factory.mktemp("basic") / "root")


def codeblock(result: BuildResult, codeblock_id: str):
    block = result.page(CHAPTER).select_one(f"#codeblock-{codeblock_id}")
    assert block is not None, f"no element with id codeblock-{codeblock_id}"
    return block


# -- a chapter with every tag builds cleanly -------------------------------


def test_basic_exit_status(basic):
    assert basic.returncode == 0, basic.stderr


def test_basic_no_warnings(basic):
    assert basic.warnings() == []


def test_basic_warnings_file_empty(basic):
    assert basic.warnings_file_text == ""


def test_basic_html_lang(basic):
    assert basic.page(CHAPTER).html["lang"] == "ko"


def test_basic_exercise_sections(basic):
    sections = basic.page(CHAPTER).select("section.cb-exercise")
    assert [section["id"] for section in sections] == ["exercise-1", "exercise-2"]


def test_basic_exercise_headings(basic):
    headings = [section.h2.get_text(" ", strip=True) for section in basic.page(CHAPTER).select("section.cb-exercise")]
    assert headings == ["1. 코드 블록 두 개 #", "2. deck 슬라이드 보기 #"]


def test_basic_exercise_title_code_span(basic):
    code = basic.page(CHAPTER).select_one("section#exercise-2 h2 code")
    assert code.get_text() == "deck"


def test_basic_subheading_inside_exercise(basic):
    subheading = basic.page(CHAPTER).select_one("section#exercise-1 h3")
    assert subheading.get_text(strip=True) == "작은 제목#"


def test_basic_codeblocks_in_first_exercise(basic):
    blocks = basic.page(CHAPTER).select("section#exercise-1 .cb-codeblock")
    assert [block["id"] for block in blocks] == ["codeblock-01_01", "codeblock-01_02"]


@pytest.mark.parametrize(
    ("codeblock_id", "exercise_code"),
    [
        ("01_01", 'answer = ___ * 7\nprint("result:", answer)\n'),
        ("01_02", 'words = ___\nprint("-".join(words))\n'),
    ],
)
def test_basic_exercise_code(basic, codeblock_id, exercise_code):
    code = codeblock(basic, codeblock_id).select_one(".cb-exercise-code pre")
    assert code.get_text() == exercise_code


def test_basic_hint_present(basic):
    hint = codeblock(basic, "01_01").select_one("details.cb-hint")
    assert hint.p.get_text() == "곱셈 결과를 확인해 보세요."


def test_basic_hint_absent_when_empty(basic):
    assert codeblock(basic, "01_02").select_one("details.cb-hint") is None


@pytest.mark.parametrize(
    ("codeblock_id", "output"),
    [("01_01", "result: 42\n"), ("01_02", "가-나\n")],
)
def test_basic_solution_output(basic, codeblock_id, output):
    solution = codeblock(basic, codeblock_id).select_one("details.cb-solution")
    outputs = [node.get_text() for node in solution.select(".cell_output pre")]
    assert outputs == [output]


def test_basic_prelude_hidden(basic):
    assert "_coursebook_random" not in basic.page_text(CHAPTER)


def test_basic_option_correctness(basic):
    options = basic.page(CHAPTER).select(".cb-choice li.cb-opt")
    assert [(opt.summary.get_text(), opt["data-correct"]) for opt in options] == [
        ("둘", "true"),
        ("셋", "false"),
        ("01_03 하나", "false"),
    ]


def test_basic_option_code_span(basic):
    code = basic.page(CHAPTER).select("li.cb-opt")[2].select_one("summary code")
    assert code.get_text() == "01_03"


def test_basic_option_feedback(basic):
    feedback = [opt.select_one(".cb-feedback").get_text(" ", strip=True) for opt in basic.page(CHAPTER).select("li.cb-opt")]
    assert feedback == [
        "정답입니다! 맞습니다. 코드 블록은 두 개 입니다.",
        "오답입니다. 다시 생각해 보세요. 세 개가 아닙니다.",
        "오답입니다. 다시 생각해 보세요. :-( 그런 코드 블록은 없습니다.",
    ]


def test_basic_feedback_markdown_rendered(basic):
    strong = basic.page(CHAPTER).select_one('li.cb-opt[data-correct="true"] .cb-feedback strong')
    assert strong.get_text() == "두 개"


def test_basic_slide_range(basic):
    slides = basic.page(CHAPTER).select("section#exercise-2 .cb-slides section.cb-slide")
    titles = [slide.select_one(".cb-slide-title").get_text() for slide in slides]
    assert titles == ["둘째 슬라이드", "셋째 슬라이드"]


def test_basic_slide_notes(basic):
    notes = basic.page(CHAPTER).select_one("section.cb-slide details.cb-slide-notes p")
    assert notes.get_text() == "둘째 슬라이드의 노트입니다."


def test_basic_slide_code_keeps_separator(basic):
    code = basic.page(CHAPTER).select("section.cb-slide")[1].select_one("pre")
    assert code.get_text() == "x = 1\n---\ny = 2\n"


def test_basic_null_links_give_no_nav(basic):
    assert basic.page(CHAPTER).select_one("nav.cb-chapter-nav") is None


# -- a failing solution fails the build at its own line ---------------------


@dataclass(frozen=True)
class Failure:
    """A failing solution script and the texts its warning and notice must contain."""

    solution: str
    overrides: dict[str, str]
    message: str
    notice: str


FAILURES = {
    "raises": Failure(
        solution="# %%\nnumerator = 1\nnumerator / 0\n",
        overrides={},
        message="ZeroDivisionError: division by zero",
        notice="이 코드는 책을 빌드할 때 오류가 나서 끝까지 실행하지 못했습니다.",
    ),
    # NOTE: the hidden cell before each solution imports torch under the same
    # per-cell limit. A plain `import torch` took 2.7-4 s on a loaded 4-core
    # machine, so a 3 s limit could stop that cell instead of the solution.
    "times-out": Failure(
        solution="# %%\nimport time\ntime.sleep(120)\n",
        overrides={"nb_execution_timeout": "10"},
        message="실행 시간 제한 10초를 넘겼습니다",
        notice="이 코드는 책을 빌드할 때 실행 시간 제한(10초)을 넘겨 끝까지 실행하지 못했습니다.",
    ),
}


@pytest.fixture(scope="module", params=sorted(FAILURES))
def failed(request, tmp_path_factory) -> tuple[BuildResult, Failure]:
    failure = FAILURES[request.param]
    root = tmp_path_factory.mktemp(request.param) / "root"
    result = build_root("one-codeblock", root, files={SOLUTION: failure.solution}, overrides=failure.overrides)
    return result, failure


def test_failure_exit_status(failed):
    result, _ = failed
    assert result.returncode == 1


def test_failure_warning_location(failed):
    result, _ = failed
    errors = result.warnings("coursebook.snippet-error")
    assert [error.location for error in errors] == [f"{result.root_dir / SOLUTION}:3"]


def test_failure_warning_message(failed):
    result, failure = failed
    errors = result.warnings("coursebook.snippet-error")
    assert failure.message in errors[0].message


def test_failure_stderr_names_file_and_tag(failed):
    result, _ = failed
    assert "solution_01_01.py:3: WARNING: " in result.stderr
    assert "[coursebook.snippet-error]" in result.stderr


def test_failure_page_has_no_traceback(failed):
    result, _ = failed
    assert "Traceback" not in result.page_text(CHAPTER)


def test_failure_page_notice(failed):
    result, failure = failed
    notice = codeblock(result, "01_01").select_one("details.cb-solution .cb-exec-error")
    assert [paragraph.get_text() for paragraph in notice.select("p")] == ["실행 오류", failure.notice]


def test_failure_keeps_output_before_error(tmp_path):
    solution = "# %%\nprint('first cell')\n# %%\nprint('before the error')\n1 / 0\n"
    result = build_root("one-codeblock", tmp_path / "root", files={SOLUTION: solution})
    assert result.returncode == 1
    text = codeblock(result, "01_01").select_one("details.cb-solution").get_text()
    assert "first cell" in text
    assert "before the error" in text
    assert "끝까지 실행하지 못했습니다" in text
    assert "Traceback" not in text


# -- a missing snippet fails the build at the code block's line --------------


@pytest.fixture(scope="module")
def missing_solution(tmp_path_factory) -> BuildResult:
    root = tmp_path_factory.mktemp("missing") / "root"
    return build_root("one-codeblock", root, files={SOLUTION: None})


def test_missing_solution_exit_status(missing_solution):
    assert missing_solution.returncode == 1


def test_missing_solution_warning_location(missing_solution):
    warnings = missing_solution.warnings("coursebook.codeblock-missing-snippet")
    chapter_file = missing_solution.root_dir / "book/chapters/chapter1.md"
    assert [warning.location for warning in warnings] == [f"{chapter_file}:11"]


def test_missing_solution_warning_names_file(missing_solution):
    warnings = missing_solution.warnings("coursebook.codeblock-missing-snippet")
    assert "solution_01_01.py" in warnings[0].message


def test_missing_solution_stderr(missing_solution):
    assert "chapter1.md:11: WARNING: " in missing_solution.stderr
    assert "[coursebook.codeblock-missing-snippet]" in missing_solution.stderr


def test_missing_solution_only_warning(missing_solution):
    tags = [warning.tag for warning in missing_solution.warnings()]
    assert tags == ["coursebook.codeblock-missing-snippet"]


def test_missing_solution_notice(missing_solution):
    notice = codeblock(missing_solution, "01_01").select_one("details.cb-solution .cb-notice")
    assert notice.get_text() == "이 코드 블록에는 아직 정답 스크립트가 없습니다."


@dataclass(frozen=True)
class Rebuilds:
    """A build with the solution missing, then unchanged, then with it added."""

    unchanged: BuildResult
    added: BuildResult


@pytest.fixture(scope="module")
def rebuilds(tmp_path_factory) -> Rebuilds:
    root = tmp_path_factory.mktemp("rebuild") / "root"
    first = build_root("one-codeblock", root, files={SOLUTION: None})
    unchanged = run_build(first.root_dir)
    shutil.copy(ROOTS_DIR / "one-codeblock" / SOLUTION, first.root_dir / SOLUTION)
    added = run_build(first.root_dir)
    return Rebuilds(unchanged, added)


def test_rebuild_unchanged_still_fails(rebuilds):
    assert rebuilds.unchanged.returncode == 1


def test_rebuild_unchanged_repeats_warning(rebuilds):
    tags = [warning.tag for warning in rebuilds.unchanged.warnings()]
    assert tags == ["coursebook.codeblock-missing-snippet"]


def test_rebuild_added_solution_passes(rebuilds):
    assert rebuilds.added.returncode == 0, rebuilds.added.stderr


def test_rebuild_added_solution_output(rebuilds):
    solution = codeblock(rebuilds.added, "01_01").select_one("details.cb-solution")
    assert [node.get_text() for node in solution.select(".cell_output pre")] == ["total: 3\n"]


# -- links between chapters ------------------------------------------------


@pytest.fixture(scope="module")
def chapter_links(tmp_path_factory) -> BuildResult:
    return build_root("chapter-links", tmp_path_factory.mktemp("links") / "root")


def test_links_build_cleanly(chapter_links):
    assert chapter_links.returncode == 0, chapter_links.stderr


def test_links_no_warnings(chapter_links):
    assert chapter_links.warnings() == []


def test_links_missing_prev_not_linked(chapter_links):
    hrefs = [anchor.get("href", "") for anchor in chapter_links.page("chapters/chapter2").select("a")]
    assert [href for href in hrefs if "chapter1" in href] == []


def test_links_existing_next_linked(chapter_links):
    nav = chapter_links.page("chapters/chapter2").select_one("nav.cb-chapter-nav")
    links = [(anchor["href"], anchor.get_text()) for anchor in nav.select("a")]
    assert links == [("chapter3.html", "다음 장: 3장: 마지막 장")]


def test_links_existing_prev_linked(chapter_links):
    nav = chapter_links.page("chapters/chapter3").select_one("nav.cb-chapter-nav")
    links = [(anchor["href"], anchor.get_text()) for anchor in nav.select("a")]
    assert links == [("chapter2.html", "이전 장: 2장: 앞 장이 없는 장")]


# -- warnings inside a chapter land on the author's line -----------------------

# Each {unknownrole} makes MyST warn; the roles sit on lines 5, 9, 12, 17 and 19.
UNKNOWN_ROLES_CHAPTER = """\
---
title: '1장: 줄 번호'
---

머리 문단의 {unknownrole}`가` 역할입니다.

<exercise id="1" title="줄 번호">

연습 문단의 {unknownrole}`나` 역할입니다.

<codeblock id="01_01">
힌트의 {unknownrole}`다` 역할입니다.
</codeblock>

<choice>
<opt text="가" correct="true">
피드백의 {unknownrole}`라` 역할입니다.
</opt>
<opt text="나">한 줄 피드백의 {unknownrole}`마` 역할입니다.</opt>
</choice>

</exercise>
"""


@pytest.fixture(scope="module")
def unknown_roles(tmp_path_factory) -> BuildResult:
    root = tmp_path_factory.mktemp("roles") / "root"
    return build_root("one-codeblock", root, files={"book/chapters/chapter1.md": UNKNOWN_ROLES_CHAPTER})


def role_warning_lines(result: BuildResult) -> list[int]:
    chapter_file = f"{result.root_dir / 'book/chapters/chapter1.md'}:"
    warnings = result.warnings("myst.role_unknown")
    return [int(w.location.removeprefix(chapter_file)) for w in warnings if w.location.startswith(chapter_file)]


def test_role_warnings_count(unknown_roles):
    assert len(unknown_roles.warnings("myst.role_unknown")) == 5


def test_role_warning_lines_prose_and_hint(unknown_roles):
    assert role_warning_lines(unknown_roles)[:3] == [5, 9, 12]


@pytest.mark.xfail(
    strict=True,
    reason="the converter rewrites a choice as nested directives, and the ':correct:' option line "
    "and a feedback moved off its tag's line shift the feedback lines",
)
def test_role_warning_lines_feedback(unknown_roles):
    assert role_warning_lines(unknown_roles)[3:] == [17, 19]
