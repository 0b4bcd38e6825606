"""Tests of coursebook.parser: the chapter tree, its source lines and the diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursebook.chapter import Choice, CodeBlock, Exercise, Markdown, Option, Slides
from coursebook.parser import parse_chapter
from chapter2_facts import CHAPTER2_CODEBLOCKS

REPO_ROOT = Path(__file__).resolve().parents[1]
CHAPTER2 = REPO_ROOT / "book" / "chapters" / "chapter2.md"
PATH = Path("chapter.md")

# Three lines, so a body passed to chapter() starts on line 4.
FRONT_MATTER = "---\ntitle: 시험용 장\n---\n"

CHAPTER2_EXERCISES = [
    ("1", 11),
    ("2", 39),
    ("3", 65),
    ("4", 92),
    ("5", 114),
    ("6", 121),
    ("7", 156),
    ("8", 191),
]


def chapter(body: str) -> str:
    return FRONT_MATTER + body


def parse(text: str):
    return parse_chapter(text, PATH)


@pytest.fixture(scope="module")
def chapter2():
    return parse_chapter(CHAPTER2.read_text(encoding="utf-8"), CHAPTER2)


# -- chapter 2 ---------------------------------------------------------------


def test_chapter2_no_diagnostics(chapter2):
    _, diagnostics = chapter2
    assert diagnostics == []


def test_chapter2_exercises(chapter2):
    parsed, _ = chapter2
    assert [(exercise.id, exercise.line) for exercise in parsed.exercises()] == CHAPTER2_EXERCISES


def test_chapter2_codeblocks(chapter2):
    parsed, _ = chapter2
    assert [(block.id, block.line) for block in parsed.codeblocks()] == CHAPTER2_CODEBLOCKS


@pytest.mark.parametrize(("codeblock_id", "line"), CHAPTER2_CODEBLOCKS)
def test_chapter2_codeblock_line_in_file(codeblock_id, line):
    lines = CHAPTER2.read_text(encoding="utf-8").split("\n")
    assert lines[line - 1] == f'<codeblock id="{codeblock_id}">'


def test_chapter2_title(chapter2):
    parsed, _ = chapter2
    assert parsed.title == "2장: 이미지 분류 문제 다루기"
    assert parsed.title_line == 2


def test_chapter2_description(chapter2):
    parsed, _ = chapter2
    assert parsed.description == "이미지 분류 문제를 다루는 다양한 방식을 계층적 API로 살펴봅니다."


def test_chapter2_front_matter_links(chapter2):
    parsed, _ = chapter2
    assert parsed.front_matter["prev"] == "/chapter1"
    assert parsed.front_matter["next"] is None


def test_chapter2_first_hint(chapter2):
    parsed, _ = chapter2
    block = parsed.codeblocks()[0]
    assert block.hint == "첫 번째와 두 번째 파라미터의 역할이 무엇인지 생각해 보세요!"
    assert block.hint_line == 25


def test_chapter2_empty_hint(chapter2):
    parsed, _ = chapter2
    block = next(block for block in parsed.codeblocks() if block.id == "02_05")
    assert block.hint == ""


def test_chapter2_first_choice(chapter2):
    parsed, _ = chapter2
    choice = parsed.exercises()[0].parts[3]
    assert [(option.line, option.correct) for option in choice.options] == [
        (31, False),
        (32, True),
        (33, False),
        (34, False),
    ]


def test_chapter2_slides_exercise(chapter2):
    parsed, _ = chapter2
    exercise = parsed.exercises()[4]
    assert exercise.type == "slides"
    assert exercise.parts == [Slides(source="chapter2_05", line=116)]


def test_chapter2_crlf_same_as_lf():
    text = CHAPTER2.read_text(encoding="utf-8")
    assert parse_chapter(text.replace("\n", "\r\n"), CHAPTER2) == parse_chapter(text, CHAPTER2)


# -- structure -----------------------------------------------------------------


def test_several_codeblocks_in_exercise():
    parsed, diagnostics = parse(
        chapter(
            '<exercise id="1" title="두 블록">\n'
            '<codeblock id="01_01">\n'
            "첫 힌트\n"
            "</codeblock>\n"
            '<codeblock id="01_02">\n'
            "</codeblock>\n"
            "</exercise>\n"
        )
    )
    assert diagnostics == []
    assert parsed.exercises()[0].parts == [
        CodeBlock(id="01_01", hint="첫 힌트", line=5, hint_line=6),
        CodeBlock(id="01_02", hint="", line=8, hint_line=9),
    ]


def test_subheading_kept_as_markdown():
    parsed, diagnostics = parse(
        chapter(
            '<exercise id="1" title="제목">\n'
            "\n"
            "### 작은 제목\n"
            "\n"
            "설명 문단입니다.\n"
            "\n"
            '<codeblock id="01_01">\n'
            "</codeblock>\n"
            "</exercise>\n"
        )
    )
    assert diagnostics == []
    assert parsed.exercises()[0].parts[0] == Markdown("### 작은 제목\n\n설명 문단입니다.", 6)


def test_markdown_outside_exercises():
    parsed, _ = parse(chapter("\n머리 문단입니다.\n\n" + '<exercise id="1" title="제목">\n</exercise>\n\n꼬리 문단입니다.\n'))
    assert [part for part in parsed.parts if isinstance(part, Markdown)] == [
        Markdown("머리 문단입니다.", 5),
        Markdown("꼬리 문단입니다.", 10),
    ]


def test_exercise_attributes():
    parsed, _ = parse(chapter('<exercise id="7" title="슬라이드 연습" type="slides">\n</exercise>\n'))
    assert parsed.exercises() == [Exercise(id="7", title="슬라이드 연습", line=4, type="slides", parts=[])]


def test_opt_multiline_feedback():
    parsed, diagnostics = parse(
        chapter(
            '<exercise id="1" title="제목">\n'
            "<choice>\n"
            '<opt text="가" correct="true">\n'
            "맞습니다. **굵게** 씁니다.\n"
            "\n"
            "- 목록 하나\n"
            "</opt>\n"
            '<opt text="나"></opt>\n'
            "</choice>\n"
            "</exercise>\n"
        )
    )
    assert diagnostics == []
    assert parsed.exercises()[0].parts[0].options[0] == Option(
        text="가", correct=True, feedback="맞습니다. **굵게** 씁니다.\n\n- 목록 하나", line=6, feedback_line=7
    )


def test_opt_on_one_line():
    parsed, diagnostics = parse(
        chapter(
            '<exercise id="1" title="제목">\n'
            "<choice>\n"
            '<opt text="가">아닙니다.</opt>\n'
            '<opt text="나" correct="true"></opt>\n'
            "</choice>\n"
            "</exercise>\n"
        )
    )
    assert diagnostics == []
    assert parsed.exercises()[0].parts[0].options == [
        Option(text="가", correct=False, feedback="아닙니다.", line=6, feedback_line=6),
        Option(text="나", correct=True, feedback="", line=7, feedback_line=7),
    ]


def test_choice_prompt_and_id():
    parsed, _ = parse(
        chapter(
            '<exercise id="1" title="제목">\n'
            '<choice id="quiz">\n'
            "어느 것일까요?\n"
            '<opt text="가" correct="true"></opt>\n'
            "</choice>\n"
            "</exercise>\n"
        )
    )
    assert parsed.exercises()[0].parts == [
        Choice(
            id="quiz",
            options=[Option(text="가", correct=True, feedback="", line=7, feedback_line=7)],
            line=5,
            body="어느 것일까요?",
            body_line=6,
        )
    ]


def test_code_span_in_attribute_value():
    parsed, diagnostics = parse(
        chapter(
            '<exercise id="1" title="`cnn_learner` 함수">\n'
            "<choice>\n"
            '<opt text="`metrics`와 `ps`" correct="true"></opt>\n'
            "</choice>\n"
            "</exercise>\n"
        )
    )
    assert diagnostics == []
    assert parsed.exercises()[0].title == "`cnn_learner` 함수"
    assert parsed.exercises()[0].parts[0].options[0].text == "`metrics`와 `ps`"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ('<slides source="deck">\n</slides>', Slides(source="deck", line=5)),
        ('<slides source="deck" start="2" end="4">\n</slides>', Slides(source="deck", line=5, start=2, end=4)),
        ('<slides source="deck" start="3" />', Slides(source="deck", line=5, start=3)),
    ],
    ids=["whole-deck", "start-end", "self-closing"],
)
def test_slides(tag, expected):
    parsed, diagnostics = parse(chapter('<exercise id="1" title="슬라이드" type="slides">\n' + tag + "\n</exercise>\n"))
    assert diagnostics == []
    assert parsed.exercises()[0].parts == [expected]


def test_prev_null():
    parsed, diagnostics = parse("---\ntitle: 장\nprev: null\nnext: /chapter3\n---\n\n본문입니다.\n")
    assert diagnostics == []
    assert parsed.front_matter == {"title": "장", "prev": None, "next": "/chapter3"}


def test_title_line():
    parsed, _ = parse("---\ndescription: 설명\ntitle: '  장 제목  '\n---\n")
    assert parsed.title == "장 제목"
    assert parsed.title_line == 3


@pytest.mark.parametrize(
    "body",
    [
        '```\n<exercise id="1" title="코드">\n```\n',
        '~~~markdown\n<codeblock id="01_01">\n~~~\n',
        '````\n```\n<exercise id="1" title="코드">\n```\n````\n',
        'tags such as `<exercise id="1" title="x">` are text\n',
        'double ``<choice>`` span\n',
    ],
    ids=["backtick-fence", "tilde-fence", "nested-fence", "code-span", "double-backtick-span"],
)
def test_tags_in_code_are_text(body):
    parsed, diagnostics = parse(chapter(body))
    assert diagnostics == []
    assert parsed.parts == [Markdown(body.rstrip(), 4)]


def test_tag_after_fence_is_parsed():
    parsed, diagnostics = parse(chapter('```\n<exercise id="1" title="코드">\n```\n<exercise id="2" title="진짜">\n</exercise>\n'))
    assert diagnostics == []
    assert [(exercise.id, exercise.line) for exercise in parsed.exercises()] == [("2", 7)]


def test_crlf_diagnostics_same_as_lf():
    text = chapter('<exercise id="1" title="제목">\n<codeblock id="a b">\n</codeblock>\n')
    assert parse(text.replace("\n", "\r\n")) == parse(text)


# -- diagnostics -----------------------------------------------------------


ERROR_CASES = [
    pytest.param(
        chapter('<exercise id="1" title="열린 연습">\n본문\n'),
        [("tag-unclosed", 4)],
        id="unclosed-exercise",
    ),
    pytest.param(
        chapter('<exercise id="1" title="제목">\n</choice>\n</exercise>\n'),
        [("tag-mismatched", 5)],
        id="close-without-open",
    ),
    pytest.param(
        chapter('<exercise id="1" title="제목">\n<choice>\n<opt text="가" correct="true"></opt>\n</exercise>\n'),
        [("tag-mismatched", 5)],
        id="close-skips-open-choice",
    ),
    pytest.param(
        chapter('<codeblock id="01_01">\n</codeblock>\n'),
        [("tag-nesting", 4)],
        id="codeblock-outside-exercise",
    ),
    pytest.param(
        chapter('<exercise id="1" title="바깥">\n<exercise id="2" title="안">\n</exercise>\n</exercise>\n'),
        [("tag-nesting", 5)],
        id="exercise-inside-exercise",
    ),
    pytest.param(
        chapter('<exercise id="1" title="제목">\n<opt text="가"></opt>\n</exercise>\n'),
        [("tag-nesting", 5)],
        id="opt-outside-choice",
    ),
    pytest.param(
        chapter(
            '<exercise id="1" title="제목">\n'
            '<codeblock id="01_01">\n</codeblock>\n'
            '<codeblock id="01_01">\n</codeblock>\n'
            "</exercise>\n"
        ),
        [("duplicate-id", 7)],
        id="duplicate-codeblock-id",
    ),
    pytest.param(
        chapter('<exercise id="1" title="가">\n</exercise>\n<exercise id="1" title="나">\n</exercise>\n'),
        [("duplicate-id", 6)],
        id="duplicate-exercise-id",
    ),
    pytest.param(
        chapter('<exercise id="1" title="제목">\n<codeblock id="01 01">\n</codeblock>\n</exercise>\n'),
        [("attribute-invalid", 5)],
        id="id-with-space",
    ),
    pytest.param(
        chapter('<exercise id="1" title="제목">\n<codeblock>\n</codeblock>\n</exercise>\n'),
        [("attribute-missing", 5)],
        id="codeblock-without-id",
    ),
    pytest.param(
        chapter('<exercise id="1">\n</exercise>\n'),
        [("attribute-missing", 4)],
        id="exercise-without-title",
    ),
    pytest.param(
        chapter('<exercise id="1" title="제목">\n<choice>\n<opt correct="true"></opt>\n</choice>\n</exercise>\n'),
        [("attribute-missing", 6)],
        id="opt-without-text",
    ),
    pytest.param(
        chapter('<exercise id="1" title="제목">\n<choice>\n<opt text="가"></opt>\n<opt text="나"></opt>\n</choice>\n</exercise>\n'),
        [("choice-no-correct", 5)],
        id="choice-no-correct",
    ),
    pytest.param(
        chapter('<exercise id="1" title="제목">\n<choice>\n</choice>\n</exercise>\n'),
        [("choice-no-correct", 5)],
        id="choice-no-options",
    ),
    pytest.param(
        chapter(
            '<exercise id="1" title="제목">\n<choice>\n'
            '<opt text="가" correct="true"></opt>\n<opt text="나" correct="true"></opt>\n'
            "</choice>\n</exercise>\n"
        ),
        [("choice-several-correct", 5)],
        id="several-correct",
    ),
    pytest.param(
        chapter('<exercise id="1" title="제목" level="2">\n</exercise>\n'),
        [("attribute-unknown", 4)],
        id="unknown-attribute",
    ),
    pytest.param(
        chapter('<exercise id="1" title="제목">\n<choice>\n<opt text="가" correct="yes"></opt>\n</choice>\n</exercise>\n'),
        [("attribute-invalid", 6), ("choice-no-correct", 5)],
        id="correct-not-boolean",
    ),
    pytest.param(
        chapter('<exercise id="1" title="제목" type="video">\n</exercise>\n'),
        [("attribute-invalid", 4)],
        id="unknown-exercise-type",
    ),
    pytest.param(
        chapter('<exercise id="1" title="제목">\n<slides source="deck" start="0">\n</slides>\n</exercise>\n'),
        [("attribute-invalid", 5)],
        id="slides-start-zero",
    ),
    pytest.param(
        chapter('<exercise id="1" title="제목">\n<slides source="deck">\n내용\n</slides>\n</exercise>\n'),
        [("tag-nesting", 6)],
        id="text-inside-slides",
    ),
    pytest.param(
        "---\ntitle: 장\nprev: [chapter1\n---\n본문입니다.\n",
        [("front-matter-invalid", 3)],
        id="invalid-yaml",
    ),
    pytest.param(
        "---\ntitle: '닫히지 않은 따옴표\n---\n본문입니다.\n",
        [("front-matter-invalid", 2)],
        id="invalid-yaml-quote",
    ),
    pytest.param(
        "---\n- title\n- 장\n---\n본문입니다.\n",
        [("front-matter-invalid", 2)],
        id="front-matter-not-mapping",
    ),
    pytest.param(
        "---\ntitle: 장\n",
        [("front-matter-invalid", 1)],
        id="front-matter-unclosed",
    ),
    pytest.param(
        '<exercise id="1" title="제목">\n</exercise>\n',
        [("front-matter-missing", 1)],
        id="missing-front-matter",
    ),
    pytest.param(
        "---\ndescription: 설명\n---\n본문입니다.\n",
        [("front-matter-title", 2)],
        id="missing-title",
    ),
    pytest.param(
        "---\ntitle: ''\n---\n본문입니다.\n",
        [("front-matter-title", 2)],
        id="empty-title",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ERROR_CASES)
def test_diagnostic(text, expected):
    _, diagnostics = parse(text)
    assert [(diagnostic.code, diagnostic.line) for diagnostic in diagnostics] == expected


@pytest.mark.parametrize(("text", "expected"), ERROR_CASES)
def test_diagnostic_path(text, expected):
    _, diagnostics = parse(text)
    assert {diagnostic.path for diagnostic in diagnostics} == {PATH}


def test_unclosed_exercise_keeps_content():
    parsed, _ = parse(chapter('<exercise id="1" title="열린 연습">\n<codeblock id="01_01">\n</codeblock>\n'))
    assert [block.id for block in parsed.codeblocks()] == ["01_01"]


def test_several_correct_message_lists_lines():
    _, diagnostics = parse(
        chapter(
            '<exercise id="1" title="제목">\n<choice>\n'
            '<opt text="가" correct="true"></opt>\n<opt text="나" correct="true"></opt>\n'
            "</choice>\n</exercise>\n"
        )
    )
    assert "6, 7" in diagnostics[0].message


def test_unknown_attribute_message_lists_allowed():
    _, diagnostics = parse(chapter('<exercise id="1" title="제목" level="2">\n</exercise>\n'))
    assert "id, title, type" in diagnostics[0].message
