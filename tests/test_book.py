"""Build the real book and check what the chapter 2 page shows.

Two cold builds run once per session (fixtures in ``conftest.py``): one with
the tiny real datasets from ``COURSEBOOK_DATA_DIR`` (skipped when they are not
on this machine) and one with nothing available, which must fall back to
labelled stand-ins.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from bs4 import BeautifulSoup

from book_build import ROOT, SHARED_DATA, Build, run_build
from execution_log import executed_codeblocks

CODEBLOCK_IDS = [f"02_{number:02d}" for number in range(1, 14)]
HINTED_CODEBLOCKS = {"02_01", "02_02", "02_03", "02_04", "02_07", "02_08"}

pytestmark = pytest.mark.build


def solution(page: BeautifulSoup, codeblock_id: str):
    found = page.select_one(f"#codeblock-{codeblock_id} details.cb-solution")
    assert found is not None, f"no solution toggle for code block {codeblock_id}"
    return found


def output_text(page: BeautifulSoup, codeblock_id: str) -> str:
    return "\n".join(node.get_text() for node in solution(page, codeblock_id).select(".cell_output"))


def test_page_is_korean(any_build):
    page = any_build.page()
    assert page.html["lang"] == "ko"


def test_title_and_description(any_build):
    page = any_build.page()
    assert page.h1.get_text(strip=True).startswith("2장: 이미지 분류 문제 다루기")
    description = page.select_one(".cb-description").get_text(strip=True)
    assert description == "이미지 분류 문제를 다루는 다양한 방식을 계층적 API로 살펴봅니다."


def test_exercises_have_stable_anchors(any_build):
    page = any_build.page()
    sections = page.select("section.cb-exercise")
    assert [section["id"] for section in sections] == [f"exercise-{n}" for n in range(1, 9)]


def test_exercise_headings_are_numbered(any_build):
    page = any_build.page()
    heading = page.select_one("section#exercise-5 h2").get_text(strip=True)
    assert heading.startswith("5. cnn_learner 함수의 다른 파라미터 둘러보기")


@pytest.mark.parametrize("codeblock_id", CODEBLOCK_IDS)
def test_codeblock_parts(any_build, codeblock_id):
    page = any_build.page()
    block = page.select_one(f"#codeblock-{codeblock_id}")
    assert block is not None
    assert block.select_one("pre") is not None
    assert (block.select_one("details.cb-hint") is not None) == (codeblock_id in HINTED_CODEBLOCKS)
    toggle = block.select_one("details.cb-solution")
    assert toggle.summary.get_text() == "정답 보기"
    assert not toggle.has_attr("open")
    assert toggle.select(".cell_input")


def test_exercise_code_shows_blanks(any_build):
    page = any_build.page()
    code = page.select_one("#codeblock-02_06 .cb-exercise-code").get_text()
    assert "___" in code


def test_hint_text(any_build):
    page = any_build.page()
    hint = page.select_one("#codeblock-02_07 details.cb-hint")
    assert hint.summary.get_text() == "힌트 보기"
    assert "metrics 파라미터에 accuracy를 등록해 보세요!" in hint.get_text()


@pytest.mark.parametrize("codeblock_id", ["02_01", "02_03", "02_05"])
def test_show_batch_images(any_build, codeblock_id):
    images = solution(any_build.page(), codeblock_id).select(".cell_output img")
    assert len(images) == 1
    assert (any_build.html_dir / "chapters" / images[0]["src"]).resolve().is_file()


def test_dataframe_table(any_build):
    table = solution(any_build.page(), "02_04").select_one(".cell_output table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers == ["", "fname", "labels", "is_valid"]


@pytest.mark.parametrize(
    ("codeblock_id", "columns", "epochs"),
    [
        ("02_06", ["epoch", "train_loss", "valid_loss", "time"], 1),
        ("02_07", ["epoch", "train_loss", "valid_loss", "accuracy", "time"], 3),
        ("02_08", ["epoch", "train_loss", "valid_loss", "my_accuracy", "time"], 1),
    ],
)
def test_training_tables(any_build, codeblock_id, columns, epochs):
    tables = solution(any_build.page(), codeblock_id).select(".cell_output table")
    # fine_tune trains one frozen epoch, then the requested unfrozen epochs
    # (fine_tune(3) in 02_07, fine_tune(1) in the others).
    assert len(tables) == 2
    for table in tables:
        assert [th.get_text(strip=True) for th in table.select("thead th")] == columns
    assert len(tables[0].select("tbody tr")) == 1
    assert len(tables[1].select("tbody tr")) == epochs


def test_loss_plot(any_build):
    images = solution(any_build.page(), "02_07").select(".cell_output img")
    assert len(images) == 1


def test_summary_frozen(any_build):
    assert "Model frozen up to parameter group #2" in output_text(any_build.page(), "02_09")


def test_summary_unfrozen(any_build):
    text = output_text(any_build.page(), "02_10")
    assert "Model unfrozen" in text
    assert "Model frozen" not in text


def test_model_meta(any_build):
    text = output_text(any_build.page(), "02_11")
    assert "'cut': -2" in text
    assert "_resnet_split" in text


def test_splitter_groups(any_build):
    text = output_text(any_build.page(), "02_12")
    assert "파라미터 그룹 개수: 3" in text
    assert "그룹 #2" in text


def test_training_loop_listing(any_build):
    text = output_text(any_build.page(), "02_13")
    for event in ("before_fit", "before_epoch", "before_batch", "after_loss", "after_fit"):
        assert event in text


def test_no_traceback_on_page(any_build):
    assert "Traceback" not in any_build.page().get_text()


def test_choices(any_build):
    page = any_build.page()
    choices = page.select(".cb-choice")
    assert [len(choice.select("li.cb-opt")) for choice in choices] == [4, 8]
    correct = [
        [opt.summary.get_text(strip=True) for opt in choice.select('li.cb-opt[data-correct="true"]')]
        for choice in choices
    ]
    assert correct == [["파일이름의 첫 번째 문자가 대문자면 True, 그렇지 않으면 False를 반환"], ["metrics; lin_ftrs"]]
    verdicts = [opt.select_one(".cb-verdict").get_text() for opt in choices[1].select("li.cb-opt")]
    assert verdicts[0] == "정답입니다!"
    assert verdicts[1] == "오답입니다. 다시 생각해 보세요."


def test_slides_inside_page(any_build):
    deck = any_build.page().select_one("section#exercise-5 .cb-slides")
    slides = deck.select("section.cb-slide")
    assert len(slides) >= 8
    assert slides[0]["aria-label"] == f"1 / {len(slides)}"
    text = deck.get_text()
    for parameter in ("pretrained", "lin_ftrs", "metrics", "custom_head", "moms", "normalize"):
        assert parameter in text


def test_slides_show_live_defaults(any_build):
    defaults = any_build.page().select(".cb-slides code.cb-live-default")
    assert defaults
    assert "?" not in [node.get_text() for node in defaults]


def test_no_link_to_missing_chapter(any_build):
    page = any_build.page()
    links = [a.get("href", "") for a in page.select("a")]
    assert not [href for href in links if "chapter1" in href]


def test_index_lists_chapter(any_build):
    index = any_build.page("index.html")
    assert index.html["lang"] == "ko"
    assert index.select_one('a[href="chapters/chapter2.html"]') is not None


def test_real_photos_have_attribution(real_build):
    page = real_build.page()
    attribution = page.select_one(".cb-attribution").get_text()
    assert "Oxford-IIIT Pet Dataset" in attribution
    assert "PASCAL VOC 2007" in attribution


def test_real_build_notice_names_only_weights(real_build):
    notice = real_build.page().select_one(".cb-standin-notice")
    text = notice.get_text() if notice is not None else ""
    assert "Oxford-IIIT Pet" not in text
    assert "PASCAL" not in text


def test_standin_notice(standin_build):
    notice = standin_build.page().select_one(".cb-standin-notice").get_text()
    assert "Oxford-IIIT Pet 데이터셋" in notice
    assert "PASCAL VOC 2007 데이터셋" in notice
    assert "ResNet-18 ImageNet 사전 학습 가중치" in notice


def test_standin_logged_once(standin_build):
    assert standin_build.log.count("대체 자료로 실행합니다") == 1


def test_standin_has_no_attribution(standin_build):
    assert standin_build.page().select_one(".cb-attribution") is None


def test_rebuild_without_change_executes_nothing(standin_build, tmp_path):
    workdir = standin_build.html_dir.parent
    again = run_build(workdir, data_dir=None)
    assert again.returncode == 0, again.log
    assert executed_codeblocks(again.log) == []


def training_numbers(page: BeautifulSoup) -> dict[str, list[list[str]]]:
    """Return every training table's cells, without the wall-clock time column."""
    numbers = {}
    for codeblock_id in ("02_06", "02_07", "02_08"):
        rows = []
        for table in solution(page, codeblock_id).select(".cell_output table"):
            headers = [th.get_text(strip=True) for th in table.select("thead th")]
            for row in table.select("tbody tr"):
                cells = [td.get_text(strip=True) for td in row.select("td")]
                rows.append([cell for header, cell in zip(headers, cells) if header != "time"])
        numbers[codeblock_id] = rows
    return numbers


