"""Build the real book and check what the chapter 2 page shows.

Two cold builds run once per session (fixtures in ``conftest.py``): one with
the tiny real datasets from ``COURSEBOOK_DATA_DIR`` (skipped when they are not
on this machine) and one with nothing available, which must fall back to
labelled stand-ins.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from book_build import run_build

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
    ("codeblock_id", "columns"),
    [
        ("02_06", ["epoch", "train_loss", "valid_loss", "time"]),
        ("02_07", ["epoch", "train_loss", "valid_loss", "accuracy", "time"]),
        ("02_08", ["epoch", "train_loss", "valid_loss", "my_accuracy", "time"]),
    ],
)
def test_training_tables(any_build, codeblock_id, columns):
    tables = solution(any_build.page(), codeblock_id).select(".cell_output table")
    # fine_tune trains one frozen epoch, then the requested unfrozen epochs.
    assert len(tables) == 2
    for table in tables:
        assert [th.get_text(strip=True) for th in table.select("thead th")] == columns
        assert len(table.select("tbody tr")) == 1


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
    assert "Executing notebook" not in again.log


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


def test_cold_builds_embed_same_numbers(standin_build, tmp_path):
    again = run_build(tmp_path, data_dir=None)
    assert again.returncode == 0, again.log
    first = training_numbers(standin_build.page())
    assert training_numbers(again.page()) == first
    assert output_text(again.page(), "02_12") == output_text(standin_build.page(), "02_12")
