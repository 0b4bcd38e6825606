"""Parse a chapter in the spaCy course format into :mod:`coursebook.chapter`.

The format is markdown with YAML front matter and five tags: ``exercise``,
``codeblock``, ``choice``, ``opt`` and ``slides``. Tags inside fenced code and
code spans are text. The parser never raises on a bad chapter: it recovers
where it can and returns every problem as a located :class:`Diagnostic`.
"""

from __future__ import annotations

import dataclasses as dc
import re
from pathlib import Path

import yaml

from coursebook.chapter import Chapter, Choice, CodeBlock, Exercise, Markdown, Option, Slides
from coursebook import links
from coursebook.diagnostics import Diagnostic
from coursebook.stray_tags import StrayTag, find_stray_tags

TAGS = ("exercise", "codeblock", "choice", "opt", "slides")

# Required and optional attributes of each tag.
ATTRIBUTES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "exercise": (("id", "title"), ("type",)),
    "codeblock": (("id",), ()),
    "choice": ((), ("id",)),
    "opt": (("text",), ("correct",)),
    "slides": (("source",), ("start", "end")),
}

# Tags allowed directly inside each tag. The key None is the chapter itself.
ALLOWED_CHILDREN: dict[str | None, tuple[str, ...]] = {
    None: ("exercise",),
    "exercise": ("codeblock", "choice", "slides"),
    "codeblock": (),
    "choice": ("opt",),
    "opt": (),
    "slides": (),
}

EXERCISE_TYPES = ("slides",)
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