@pytest.fixture(scope="session")
def second_standin_build(tmp_path_factory) -> Build:
    build = run_build(tmp_path_factory.mktemp("standin-again"), data_dir=None)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def one_kernel_standin_build(tmp_path_factory) -> Build:
    build = run_build(
        tmp_path_factory.mktemp("standin-one-kernel"), data_dir=None, extra=("-D", "coursebook_execution_workers=1")
    )
    assert build.returncode == 0, build.log
    return build


def test_kernel_count_keeps_numbers(standin_build, one_kernel_standin_build):
    # Every kernel runs torch with one thread whatever the pool size, so the
    # losses match to the last printed digit.
    assert training_numbers(one_kernel_standin_build.page()) == training_numbers(standin_build.page())


def test_cold_builds_embed_same_numbers(standin_build, second_standin_build):
    again = second_standin_build
    first = training_numbers(standin_build.page())
    assert training_numbers(again.page()) == first
    assert output_text(again.page(), "02_12") == output_text(standin_build.page(), "02_12")


def test_real_data_replaces_standin(standin_build, tmp_path):
    if not (SHARED_DATA / "archives").is_dir():
        pytest.skip(f"the tiny real datasets are not on this machine ({SHARED_DATA})")
    workdir = tmp_path / "copy"
    shutil.copytree(standin_build.html_dir.parent, workdir)

    again = run_build(workdir, data_dir=SHARED_DATA)
    assert again.returncode == 0, again.log
    # Every code block runs again: the data fingerprint is part of each key.
    assert len(executed_codeblocks(again.log)) == 13
    notice = again.page().select_one(".cb-standin-notice").get_text()
    assert "Oxford-IIIT Pet" not in notice
    assert "ResNet-18" in notice
    assert again.page().select_one(".cb-attribution") is not None


