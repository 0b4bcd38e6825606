"""Convert a parsed chapter into the notebook that myst-nb renders and executes.

Chapter prose becomes markdown cells copied verbatim, each course tag becomes a
markdown cell holding one of the extension's directives, and each code block
is followed by the code cells of its solution script. The notebook's
``source_map`` gives every cell its line in the chapter file, so MyST warnings
point at the author's line.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from coursebook.chapter import Chapter, Choice, CodeBlock, Exercise, Markdown, Slides
from coursebook.diagnostics import Diagnostic
from coursebook.references import check_references
from coursebook.snippets import codeblock_cells, find_snippets
from coursebook.sources import read_source


def fence_for(content: str, char: str = "`") -> str:
    """Return a fence longer than any run of ``char`` that opens a line of ``content``."""
    runs = re.findall(rf"^\s*({re.escape(char)}{{3,}})", content, flags=re.MULTILINE)
    return char * max([3] + [len(run) + 1 for run in runs])


def directive(name: str, argument: str = "", options: dict[str, str] | None = None, body: str = "") -> str:
    """Write a MyST directive whose fence cannot be closed by its body."""
    # CommonMark allows no backtick in the info string of a backtick fence, so
    # an argument such as an option text with a code span needs a tilde fence.
    fence = fence_for(body, "~" if "`" in argument else "`")
    lines = [f"{fence}{{{name}}} {argument}".rstrip()]
    for key, value in (options or {}).items():
        lines.append(f":{key}: {value}".rstrip())
    if body:
        # MyST reads leading lines that start with ":" or "---" as options,
        # unless a blank line comes first.
        if body.startswith((":", "---")):
            lines.append("")
        lines.append(body)
    lines.append(fence)
    return "\n".join(lines)


def exercise_number(exercise: Exercise, position: int) -> str:
    return exercise.id if exercise.id.isdigit() else str(position)


class NotebookBuilder:
    """Accumulate cells together with their chapter lines."""

    def __init__(self) -> None:
        self.cells: list[nbformat.NotebookNode] = []
        self.source_map: list[int] = []

    def markdown(self, source: str, line: int) -> None:
        self.cells.append(nbformat.v4.new_markdown_cell(source))
        self.source_map.append(self._map_entry(line))

    def code(self, cell: nbformat.NotebookNode, line: int) -> None:
        self.cells.append(cell)
        self.source_map.append(self._map_entry(line))

    @staticmethod
    def _map_entry(line: int) -> int:
        # myst-nb adds one to the entry and MyST one more when it reports a
        # token's 0-based line, so a cell starting on line L is stored as L - 2.
        return line - 2


def chapter_notebook(
    chapter: Chapter,
    *,
    snippets_dir: Path,
    slides_dir: Path,
    inputs_fingerprint: str = "",
    asset_markers: dict[str, tuple[str, ...]] | None = None,
) -> tuple[nbformat.NotebookNode, list[Diagnostic]]:
    """Build the page notebook of ``chapter``; return it with new diagnostics.

    ``inputs_fingerprint`` is written into a hidden first code cell: the
    execution cache keys on code cells, so a change of provisioned data or
    weights then re-executes the page. ``asset_markers`` maps an asset key
    to strings whose presence in a solution means the page uses that asset.
    """
    # Problems with the files the chapter refers to; the chapter's own
    # problems come from the parser.
    diagnostics = check_references(chapter, snippets_dir=snippets_dir, slides_dir=slides_dir)
    out = NotebookBuilder()

    fingerprint = nbformat.v4.new_code_cell(f"# coursebook inputs: {inputs_fingerprint}".rstrip())
    fingerprint.metadata["tags"] = ["remove-cell"]
    fingerprint.metadata["coursebook"] = {"role": "inputs"}
    out.code(fingerprint, 1)

    out.markdown(f"# {chapter.title or chapter.path.stem}", chapter.title_line)
    used_assets = _used_assets(chapter, snippets_dir, asset_markers or {})
    chapter_options = {"uses": " ".join(used_assets)} if used_assets else {}
    out.markdown(directive("coursebook-chapter", options=chapter_options, body=chapter.description or ""), chapter.title_line)

    position = 0
    for part in chapter.parts:
        if isinstance(part, Markdown):
            out.markdown(part.text, part.line)
            continue
        position += 1
        _add_exercise(out, part, position, snippets_dir)

    nav = {key: str(chapter.front_matter[key]) for key in ("prev", "next") if chapter.front_matter.get(key)}
    out.markdown(directive("coursebook-chapter-nav", options=nav), max(chapter.title_line, 1))

    notebook = nbformat.v4.new_notebook(cells=out.cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    notebook.metadata["source_map"] = out.source_map
    return notebook, diagnostics


def _add_exercise(out: NotebookBuilder, exercise: Exercise, position: int, snippets_dir: Path) -> None:
    number = exercise_number(exercise, position)
    options = {"number": number}
    if exercise.type:
        options["type"] = exercise.type
    heading = f"## {number}. {exercise.title or '(제목 없음)'}"
    out.markdown(heading + "\n\n" + directive("coursebook-exercise", exercise.id or number, options), exercise.line)

    for part in exercise.parts:
        if isinstance(part, Markdown):
            out.markdown(part.text, part.line)
        elif isinstance(part, CodeBlock):
            _add_codeblock(out, part, snippets_dir)
        elif isinstance(part, Choice):
            out.markdown(_choice_directive(part), part.line)
        elif isinstance(part, Slides):
            _add_slides(out, part)


def _add_codeblock(out: NotebookBuilder, block: CodeBlock, snippets_dir: Path) -> None:
    # The directive opens on the tag's line and its body is the hint, so the
    # hint keeps the chapter's own line numbers.
    fence = fence_for(block.hint)
    source = f"{fence}{{coursebook-codeblock}} {block.id}\n{block.hint}\n{fence}" if block.hint else (
        f"{fence}{{coursebook-codeblock}} {block.id}\n{fence}"
    )
    out.markdown(source, block.line)
    if not block.id:
        return

    files = find_snippets(snippets_dir, block.id)
    if files.solution is None:
        return
    for cell in codeblock_cells(files, "solution"):
        out.code(cell, block.line)


def _choice_directive(choice: Choice) -> str:
    opts = []
    for option in choice.options:
        options = {"correct": ""} if option.correct else {}
        opts.append(directive("coursebook-opt", option.text.strip() or "(빈 선택지)", options, option.feedback))
    body = "\n\n".join(([choice.body] if choice.body else []) + opts)
    options = {"id": choice.id} if choice.id else {}
    return directive("coursebook-choice", options=options, body=body)


def _add_slides(out: NotebookBuilder, slides: Slides) -> None:
    options = {key: str(value) for key, value in (("start", slides.start), ("end", slides.end)) if value}
    out.markdown(directive("coursebook-slides", slides.source, options), slides.line)


def _used_assets(chapter: Chapter, snippets_dir: Path, markers: dict[str, tuple[str, ...]]) -> list[str]:
    sources = []
    for block in chapter.codeblocks():
        files = find_snippets(snippets_dir, block.id) if block.id else None
        if files is not None and files.solution is not None:
            sources.append(read_source(files.solution)[0])
    text = "\n".join(sources)
    return [key for key, strings in markers.items() if any(s in text for s in strings)]
