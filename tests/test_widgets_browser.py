"""Drive the course widgets of a small fixture book in headless Chromium.

The ``widgets`` root has plain-Python snippets, so it builds in seconds: two
code blocks with blanks (one-line and multi-line), a choice with feedback and
a three-slide deck.
"""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from browser import ARTIFACTS_DIR, ConsoleLog, errors_without_coursebook_script, serve
from sphinx_build import BuildResult, build_root

pytestmark = [pytest.mark.build, pytest.mark.browser]

CHAPTER = "chapters/chapter1.html"
# Make every read of window.localStorage throw, as private browsing or
# blocked site data does.
BLOCK_STORAGE = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> BuildResult:
    result = build_root("widgets", tmp_path_factory.mktemp("widgets") / "root")
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def base_url(book):
    with serve(book.html_dir) as url:
        yield url


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    yield context
    context.close()


@pytest.fixture
def page(context, base_url):
    page = context.new_page()
    page.console_log = ConsoleLog(page)
    page.goto(f"{base_url}/{CHAPTER}")
    return page


def test_widgets_build_no_warnings(book):
    assert book.warnings() == []


def test_page_adds_no_console_errors(browser, context, base_url):
    page = context.new_page()
    log = ConsoleLog(page)
    page.goto(f"{base_url}/{CHAPTER}", wait_until="networkidle")
    page.wait_for_selector(".cb-progress")
    assert sorted(log.errors) == errors_without_coursebook_script(browser, f"{base_url}/{CHAPTER}")


def test_page_requests_only_own_host(context, base_url):
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{base_url}/{CHAPTER}", wait_until="networkidle")
    foreign = [url for url in requested if not url.startswith(base_url) and not url.startswith("data:")]
    assert foreign == []


def test_script_loaded_from_static(book):
    scripts = [tag["src"] for tag in book.page("chapters/chapter1").select("script[src]")]
    ours = [src for src in scripts if "coursebook.js" in src]
    assert len(ours) == 1
    assert ours[0].startswith("../_static/coursebook.js")


# -- multiple choice ---------------------------------------------------------


def test_choice_radio_semantics(page):
    group = page.locator(".cb-choice .cb-options")
    assert group.get_attribute("role") == "radiogroup"
    roles = page.locator(".cb-choice .cb-opt").evaluate_all("nodes => nodes.map(n => n.getAttribute('role'))")
    assert roles == ["radio", "radio", "radio"]
    assert page.locator(".cb-choice-result").get_attribute("aria-live") == "polite"


def test_choice_wrong_then_right(page):
    page.get_by_role("radio", name="소괄호 ()").click()
    assert choice_result(page) == ["오답입니다. 다시 생각해 보세요.", "그것은 튜플입니다."]
    assert page.get_by_role("radio", name="소괄호 ()").get_attribute("aria-checked") == "true"

    page.get_by_role("radio", name="대괄호 []").click()
    assert choice_result(page) == ["정답입니다!", "맞습니다. 리스트는 대괄호로 만듭니다."]
    assert page.get_by_role("radio", name="소괄호 ()").get_attribute("aria-checked") == "false"


def test_choice_keyboard(page):
    first = page.get_by_role("radio", name="소괄호 ()")
    first.focus()
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.startswith("대괄호 []")
    assert page.locator(".cb-choice-result").inner_text() == ""

    page.keyboard.press("Enter")
    assert page.locator(".cb-choice-result").inner_text().startswith("정답입니다!")

    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.locator(".cb-choice-result").inner_text().startswith("오답입니다.")

    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.locator(".cb-choice-result").inner_text().startswith("오답입니다.")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.startswith("소괄호 ()")


def test_choice_print_shows_options_once(page):
    page.emulate_media(media="print")
    assert page.locator(".cb-opt-label:visible").count() == 3
    assert page.locator(".cb-opt-toggle:visible").count() == 0


# -- hints and solutions -------------------------------------------------------


def test_hint_and_solution_closed(page):
    toggles = page.locator(".cb-codeblock details").evaluate_all(
        "nodes => nodes.map(n => [n.className, n.querySelector('summary').textContent, n.open])"
    )
    assert toggles == [
        ["cb-hint", "힌트 보기", False],
        ["cb-solution", "정답 보기", False],
        ["cb-solution", "정답 보기", False],
    ]


def test_hint_opens_on_click(page):
    page.get_by_text("힌트 보기").click()
    assert page.get_by_text("곱셈과 덧셈을 떠올려 보세요.").is_visible()


# -- progress -------------------------------------------------------------------


def done_box(page, number: int):
    return page.locator(f"section#exercise-{number} > .cb-done input")


def toc_marks(page) -> list[str]:
    """Return the marked links of the right-hand "내용" navigation."""
    return page.locator("#pst-page-toc-nav a.cb-toc-done").evaluate_all("nodes => nodes.map(n => n.getAttribute('href'))")