# Every stale fastai name in chapter 2 by line, with its current name.
STALE_NAMES = [
    (13, "cnn_learner", "vision_learner"),
    (94, "cnn_learner", "vision_learner"),
    (96, "cnn_learner", "vision_learner"),
    (101, "cnn_learner", "vision_learner"),
    (103, "cnn_learner", "vision_learner"),
    (123, "cnn_learner", "vision_learner"),
    (172, "cnn_learner", "vision_learner"),
    (173, "create_cnn_model", "create_vision_model"),
    (174, "create_cnn_model", "create_vision_model"),
    (199, "begin_fit", "before_fit"),
    (200, "begin_epoch", "before_epoch"),
    (201, "begin_train", "before_train"),
    (202, "begin_batch", "before_batch"),
    (209, "begin_validate", "before_validate"),
    (214, "after_cancel_valid", "after_cancel_validate"),
]


@pytest.mark.parametrize(("line", "name", "current"), STALE_NAMES)
def test_stale_name_logged_at_line(standin_build, line, name, current):
    expected = f"chapter2.md:{line}: `{name}`의 현재 이름은 `{current}`입니다"
    assert expected in standin_build.log


def test_stale_names_all_logged(standin_build):
    logged = [line for line in standin_build.log.splitlines() if "의 현재 이름은" in line and "제목의" not in line]
    assert len(logged) == len(STALE_NAMES), "\n".join(logged)


def test_stale_names_noted_on_page(standin_build):
    notes = [note.get_text() for note in standin_build.page().select("span.cb-api-note")]
    expected_currents = [current for _, name, current in STALE_NAMES]
    # One note per paragraph and name: line 101 names cnn_learner three times.
    assert [note.split("에서는 ")[1].removesuffix("입니다)") for note in notes] == expected_currents


def test_event_listings_noted(standin_build):
    notes = [note.get_text() for note in standin_build.page().select("p.cb-api-note:not(.cb-title-note)")]
    assert notes == [
        "편집자 주: 현재 fastai 2.8에는 이 목록에 없는 이벤트도 있습니다: after_create, before_backward, before_step.",
        "편집자 주: 현재 fastai 2.8에는 이 목록에 없는 이벤트도 있습니다: after_cancel_backward, after_cancel_step.",
    ]


def test_exercise_title_noted(standin_build):
    section = standin_build.page().select_one("section#exercise-5")
    note = section.select_one("p.cb-title-note")
    assert note.get_text() == "편집자 주: 제목의 cnn_learner는 현재 fastai 2.8에서는 vision_learner입니다."
    assert "chapter2.md:114: 제목의 `cnn_learner`의 현재 이름은 `vision_learner`입니다" in standin_build.log


