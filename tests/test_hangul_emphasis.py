"""Emphasis next to Hangul, CommonMark emphasis that must keep its meaning, and the MyST hook."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig

from coursebook.hangul_emphasis import hangul_emphasis_plugin, is_hangul
from coursebook.sphinx.markdown import install_markdown_plugins

# Every distinct emphasis in book/chapters/chapter2.md with the character
# after it, as the chapter writes it.
CHAPTER2_CASES = [
    ("**1. 데이터** 와", "<strong>1. 데이터</strong> 와"),
    ("**2. 모델 및 모델을 학습시키는 기법** 이", "<strong>2. 모델 및 모델을 학습시키는 기법</strong> 이"),
    ("가져온다(**from**).", "가져온다(<strong>from</strong>)."),
    ("이름(**name**)으로부터", "이름(<strong>name</strong>)으로부터"),
    ("함수(**func**)를", "함수(<strong>func</strong>)를"),
    ("- **첫 번째 파라미터**: 모델", "<ul>\n<li><strong>첫 번째 파라미터</strong>: 모델</li>\n</ul>"),
    ("**강아지**와 **고양이** 이미지", "<strong>강아지</strong>와 <strong>고양이</strong> 이미지"),
    ("**세 번째 파라미터**는", "<strong>세 번째 파라미터</strong>는"),
    ("**품종**을", "<strong>품종</strong>을"),
    ("**path**가", "<strong>path</strong>가"),
    ("**valid_pct**: 비율", "<strong>valid_pct</strong>: 비율"),
    ("**fn**은", "<strong>fn</strong>은"),
    ("**label_delim**:", "<strong>label_delim</strong>:"),
    ("**단일 레이블 분류 문제**로", "<strong>단일 레이블 분류 문제</strong>로"),
    ("**학습**한", "<strong>학습</strong>한"),
    ("**컨볼루션(합성곱) 신경망** 구조", "<strong>컨볼루션(합성곱) 신경망</strong> 구조"),
    ("**사전-학습된** 모델", "<strong>사전-학습된</strong> 모델"),
    ("**부분-구조**를", "<strong>부분-구조</strong>를"),
    ("**선형 층의 특징 수**를", "<strong>선형 층의 특징 수</strong>를"),
    ("**배치 크기 x 범주의 개수** 이며", "<strong>배치 크기 x 범주의 개수</strong> 이며"),
    ("**학습(가중치 갱신)이 가능한** 상태", "<strong>학습(가중치 갱신)이 가능한</strong> 상태"),
    ("**동결**시", "<strong>동결</strong>시"),
    ("**머리**,", "<strong>머리</strong>,"),
    ("**몸통의 두 부분**과", "<strong>몸통의 두 부분</strong>과"),
    ("**콜백(Callback)**을", "<strong>콜백(Callback)</strong>을"),
    ("**on the fly** 방식", "<strong>on the fly</strong> 방식"),
    ("**Gradient Clipping**, **멀티 GPU**로", "<strong>Gradient Clipping</strong>, <strong>멀티 GPU</strong>로"),
    ("**콜백**으로", "<strong>콜백</strong>으로"),
    ("**after_backward**: 이벤트", "<strong>after_backward</strong>: 이벤트"),
    ("_소문자_로, _대문자_로", "<em>소문자</em>로, <em>대문자</em>로"),
    (
        "* _실습 환경이 CPU 인스턴스기 때문에 작게(약 20개), 모델도 가장 작은것(resnet18) 유지합니다_",
        "<ul>\n<li><em>실습 환경이 CPU 인스턴스기 때문에 작게(약 20개), 모델도 가장 작은것(resnet18) 유지합니다</em></li>\n</ul>",
    ),
    (
        "_데이터셋(`URLs.PETS`)을 사용해야만 합니다._",
        "<em>데이터셋(<code>URLs.PETS</code>)을 사용해야만 합니다.</em>",
    ),
    (
        "_옵티마이저는 별도의 **콜백**을 추가해 구현될 수 있습니다._",
        "<em>옵티마이저는 별도의 <strong>콜백</strong>을 추가해 구현될 수 있습니다.</em>",
    ),
]

# Hangul next to the delimiter run, including the closing runs after
# punctuation or a code span that CommonMark leaves literal.
HANGUL_CASES = [
    ('**"데이터 블록"**은', "<strong>&quot;데이터 블록&quot;</strong>은"),
    ("**`vision_learner`**를", "<strong><code>vision_learner</code></strong>를"),
    ("_강조_는", "<em>강조</em>는"),
    ("__굵게__를", "<strong>굵게</strong>를"),
    ("**모델**을", "<strong>모델</strong>을"),
    ('은**"인용"**입니다', "은<strong>&quot;인용&quot;</strong>입니다"),
    ("*(괄호)*를", "<em>(괄호)</em>를"),
    ("***굵은 기울임***과", "<em><strong>굵은 기울임</strong></em>과"),
    ("** 모델**을", "** 모델**을"),
    ("**모델 **을", "**모델 **을"),
    ("`**코드**를`", "<code>**코드**를</code>"),
]

# CommonMark 0.31.2 emphasis rules, as examples written for this table;
# each keeps the meaning the specification gives it.
COMMONMARK_CASES = [
    ("*foo bar*", "<em>foo bar</em>"),
    ("a * foo bar*", "a * foo bar*"),
    ('a*"foo"*', "a*&quot;foo&quot;*"),
    ("b * a *", "b * a *"),
    ("foo*bar*", "foo<em>bar</em>"),
    ("_foo bar_", "<em>foo bar</em>"),
    ("foo_bar_", "foo_bar_"),
    ("пристаням_стремятся_", "пристаням_стремятся_"),
    ('aa_"bb"_cc', "aa_&quot;bb&quot;_cc"),
    ("foo-_(bar)_", "foo-<em>(bar)</em>"),
    ("**foo bar**", "<strong>foo bar</strong>"),
    ("** foo bar**", "** foo bar**"),
    ('a**"foo"**', "a**&quot;foo&quot;**"),
    ("foo**bar**", "foo<strong>bar</strong>"),
    ("__foo__bar", "__foo__bar"),
    ("*foo**bar**baz*", "<em>foo<strong>bar</strong>baz</em>"),
    ("*foo**bar*", "<em>foo**bar</em>"),
    ("***strong emph***", "<em><strong>strong emph</strong></em>"),
    ("*(**foo**)*", "<em>(<strong>foo</strong>)</em>"),
    ("**foo*", "*<em>foo</em>"),
    ("*foo**", "<em>foo</em>*"),
    ("foo *\\**", "foo <em>*</em>"),
    ("*a `*`*", "<em>a <code>*</code></em>"),
    ("_a `_`_", "<em>a <code>_</code></em>"),
    ("snake_case_names", "snake_case_names"),
    ("__init__.py 파일", "<strong>init</strong>.py 파일"),
    (
        "**a<http://foo.bar/?q=**>",
        '**a<a href="http://foo.bar/?q=**">http://foo.bar/?q=**</a>',
    ),
    (
        "[링크](https://docs.fast.ai/vision.data.html#ImageDataLoaders.from_name_func)를",
        '<a href="https://docs.fast.ai/vision.data.html#ImageDataLoaders.from_name_func">링크</a>를',
    ),
    ("https://a.example/c_d_e 주소", "https://a.example/c_d_e 주소"),
]

# Deliberate differences from CommonMark: a run between two ASCII digits is
# literal, so products stay products (CommonMark renders ``5<em>6</em>78``).
DIGIT_CASES = [
    ("2*3*4", "2*3*4"),
    ("5*6*78", "5*6*78"),
    ("2**10**을", "2**10**을"),
]

ALL_CASES = CHAPTER2_CASES + HANGUL_CASES + COMMONMARK_CASES + DIGIT_CASES


def render(md: MarkdownIt, source: str) -> str:
    html = md.render(source).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[len("<p>") : -len("</p>")]
    return html


@pytest.fixture(scope="module")
def markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").use(hangul_emphasis_plugin)


def test_case_table_size():
    assert len(ALL_CASES) >= 30


@pytest.mark.parametrize(("source", "expected"), ALL_CASES, ids=[source for source, _ in ALL_CASES])
def test_emphasis_case(markdown, source, expected):
    assert render(markdown, source) == expected


@pytest.mark.parametrize(("source", "expected"), COMMONMARK_CASES, ids=[source for source, _ in COMMONMARK_CASES])
def test_commonmark_case_unchanged_by_plugin(source, expected):
    assert render(MarkdownIt("commonmark"), source) == expected


@pytest.mark.parametrize("source", ["**콜백(Callback)**을", "_소문자_로", "__굵게__를"])
def test_plain_commonmark_leaves_hangul_case_literal(source):
    assert "<strong>" not in render(MarkdownIt("commonmark"), source)
    assert "<em>" not in render(MarkdownIt("commonmark"), source)


@pytest.mark.parametrize(("char", "expected"), [("가", True), ("ㄱ", True), ("힣", True), ("a", False), ("漢", False), (")", False)])
def test_is_hangul(char, expected):
    assert is_hangul(char) is expected


@pytest.mark.parametrize("module_name", ["myst_parser.parsers.sphinx_", "myst_nb.sphinx_", "myst_nb.core.render"])
def test_myst_parsers_get_plugin(module_name):
    import importlib

    install_markdown_plugins()
    module = importlib.import_module(module_name)
    md = module.create_md_parser(MdParserConfig(), RendererHTML)
    assert md.render("**콜백(Callback)**을").strip() == "<p><strong>콜백(Callback)</strong>을</p>"


def test_install_twice_wraps_once():
    import myst_nb.sphinx_

    install_markdown_plugins()
    first = myst_nb.sphinx_.create_md_parser
    install_markdown_plugins()
    assert myst_nb.sphinx_.create_md_parser is first