def choice_result(page) -> list[str]:
    return [line for line in page.locator(".cb-choice-result").inner_text().splitlines() if line.strip()]


def test_progress_survives_reload(page):
    assert page.locator(".cb-progress-count").inner_text() == "완료한 실습 0/3"
    assert page.locator("section#exercise-1 > .cb-done").inner_text().strip() == "완료로 표시"
    done_box(page, 1).check()
    done_box(page, 3).check()
    assert page.locator(".cb-progress-count").inner_text() == "완료한 실습 2/3"

    page.reload()
    assert done_box(page, 1).is_checked()
    assert not done_box(page, 2).is_checked()
    assert done_box(page, 3).is_checked()
    assert page.locator(".cb-progress-count").inner_text() == "완료한 실습 2/3"
    assert toc_marks(page) == ["#exercise-1", "#exercise-3"]
    assert page.locator("#pst-page-toc-nav a.cb-toc-done .cb-toc-mark").all_inner_texts() == ["✓", "✓"]
    assert page.locator("a.headerlink .cb-toc-mark").count() == 0


def test_progress_count_near_title(page):
    follows_title = page.evaluate(
        "document.querySelector('main .bd-article h1').nextElementSibling.classList.contains('cb-progress')"
    )
    assert follows_title


def test_progress_reset(page):
    done_box(page, 2).check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="진행 기록 지우기").click()
    assert page.locator(".cb-progress-count").inner_text() == "완료한 실습 0/3"
    assert toc_marks(page) == []

    page.reload()
    assert not done_box(page, 2).is_checked()
    assert page.locator(".cb-progress-count").inner_text() == "완료한 실습 0/3"


def test_progress_reset_cancelled(page):
    done_box(page, 2).check()
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="진행 기록 지우기").click()
    assert page.locator(".cb-progress-count").inner_text() == "완료한 실습 1/3"


def test_progress_without_storage(browser, context, base_url):
    context.add_init_script(BLOCK_STORAGE)
    page = context.new_page()
    log = ConsoleLog(page)
    page.goto(f"{base_url}/{CHAPTER}", wait_until="networkidle")
    notice = page.locator(".cb-progress-notice").inner_text()
    assert notice == "이 브라우저에서는 진행 기록을 저장할 수 없어 새로 고치면 사라집니다."

    done_box(page, 1).check()
    assert page.locator(".cb-progress-count").inner_text() == "완료한 실습 1/3"
    page.get_by_role("radio", name="대괄호 []").click()
    assert page.locator(".cb-choice-result").inner_text().startswith("정답입니다!")
    assert sorted(log.errors) == errors_without_coursebook_script(browser, f"{base_url}/{CHAPTER}", BLOCK_STORAGE)


# -- slides ----------------------------------------------------------------------


def visible_slide_titles(page) -> list[str]:
    return [title.strip() for title in page.locator(".cb-slide:visible .cb-slide-title").all_inner_texts()]


def test_slides_buttons(page):
    counter = page.locator(".cb-slide-counter")
    assert visible_slide_titles(page) == ["첫째 슬라이드"]
    assert counter.inner_text() == "1/3"
    assert page.get_by_role("button", name="이전").is_disabled()

    page.get_by_role("button", name="다음").click()
    assert visible_slide_titles(page) == ["둘째 슬라이드"]
    assert counter.inner_text() == "2/3"
    page.get_by_role("button", name="다음").click()
    assert counter.inner_text() == "3/3"
    assert page.get_by_role("button", name="다음").is_disabled()
    page.get_by_role("button", name="이전").click()
    assert visible_slide_titles(page) == ["둘째 슬라이드"]


def test_slides_keyboard(page):
    page.locator(".cb-slides").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert visible_slide_titles(page) == ["셋째 슬라이드"]
    page.keyboard.press("ArrowRight")
    assert page.locator(".cb-slide-counter").inner_text() == "3/3"
    page.keyboard.press("ArrowLeft")
    assert visible_slide_titles(page) == ["둘째 슬라이드"]


def test_slides_all_in_html(page):
    assert page.locator(".cb-slide").count() == 3


def test_slides_print_shows_all(page):
    page.emulate_media(media="print")
    assert visible_slide_titles(page) == ["첫째 슬라이드", "둘째 슬라이드", "셋째 슬라이드"]
    assert page.locator(".cb-slide-controls").is_hidden()


def test_slides_fullscreen(page):
    page.get_by_role("button", name="전체 화면", exact=True).click()
    page.wait_for_function("document.fullscreenElement !== null")
    assert page.evaluate("document.fullscreenElement.classList.contains('cb-slides')")
    assert page.get_by_role("button", name="전체 화면 끝내기").is_visible()
    page.get_by_role("button", name="전체 화면 끝내기").click()
    page.wait_for_function("document.fullscreenElement === null")