def test_slides_explain_rename_without_note(standin_build):
    deck = standin_build.page().select_one("section#exercise-5 .cb-slides")
    assert "vision_learner" in deck.get_text()
    assert deck.select(".cb-api-note") == []


def test_no_library_warning_on_page(any_build):
    outputs = "\n".join(node.get_text() for node in any_build.page().select(".cell_output"))
    assert "torch.jit.script" not in outputs
    assert "site-packages" not in outputs
    assert "[coursebook-warning]" not in outputs


def test_import_time_library_warning_dropped(any_build):
    # torch warns about torch.jit.script while fastai is imported, once per kernel.
    logged = [line for line in any_build.log.splitlines() if "torch.jit.script" in line]
    assert logged == []


def test_report_lists_every_codeblock(any_build):
    report = any_build.page("execution-report.html")
    rows = report.select("#report-chapters-chapter2 table.cb-report-codeblocks tbody tr")
    assert [row["data-codeblock"] for row in rows] == CODEBLOCK_IDS
    for row in rows:
        cells = [cell.get_text(strip=True) for cell in row.select("td")]
        assert cells[1] == f"solution_{row['data-codeblock']}.py"
        assert float(cells[3]) >= 0, cells


def test_report_versions(any_build):
    import importlib.metadata

    report = any_build.page("execution-report.html")
    text = report.select_one("#report-chapters-chapter2 table.cb-report-versions").get_text(" ")
    for package in ("fastai", "fastcore", "torch", "torchvision"):
        assert importlib.metadata.version(package) in text


def test_report_names_standin_weights(standin_build):
    report = standin_build.page("execution-report.html")
    row = report.select_one('tr[data-codeblock="02_06"]')
    assert "ResNet-18" in row.get_text()


def test_chapter_shows_fastai_version(any_build):
    import importlib.metadata

    line = any_build.page().select_one(".cb-executed-with").get_text()
    assert f"fastai {importlib.metadata.version('fastai')}" in line


def expected_default(target: str) -> str:
    """Read a default from the installed library with ``inspect.signature``."""
    import importlib
    import inspect

    qualified, _, parameter = target.partition(":")
    module_name, _, name = qualified.rpartition(".")
    default = inspect.signature(getattr(importlib.import_module(module_name), name)).parameters[parameter].default
    if default is inspect.Parameter.empty:
        return "(기본값 없음)"
    return default.__name__ if callable(default) and hasattr(default, "__name__") else repr(default)


def test_slides_show_real_defaults(any_build):
    import re

    deck = (ROOT / "book" / "slides" / "chapter2_05.md").read_text(encoding="utf-8")
    targets = re.findall(r"\{fastai-default\}`([^`]+)`", deck)
    shown = [node.get_text() for node in any_build.page().select(".cb-slides code.cb-live-default")]
    assert shown == [expected_default(target) for target in targets]


def test_slides_show_vision_learner_defaults(any_build):
    import inspect

    from fastai.vision.learner import vision_learner

    parameters = inspect.signature(vision_learner).parameters
    shown = [node.get_text() for node in any_build.page().select(".cb-slides code.cb-live-default")]
    assert repr(parameters["pretrained"].default) in shown
    assert repr(parameters["ps"].default) in shown
    assert repr(parameters["concat_pool"].default) in shown


# Fields of executed outputs that differ between two runs by nature, replaced
# before two builds are compared:
# - wall-clock times: the "time" column of fastai's training table (MM:SS or
#   H:MM:SS), in its HTML, markdown and plain-text forms;
# - memory addresses in reprs: learn.summary() prints
#   "Optimizer used: <function Adam at 0x7f...>".
# Cell ids are random per conversion and are not outputs. Per-cell run times
# are kept out of the notebook, in the run log that the execution report reads.
WALL_CLOCK_RE = re.compile(r"<td>(?:\d+:)?\d\d:\d\d</td>")
ADDRESS_RE = re.compile(r" at 0x[0-9a-f]+>")


def executed_notebook(build: Build) -> dict:
    """Return the executed chapter 2 notebook that the build wrote next to the HTML, normalised."""
    path = build.html_dir.parent / "jupyter_execute" / "chapters" / "chapter2.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        cell.pop("id", None)
        for output in cell.get("outputs", []):
            for mime, value in output.get("data", {}).items():
                text = "".join(value) if isinstance(value, list) else value
                text = WALL_CLOCK_RE.sub("<td>TIME</td>", text)
                output["data"][mime] = ADDRESS_RE.sub(" at ADDRESS>", text)
    return notebook


