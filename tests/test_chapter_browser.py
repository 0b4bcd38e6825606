"""Study chapter 2 of the real book in headless Chromium.

The page comes from the session's stand-in build (``conftest.py``), served on
127.0.0.1, so these tests add no build of their own.
"""

from __future__ import annotations

import nbformat
import pytest

from browser import ARTIFACTS_DIR, serve

pytestmark = [pytest.mark.build, pytest.mark.browser]

CHAPTER = "chapters/chapter2.html"
CODEBLOCK_IDS = [f"02_{number:02d}" for number in range(1, 14)]


@pytest.fixture(scope="module")
def base_url(standin_build):
    with serve(standin_build.html_dir) as url:
        yield url


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    yield context
    context.close()


@pytest.fixture
def page(context, base_url):
    page = context.new_page()
    page.goto(f"{base_url}/{CHAPTER}")
    return page


def choice_result(page, index: int) -> str:
    text = page.locator(".cb-choice").nth(index).locator(".cb-choice-result").inner_text()
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("index", "wrong", "right"),
    [
        (
            0,
            "파일이름의 첫 번째 문자를 대문자로 변환하여 반환",
            "파일이름의 첫 번째 문자가 대문자면 True, 그렇지 않으면 False를 반환",
        ),
        (1, "cbs; ps", "metrics; lin_ftrs"),
    ],
)
def test_quiz_wrong_then_right(page, index, wrong, right):
    choice = page.locator(".cb-choice").nth(index)
    choice.get_by_role("radio", name=wrong, exact=True).click()
    assert choice_result(page, index) == "오답입니다. 다시 생각해 보세요."
    assert choice.get_by_role("radio", name=wrong, exact=True).get_attribute("aria-checked") == "true"

    choice.get_by_role("radio", name=right, exact=True).click()
    assert choice_result(page, index) == "정답입니다!"
    assert choice.get_by_role("radio", name=wrong, exact=True).get_attribute("aria-checked") == "false"


def test_hints_and_solutions_closed(page):
    for codeblock_id in CODEBLOCK_IDS:
        states = page.locator(f"#codeblock-{codeblock_id} > details").evaluate_all("nodes => nodes.map(n => n.open)")
        assert states and not any(states), codeblock_id


# Each case: code block, wrong fills with the blank they get wrong, right fills.
BLANK_CASES = {
    "02_01": (["path", "path"], 2, ["path", "files"]),
    "02_05": (["'train'", "','", "'is_valid'"], 2, ['"train"', "' '", " 'is_valid' ,"]),
    "02_06": (["resnet18", "dls", "1"], 1, ["dls", "resnet18", "1"]),
}


@pytest.mark.parametrize("codeblock_id", sorted(BLANK_CASES))
def test_blanks_wrong_then_right(page, codeblock_id):
    wrong, wrong_number, right = BLANK_CASES[codeblock_id]
    block = page.locator(f"#codeblock-{codeblock_id}")
    fields = block.locator(".cb-exercise-code .cb-blank")
    assert fields.count() == len(right)

    for field, value in zip(fields.all(), wrong):
        field.fill(value)
    block.get_by_role("button", name="정답 확인").click()
    assert block.locator(".cb-blank-result").inner_text() == f"{wrong_number}번째 빈칸이 틀렸습니다."
    assert not block.locator("details.cb-solution").evaluate("n => n.open")

    for field, value in zip(fields.all(), right):
        field.fill(value)
    block.get_by_role("button", name="정답 확인").click()
    assert block.locator(".cb-blank-result").inner_text() == "정답입니다! 실행 결과를 펼쳤습니다."
    assert block.locator("details.cb-solution").evaluate("n => n.open")
    # Output boxes can be empty (a filtered warning) or hold only a <style>.
    assert block.locator(".cb-solution .cell_output :is(img, table, pre)").first.is_visible()


def test_progress_two_exercises(page):
    page.locator("section#exercise-2 > .cb-done input").check()
    page.locator("section#exercise-5 > .cb-done input").check()
    page.reload()

    assert page.locator(".cb-progress-count").inner_text() == "완료한 실습 2/8"
    checked = page.locator("section.cb-exercise > .cb-done input").evaluate_all("nodes => nodes.map(n => n.checked)")
    assert checked == [False, True, False, False, True, False, False, False]
    marked = page.locator("#pst-page-toc-nav a.cb-toc-done").evaluate_all("nodes => nodes.map(n => n.getAttribute('href'))")
    assert marked == ["#exercise-2", "#exercise-5"]

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="진행 기록 지우기").click()
    assert page.locator(".cb-progress-count").inner_text() == "완료한 실습 0/8"
    page.reload()
    assert page.locator(".cb-progress-count").inner_text() == "완료한 실습 0/8"


def test_slides_keyboard_and_buttons(page):
    deck = page.locator("section#exercise-5 .cb-slides")
    total = deck.locator(".cb-slide").count()
    counter = deck.locator(".cb-slide-counter")
    assert counter.inner_text() == f"1/{total}"
    assert deck.locator(".cb-slide:visible").count() == 1

    deck.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert counter.inner_text() == f"3/{total}"
    page.keyboard.press("ArrowLeft")
    assert counter.inner_text() == f"2/{total}"

    deck.get_by_role("button", name="다음").click()
    assert counter.inner_text() == f"3/{total}"
    deck.get_by_role("button", name="이전").click()
    deck.get_by_role("button", name="이전").click()
    assert counter.inner_text() == f"1/{total}"
    assert deck.locator(".cb-slide:visible").count() == 1
    assert deck.get_by_role("button", name="전체 화면", exact=True).is_visible()


def test_notebook_download(page, tmp_path):
    with page.expect_download() as download_info:
        page.locator("#codeblock-02_01 a.cb-notebook-download").click()
    path = tmp_path / "02_01.ipynb"
    download_info.value.save_as(path)

    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert "!pip install -q fastai" in notebook.cells[1].source
    code = "\n".join(cell.source for cell in notebook.cells[2:])
    assert "ImageDataLoaders.from_name_func(___, ___, label_func" in code


def test_no_colab_link_without_repository(page):
    assert page.locator("a.cb-colab-link").count() == 0


def test_no_javascript_shows_everything(browser, base_url, standin_build):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{CHAPTER}")
        assert page.locator("section.cb-exercise:visible").count() == 8
        assert page.locator(".cb-exercise-code pre:visible").count() == 13
        slides = page.locator(".cb-slide")
        assert slides.count() >= 8
        assert page.locator(".cb-slide:visible").count() == slides.count()

        for summary in page.locator("details.cb-solution > summary").all():
            summary.click()
        outputs = page.locator(".cb-solution .cell_output :is(img, table, pre)")
        assert outputs.count() >= 13
        assert all(output.is_visible() for output in outputs.all())
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshot_and_no_overflow(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1, locale="ko-KR")
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{CHAPTER}", wait_until="networkidle")
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        # Element shots, not one full-page shot: Chromium stitches pages
        # taller than 16384 px and the theme's sticky bars then repeat.
        page.screenshot(path=ARTIFACTS_DIR / f"chapter2-{width}-top.png")
        page.locator("#codeblock-02_01 details.cb-solution > summary").click()
        page.locator("section#exercise-1").screenshot(path=ARTIFACTS_DIR / f"chapter2-{width}-exercise-1.png")
        page.locator("section#exercise-5 .cb-slides").screenshot(path=ARTIFACTS_DIR / f"chapter2-{width}-slides.png")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()