# -- copy buttons ----------------------------------------------------------------


def test_copy_exercise_code(context, page):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy = page.locator("#codeblock-01_02 .cb-exercise-code .cb-copy")
    assert copy.inner_text() == "복사"
    copy.click()
    page.wait_for_function("el => el.textContent === '복사했습니다'", arg=copy.element_handle())
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "def double(x):\n    ___\n\n\nprint(double(4))\n"


def test_copy_solution_code(context, page):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("#codeblock-01_01 .cb-solution > summary").click()
    page.locator("#codeblock-01_01 .cb-solution .cb-copy").click()
    page.wait_for_function(
        "() => document.querySelector('#codeblock-01_01 .cb-solution .cb-copy').textContent === '복사했습니다'"
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == 'greeting = "안녕"\ntotal = 6 * 7 + 1\nprint(greeting, total)\n'


def test_copy_fallback_without_clipboard_api(context, base_url):
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', {get: () => undefined});")
    page = context.new_page()
    page.goto(f"{base_url}/{CHAPTER}")
    page.evaluate("window.__copied = null; document.addEventListener('copy', () => {"
                  " window.__copied = document.getSelection().toString(); });")
    page.locator("#codeblock-01_02 .cb-exercise-code .cb-copy").click()
    assert page.evaluate("window.__copied") == "def double(x):\n    ___\n\n\nprint(double(4))\n"


# -- fill in the blanks ----------------------------------------------------------


def blanks(page, codeblock_id: str):
    return page.locator(f"#codeblock-{codeblock_id} .cb-exercise-code .cb-blank")


def check(page, codeblock_id: str) -> str:
    page.locator(f"#codeblock-{codeblock_id}").get_by_role("button", name="정답 확인").click()
    return page.locator(f"#codeblock-{codeblock_id} .cb-blank-result").inner_text()


def test_blanks_are_inputs_in_code(page):
    labels = blanks(page, "01_01").evaluate_all("nodes => nodes.map(n => n.getAttribute('aria-label'))")
    assert labels == ["1번째 빈칸", "2번째 빈칸"]
    assert page.locator("#codeblock-01_01 .cb-exercise-code pre .cb-blank").count() == 2
    assert "___" not in page.locator("#codeblock-01_01 .cb-exercise-code pre").inner_text()


def test_blanks_empty(page):
    assert check(page, "01_01") == "1번째 빈칸이 비어 있습니다."


def test_blanks_wrong_then_right(page):
    fields = blanks(page, "01_01")
    fields.nth(0).fill('"안녕"')
    fields.nth(1).fill("8")
    assert check(page, "01_01") == "2번째 빈칸이 틀렸습니다."
    assert fields.nth(1).evaluate("n => n.classList.contains('cb-blank-wrong')")
    assert not page.locator("#codeblock-01_01 details.cb-solution").evaluate("n => n.open")

    fields.nth(1).fill("  7 , ")
    fields.nth(0).fill("'안녕'")
    assert check(page, "01_01") == "정답입니다! 실행 결과를 펼쳤습니다."
    assert page.locator("#codeblock-01_01 details.cb-solution").evaluate("n => n.open")
    assert page.locator("#codeblock-01_01 .cb-solution .cell_output").inner_text().strip() == "안녕 43"


def test_blanks_string_spaces_matter(page):
    fields = blanks(page, "01_01")
    fields.nth(0).fill("' 안녕'")
    fields.nth(1).fill("7")
    assert check(page, "01_01") == "1번째 빈칸이 틀렸습니다."


def test_blanks_free_form_compares(page):
    field = blanks(page, "01_02")
    assert field.evaluate("n => n.tagName") == "TEXTAREA"
    field.fill("return x + x")
    text = check(page, "01_02")
    assert text.startswith("이 빈칸은 답이 여러 가지일 수 있어 채점하지 않습니다.")
    captions = page.locator("#codeblock-01_02 .cb-blank-compare figcaption").all_inner_texts()
    assert captions == ["1번째 빈칸 · 내 코드", "1번째 빈칸 · 정답 코드"]
    codes = page.locator("#codeblock-01_02 .cb-blank-compare pre").all_inner_texts()
    assert codes == ["return x + x", "result = x * 2\nreturn result"]


def test_copy_includes_fills(context, page):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    blanks(page, "01_01").nth(0).fill("'안녕'")
    page.locator("#codeblock-01_01 .cb-exercise-code .cb-copy").click()
    page.wait_for_function(
        "() => document.querySelector('#codeblock-01_01 .cb-exercise-code .cb-copy').textContent === '복사했습니다'"
    )
    assert page.evaluate("navigator.clipboard.readText()").splitlines()[:2] == ["greeting = '안녕'", "total = 6 * ___ + 1"]


@pytest.mark.parametrize(
    ("typed", "expected", "same"),
    [
        ("dls", "dls", True),
        ("  dls  ", "dls", True),
        ('"train"', "'train'", True),
        ("'train',", "'train'", True),
        ("learn.model[ 0 ]", "learn.model[0]", True),
        ("( input.argmax( dim = -1 ) == target ).float().mean()", "(input.argmax(dim=-1) == target).float().mean()", True),
        ("' '", "' '", True),
        ("''", "' '", False),
        ("resnet 18", "resnet18", False),
        ("not x", "notx", False),
        ('"it\'s"', "'it\\'s'", True),
        ("r'^(.*)_\\d+.jpg'", "r'^(.*)_\\d+.jpg'", True),
        ("R'^(.*)_\\d+.jpg'", "r'^(.*)_\\d+.jpg'", False),
    ],
)
def test_fill_normalization(page, typed, expected, same):
    left = page.evaluate("value => window.coursebookNormalizeFill(value)", typed)
    right = page.evaluate("value => window.coursebookNormalizeFill(value)", expected)
    assert (left == right) is same, (left, right)


# -- notebooks -------------------------------------------------------------------


def test_notebook_download_valid(page, tmp_path):
    link = page.locator("#codeblock-01_01 a.cb-notebook-download")
    assert link.inner_text() == "노트북 내려받기 (.ipynb)"
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "01_01.ipynb"
    path = tmp_path / "01_01.ipynb"
    download.save_as(path)

    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert [cell.cell_type for cell in notebook.cells] == ["markdown", "code", "code"]
    install = notebook.cells[1].source
    assert 'if "google.colab" in sys.modules:' in install
    assert "    !pip install -q fastai" in install
    assert notebook.cells[2].source == 'greeting = ___\ntotal = 6 * ___ + 1\nprint(greeting, total)'


def test_notebook_no_colab_link_by_default(book):
    assert book.page("chapters/chapter1").select("a.cb-colab-link") == []


@pytest.fixture(scope="module")
def colab_book(tmp_path_factory) -> BuildResult:
    overrides = {"coursebook_colab_repository": "example-owner/fastai-course", "coursebook_colab_branch": "gh-pages"}
    return build_root("widgets", tmp_path_factory.mktemp("colab") / "root", overrides=overrides)


def test_colab_link_when_configured(colab_book):
    assert colab_book.returncode == 0, colab_book.stderr
    links = [(a["href"], a.get_text()) for a in colab_book.page("chapters/chapter1").select("a.cb-colab-link")]
    assert links == [
        (
            f"https://colab.research.google.com/github/example-owner/fastai-course/blob/gh-pages/notebooks/{cid}.ipynb",
            "Colab에서 열기",
        )
        for cid in ("01_01", "01_02")
    ]


def test_colab_repository_invalid(tmp_path):
    result = build_root("widgets", tmp_path / "root", overrides={"coursebook_colab_repository": "https://github.com/x"})
    assert result.returncode != 0
    assert "coursebook_colab_repository" in result.stderr
    assert "'OWNER/REPO' 형식" in result.stderr


def test_blank_data_embedded(book):
    block = book.page("chapters/chapter1").select_one("#codeblock-01_01")
    assert json.loads(block["data-blanks"]) == [
        {"expected": '"안녕"', "kind": "exact"},
        {"expected": "7", "kind": "exact"},
    ]


# -- without JavaScript, and on a phone ------------------------------------------


def test_no_javascript_shows_everything(browser, base_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{CHAPTER}")
        assert page.locator(".cb-slide:visible").count() == 3
        assert page.locator(".cb-exercise-code pre:visible").count() == 2
        assert page.locator(".cb-opt summary:visible").count() == 3
        assert "___" in page.locator("#codeblock-01_01 .cb-exercise-code").inner_text()
        page.locator(".cb-opt summary", has_text="대괄호 []").click()
        assert page.get_by_text("맞습니다. 리스트는 대괄호로 만듭니다.").is_visible()
        assert page.locator(".cb-progress, .cb-slide-controls, .cb-copy").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshot_and_no_overflow(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{CHAPTER}", wait_until="networkidle")
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS_DIR / f"widgets-chapter1-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_labels_are_korean(page):
    # The theme's own buttons ("Back to top", "Light", "Dark") are not ours.
    labels = page.locator(
        ".cb-choice, .cb-codeblock button, .cb-progress, .cb-done, .cb-slide-controls, .cb-notebook-links"
    ).all_inner_texts()
    hangul = re.compile(r"[가-힣]")
    assert [label for label in labels if label.strip() and not hangul.search(label) and not re.fullmatch(r"\d+/\d+", label)] == []