def test_cold_builds_same_notebook(standin_build, second_standin_build):
    first = executed_notebook(standin_build)
    second = executed_notebook(second_standin_build)
    assert len(first["cells"]) == len(second["cells"])
    for index, (cell, other) in enumerate(zip(first["cells"], second["cells"])):
        assert cell == other, f"cell {index} ({cell.get('metadata', {}).get('coursebook')}) differs"
    assert first == second


def test_wall_clock_fields_normalised(standin_build):
    text = json.dumps(executed_notebook(standin_build))
    assert "<td>TIME</td>" in text
    assert not WALL_CLOCK_RE.search(text)
    assert "<function Adam at ADDRESS>" in text


# -- Korean text: emphasis, anchors and search -------------------------------


def prose_text(page: BeautifulSoup) -> str:
    """Return the chapter's text without code, outputs and slides' code."""
    article = page.select_one("article")
    for element in article.select("pre, code, .cell_output, script, style"):
        element.decompose()
    return article.get_text()


def test_chapter_shows_no_literal_emphasis(standin_build):
    text = prose_text(standin_build.page())
    assert "**" not in text
    assert "__" not in text
    assert "_소문자_" not in text


@pytest.mark.parametrize("text", ["콜백(Callback)", "품종", "단일 레이블 분류 문제"])
def test_chapter_strong_next_to_particle(standin_build, text):
    strong = [element.get_text() for element in standin_build.page().select("article strong")]
    assert text in strong


def test_chapter_underscore_emphasis(standin_build):
    em = [element.get_text() for element in standin_build.page().select("article em")]
    assert "소문자" in em
    assert "대문자" in em


def test_chapter_exercise_title_anchors(standin_build):
    ids = {element["id"] for element in standin_build.page().select("article [id]")}
    assert "정확도-평가지표-추가해서-학습시켜보기" in ids
    assert "모델의-형상-파악하기" in ids


def test_chapter_title_anchor(standin_build):
    assert standin_build.page().select_one("article section")["id"] == "2장-이미지-분류-문제-다루기"


SEARCHES = {
    "모델": "chapters/chapter2.html#exercise-4",
    "콜백": "chapters/chapter2.html#exercise-8",
    "학습률": "chapters/chapter2.html#exercise-5",
    "정확도": "chapters/chapter2.html#exercise-6",
    "동결": "chapters/chapter2.html#exercise-7",
    "평가지표": "chapters/chapter2.html#exercise-6",
    "손실": "chapters/chapter2.html#exercise-5",
    "데이터셋": "chapters/chapter2.html#exercise-4",
    "fine_tune": "chapters/chapter2.html#exercise-5",
    "ImageDataLoaders": "chapters/chapter2.html#exercise-1",
}


@pytest.fixture(scope="session")
def search_results(standin_build) -> dict[str, list[list[str]]]:
    from browser import chromium_page, search, serve

    with serve(standin_build.html_dir) as base_url, chromium_page() as page:
        return {query: search(page, base_url, query) for query in SEARCHES}


@pytest.mark.browser
@pytest.mark.parametrize("query", sorted(SEARCHES))
def test_search_lists_chapter_sections(search_results, query):
    section_links = [href for href, _ in search_results[query] if href.startswith("chapters/chapter2.html#")]
    assert len(section_links) >= 1


@pytest.mark.browser
@pytest.mark.parametrize("query", sorted(SEARCHES))
def test_search_ranks_section_first(search_results, query):
    chapter_links = [href for href, _ in search_results[query] if href.startswith("chapters/chapter2.html")]
    assert chapter_links[0] == SEARCHES[query]


@pytest.mark.browser
def test_search_result_names_section(search_results):
    _, text = search_results["콜백"][0]
    assert text == "2장: 이미지 분류 문제 다루기 > 8. 학습 루프의 형상 파악하기"


def test_search_index_size(standin_build):
    # Stems plus one index entry per section and stem: about 120 kB for one
    # chapter with Sphinx 9. A jump means section entries picked up code.
    assert (standin_build.html_dir / "searchindex.js").stat().st_size < 200_000


# -- Korean interface ----------------------------------------------------------


@pytest.mark.parametrize("page", ["index.html", "chapters/chapter2.html", "search.html", "genindex.html"])
def test_no_english_interface_strings(standin_build, page):
    from interface_strings import leftover_english

    assert leftover_english((standin_build.html_dir / page).read_text(encoding="utf-8")) == set()