_ATTR = r"""[A-Za-z_][\w:.-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_TAG_RE = re.compile(
    r"<(?P<close>/)?(?P<name>" + "|".join(TAGS) + r")(?P<attrs>(?:\s+" + _ATTR + r")*)\s*(?P<self>/)?>"
)
_ATTR_RE = re.compile(r"""([A-Za-z_][\w:.-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")


@dc.dataclass
class _Tag:
    name: str
    closing: bool
    self_closing: bool
    attrs: dict[str, str]
    start: int
    end: int
    line: int


@dc.dataclass
class _Open:
    tag: _Tag
    node: object
    children: list


class ChapterParser:
    """Parse one chapter's text; results in :attr:`diagnostics`."""

    def __init__(self, text: str, path: Path):
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.text = text
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    # -- helpers ---------------------------------------------------------

    def _report(self, code: str, message: str, line: int | None) -> None:
        self.diagnostics.append(Diagnostic(code, message, self.path, line))

    def _line_of(self, offset: int) -> int:
        low, high = 0, len(self._line_starts) - 1
        while low < high:
            mid = (low + high + 1) // 2
            if self._line_starts[mid] <= offset:
                low = mid
            else:
                high = mid - 1
        return low + 1

    # -- front matter -----------------------------------------------------

    def _front_matter(self) -> tuple[dict, int]:
        """Return the front matter mapping and the offset where the body starts."""
        lines = self.text.split("\n")
        if not lines or lines[0].strip() != "---":
            self._report(
                "front-matter-missing",
                "머리말(front matter)이 없습니다. 파일 첫 줄을 '---'로 시작하고 title을 적은 뒤 '---'로 닫으세요.",
                1,
            )
            return {}, 0

        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                break
        else:
            self._report(
                "front-matter-invalid",
                "머리말(front matter)을 닫는 '---' 줄이 없습니다. 머리말 끝에 '---' 줄을 넣으세요.",
                1,
            )
            return {}, 0

        body_start = self._line_starts[index + 1] if index + 1 < len(self._line_starts) else len(self.text)
        raw = "\n".join(lines[1:index])
        try:
            data = yaml.safe_load(raw) if raw.strip() else {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self._report(
                "front-matter-invalid",
                f"머리말(front matter)이 올바른 YAML이 아닙니다: {problem}. 따옴표와 들여쓰기를 확인하세요.",
                line,
            )
            return {}, body_start
        if not isinstance(data, dict):
            self._report(
                "front-matter-invalid",
                "머리말(front matter)은 'title: ...' 같은 키-값 목록이어야 합니다.",
                2,
            )
            return {}, body_start
        return data, body_start

    # -- tags ---------------------------------------------------------------

    def _scan_tags(self, body_start: int) -> list[_Tag]:
        """Find the course tags outside fenced code and code spans."""
        tags = []
        fence: str | None = None
        offset = body_start
        for raw_line in self.text[body_start:].split("\n"):
            line_start = offset
            offset += len(raw_line) + 1
            fence_match = _FENCE_RE.match(raw_line)
            if fence is not None:
                if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence):
                    if not raw_line.strip().strip(fence[0]):
                        fence = None
                continue
            if fence_match:
                fence = fence_match.group(1)
                continue

            masked = _CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), raw_line)
            matches = list(_TAG_RE.finditer(masked))
            for stray in find_stray_tags(masked, TAGS, {match.start() for match in matches}):
                self._report_stray(stray, self._line_of(line_start))
            for match in matches:
                attrs = {}
                # Masking keeps offsets, so the attributes are read from the
                # raw line, where code spans in values such as text="`x`" remain.
                for attr in _ATTR_RE.finditer(raw_line[match.start("attrs") : match.end("attrs")]):
                    value = next((g for g in attr.groups()[1:] if g is not None), "")
                    attrs[attr.group(1)] = value
                tags.append(
                    _Tag(
                        name=match.group("name"),
                        closing=bool(match.group("close")),
                        self_closing=bool(match.group("self")),
                        attrs=attrs,
                        start=line_start + match.start(),
                        end=line_start + match.end(),
                        line=self._line_of(line_start),
                    )
                )
        return tags

    def _report_stray(self, stray: StrayTag, line: int) -> None:
        if stray.malformed:
            self._report(
                "tag-malformed",
                f"<{stray.name}> 태그를 읽지 못해 글자 그대로 남습니다. 태그 전체를 한 줄에 쓰고, "
                f"속성은 id=\"값\"처럼 쓰고 따옴표를 닫으세요.",
                line,
            )
        elif stray.suggestion == stray.name.lower():
            self._report(
                "tag-unknown",
                f"태그 이름 <{stray.name}>은 소문자로 써야 합니다. <{stray.suggestion}>로 고치세요.",
                line,
            )
        elif stray.suggestion is not None:
            self._report(
                "tag-unknown",
                f"알 수 없는 태그 <{stray.name}>입니다. <{stray.suggestion}>를 쓰려던 것이라면 이름을 고치세요.",
                line,
            )
        else:
            self._report(
                "tag-unknown",
                f"알 수 없는 태그 <{stray.name}>입니다. 강좌 태그는 {', '.join(f'<{t}>' for t in TAGS)}이고, "
                f"꺾쇠를 글자로 보이려면 `<{stray.name}>`처럼 백틱으로 감싸세요.",
                line,
            )

    def _check_attributes(self, tag: _Tag) -> None:
        required, optional = ATTRIBUTES[tag.name]
        for name in required:
            if not tag.attrs.get(name, "").strip():
                self._report(
                    "attribute-missing",
                    f"<{tag.name}> 태그에 '{name}' 속성이 없습니다. 예: <{tag.name} {name}=\"...\">",
                    tag.line,
                )
        for name in tag.attrs:
            if name not in required + optional:
                allowed = ", ".join(required + optional) or "(없음)"
                self._report(
                    "attribute-unknown",
                    f"<{tag.name}> 태그에는 '{name}' 속성을 쓸 수 없습니다. 쓸 수 있는 속성: {allowed}",
                    tag.line,
                )

    # -- tree ---------------------------------------------------------------

    def parse(self) -> Chapter:
        if not self.text.strip():
            self._report("chapter-empty", "장 파일이 비어 있습니다. 머리말(front matter)과 본문을 쓰거나 파일을 지우세요.", 1)
            return Chapter(self.path, {}, "", 1, None, [])

        front_matter, body_start = self._front_matter()
        title = front_matter.get("title")
        if front_matter and not (isinstance(title, str) and title.strip()):
            self._report("front-matter-title", "머리말(front matter)에 title이 없습니다. 'title: 장 제목'을 넣으세요.", 2)
        description = front_matter.get("description")

        root = _Open(tag=None, node=None, children=[])  # type: ignore[arg-type]
        stack: list[_Open] = [root]
        cursor = body_start

        for tag in self._scan_tags(body_start):
            self._add_text(stack[-1], cursor, tag.start)
            cursor = tag.end
            if tag.closing:
                self._close(stack, tag)
            else:
                self._open(stack, tag)

        self._add_text(stack[-1], cursor, len(self.text))
        while len(stack) > 1:
            unclosed = stack.pop()
            self._report(
                "tag-unclosed",
                f"{unclosed.tag.line}번째 줄의 <{unclosed.tag.name}> 태그가 닫히지 않았습니다. </{unclosed.tag.name}>를 넣으세요.",
                unclosed.tag.line,
            )
            self._finish(unclosed, len(self.text), stack[-1])

        chapter = Chapter(
            path=self.path,
            front_matter=front_matter,
            title=title.strip() if isinstance(title, str) else "",
            title_line=self._front_matter_line("title"),
            description=description.strip() if isinstance(description, str) else None,
            parts=[child for child in root.children if isinstance(child, (Exercise, Markdown))],
        )
        self._check_ids(chapter)
        return chapter

    def _front_matter_line(self, key: str) -> int:
        pattern = re.compile(rf"^{re.escape(key)}\s*:")
        for index, line in enumerate(self.text.split("\n")[1:], start=2):
            if line.strip() in ("---", "..."):
                break
            if pattern.match(line):
                return index
        return 1

    def _add_text(self, parent: _Open, start: int, end: int) -> None:
        text = self.text[start:end]
        if not text.strip():
            return
        parent.children.append(self._markdown(start, end))

    def _markdown(self, start: int, end: int) -> Markdown:
        """Slice ``[start, end)`` without its leading blank lines."""
        text = self.text[start:end]
        stripped = text.lstrip("\n")
        first = start + (len(text) - len(stripped))
        # A tag that ends mid-line leaves the rest of that line as text.
        return Markdown(stripped.rstrip(), self._line_of(first))

    def _open(self, stack: list[_Open], tag: _Tag) -> None:
        self._check_attributes(tag)
        parent_name = stack[-1].tag.name if stack[-1].tag else None
        if tag.name not in ALLOWED_CHILDREN[parent_name]:
            where = f"<{parent_name}> 안" if parent_name else "장의 맨 바깥"
            allowed = ", ".join(f"<{n}>" for n in ALLOWED_CHILDREN[parent_name]) or "태그 없음"
            self._report(
                "tag-nesting",
                f"<{tag.name}> 태그는 {where}에 둘 수 없습니다. 이곳에 올 수 있는 것: {allowed}.",
                tag.line,
            )
        opened = _Open(tag=tag, node=None, children=[])
        if tag.self_closing:
            self._finish(opened, tag.end, stack[-1])
        else:
            stack.append(opened)

    def _close(self, stack: list[_Open], tag: _Tag) -> None:
        names = [entry.tag.name for entry in stack[1:]]
        if tag.name not in names:
            self._report(
                "tag-mismatched",
                f"닫는 태그 </{tag.name}>에 맞는 여는 태그가 없습니다. 태그를 지우거나 <{tag.name}>를 앞에 넣으세요.",
                tag.line,
            )
            return
        while stack[-1].tag.name != tag.name:
            unclosed = stack.pop()
            self._report(
                "tag-mismatched",
                f"{unclosed.tag.line}번째 줄의 <{unclosed.tag.name}> 태그가 </{tag.name}> 전에 닫히지 않았습니다. "
                f"</{unclosed.tag.name}>를 넣으세요.",
                unclosed.tag.line,
            )
            self._finish(unclosed, tag.start, stack[-1])
        self._finish(stack.pop(), tag.start, stack[-1], close_line=tag.line)

    def _finish(self, entry: _Open, body_end: int, parent: _Open, close_line: int | None = None) -> None:
        tag = entry.tag
        body = self.text[tag.end : body_end]
        body_line = self._line_of(tag.end)
        if body.startswith("\n"):
            body = body[1:]
            body_line += 1
        attrs = tag.attrs

        node: object
        if tag.name == "exercise":
            exercise_type = attrs.get("type")
            if exercise_type is not None and exercise_type not in EXERCISE_TYPES:
                self._report(
                    "attribute-invalid",
                    f"<exercise>의 type 값 '{exercise_type}'은 쓸 수 없습니다. 쓸 수 있는 값: {', '.join(EXERCISE_TYPES)}",
                    tag.line,
                )
            node = Exercise(
                id=attrs.get("id", "").strip(),
                title=attrs.get("title", "").strip(),
                line=tag.line,
                type=exercise_type,
                parts=[c for c in entry.children if not isinstance(c, (Option, Exercise))],
            )
        elif tag.name == "codeblock":
            self._reject_children(entry)
            node = CodeBlock(id=attrs.get("id", "").strip(), hint=body.strip(), line=tag.line, hint_line=body_line)
        elif tag.name == "choice":
            options = [c for c in entry.children if isinstance(c, Option)]
            prompt = [c for c in entry.children if isinstance(c, Markdown)]
            node = Choice(
                id=attrs.get("id"),
                options=options,
                line=tag.line,
                body="\n\n".join(p.text for p in prompt),
                body_line=prompt[0].line if prompt else tag.line,
            )
            self._check_choice(node)
        elif tag.name == "opt":
            self._reject_children(entry)
            correct = attrs.get("correct", "false").strip().lower()
            if correct not in ("true", "false"):
                self._report(
                    "attribute-invalid",
                    f"<opt>의 correct 값 '{attrs.get('correct')}'은 쓸 수 없습니다. \"true\" 또는 \"false\"를 쓰세요.",
                    tag.line,
                )
            node = Option(
                text=attrs.get("text", ""),
                correct=correct == "true",
                feedback=body.strip(),
                line=tag.line,
                feedback_line=body_line,
            )
        else:
            self._reject_children(entry, allow_text=False)
            node = Slides(
                source=attrs.get("source", "").strip(),
                line=tag.line,
                start=self._int_attr(tag, "start"),
                end=self._int_attr(tag, "end"),
            )
        parent.children.append(node)

    def _int_attr(self, tag: _Tag, name: str) -> int | None:
        value = tag.attrs.get(name)
        if value is None:
            return None
        if not value.strip().isdigit() or int(value) < 1:
            self._report(
                "attribute-invalid",
                f"<{tag.name}>의 {name} 값 '{value}'은 1 이상의 정수여야 합니다.",
                tag.line,
            )
            return None
        return int(value)

    def _reject_children(self, entry: _Open, allow_text: bool = True) -> None:
        for child in entry.children:
            if isinstance(child, Markdown) and allow_text:
                continue
            if isinstance(child, Markdown):
                self._report(
                    "tag-nesting",
                    f"<{entry.tag.name}> 태그 안에는 내용을 넣을 수 없습니다. 내용을 태그 밖으로 옮기세요.",
                    child.line,
                )

    def _check_choice(self, choice: Choice) -> None:
        correct = [option for option in choice.options if option.correct]
        if not choice.options:
            self._report("choice-no-correct", "<choice> 안에 <opt>가 없습니다. 선택지를 <opt text=\"...\">로 넣으세요.", choice.line)
        elif not correct:
            self._report(
                "choice-no-correct",
                "<choice>에 정답이 없습니다. 정답인 <opt>에 correct=\"true\"를 넣으세요.",
                choice.line,
            )
        elif len(correct) > 1:
            lines = ", ".join(str(option.line) for option in correct)
            self._report(
                "choice-several-correct",
                f"<choice>에 정답이 {len(correct)}개입니다({lines}번째 줄). 정답 하나에만 correct=\"true\"를 두세요.",
                choice.line,
            )

    def _check_ids(self, chapter: Chapter) -> None:
        seen: dict[tuple[str, str], int] = {}
        items = [("exercise", e.id, e.line) for e in chapter.exercises()]
        items += [("codeblock", c.id, c.line) for c in chapter.codeblocks()]
        for kind, identifier, line in items:
            if not identifier:
                continue
            if not ID_RE.match(identifier):
                self._report(
                    "attribute-invalid",
                    f"<{kind}>의 id '{identifier}'에 쓸 수 없는 문자가 있습니다. 영문자, 숫자, '_', '-', '.'만 쓰세요.",
                    line,
                )
            key = (kind, identifier)
            if key in seen:
                self._report(
                    "duplicate-id",
                    f"<{kind}> id '{identifier}'가 {seen[key]}번째 줄에서 이미 쓰였습니다. 다른 id를 쓰세요.",
                    line,
                )
            else:
                seen[key] = line


def parse_chapter(text: str, path: Path, *, check_links: bool = True) -> tuple[Chapter, list[Diagnostic]]:
    """Parse ``text`` (the content of ``path``) into a chapter and its diagnostics.

    With ``check_links``, malformed and dead links are diagnostics too.
    """
    parser = ChapterParser(text.replace("\r\n", "\n"), path)
    chapter = parser.parse()
    diagnostics = parser.diagnostics
    if check_links:
        diagnostics = diagnostics + links.check_links(chapter)
    return chapter, diagnostics
