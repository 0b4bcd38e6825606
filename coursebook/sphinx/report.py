"""Record how each chapter page executed and write the execution report page.

After a chapter is read, :func:`record_run` stores one :class:`CodeBlockRun`
per code block in the environment, from the records that block execution
left: whether the block executed in this build or came from the cache, its
time and the versions of the kernel that executed it. It also puts a line under the chapter's title naming the fastai
version that executed the page. :func:`collect_report_page` writes the Korean
report page ``execution-report.html`` from these records.
"""

from __future__ import annotations

import dataclasses as dc
import html
import posixpath
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from coursebook.block_runner import VERSIONED_PACKAGES
from coursebook.sphinx.codeblock import cell_codeblock, is_code_cell
from coursebook.sphinx.nodes import widget
from coursebook.sphinx.reader import is_chapter

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

REPORT_PAGE = "execution-report"
REPORT_TITLE = "실행 보고서"
STATUS_EXECUTED = "새로 실행"
STATUS_CACHED = "캐시에서 가져옴"
STATUS_NOT_RUN = "실행하지 않음"
STATUS_FAILED = "실행 실패"
VERSION_LABELS = {"python": "Python", "fastai": "fastai", "fastcore": "fastcore", "torch": "PyTorch", "torchvision": "torchvision"}


@dc.dataclass
class CodeBlockRun:
    """Run record of one code block's solution cells; ``seconds`` is ``None`` when no time was recorded."""

    codeblock: str
    snippet: str
    cells: int
    seconds: float | None
    standins: list[str]
    status: str = STATUS_NOT_RUN


@dc.dataclass
class ChapterRun:
    """Execution record of one chapter page: status, time of the run, versions and code blocks."""

    docname: str
    status: str
    executed_at: str
    versions: dict[str, str | None]
    codeblocks: list[CodeBlockRun]


def record_run(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    if not is_chapter(app, env.docname):
        return
    cells = [cell for cell in doctree.findall(is_code_cell) if cell_codeblock(cell)]
    if not cells:
        return

    records = {record.codeblock: record for record in getattr(env, "coursebook_block_records", {}).get(env.docname, [])}
    if any(record.fresh for record in records.values()):
        status = STATUS_EXECUTED
    elif any(record.executed_at for record in records.values()):
        status = STATUS_CACHED
    else:
        status = STATUS_NOT_RUN
    times = [record.executed_at for record in records.values() if record.executed_at]
    executed_at = datetime.fromtimestamp(max(times), timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if times else ""
    versions = next((record.versions for record in records.values() if record.versions), {})

    run = ChapterRun(env.docname, status, executed_at, dict(versions), _codeblock_runs(app, cells, records))
    if not hasattr(env, "coursebook_runs"):
        env.coursebook_runs = {}
    env.coursebook_runs[env.docname] = run
    if versions.get("fastai"):
        _add_version_line(doctree, env.docname, versions)


def _block_status(record) -> str:
    if record is None or record.executed_at is None:
        return STATUS_NOT_RUN
    if record.status != "ok":
        return STATUS_FAILED
    return STATUS_EXECUTED if record.fresh else STATUS_CACHED


def _codeblock_runs(app: Sphinx, cells: list[nodes.Element], records: dict) -> list[CodeBlockRun]:
    inputs = getattr(app, "coursebook_inputs", None)
    standins = {status.key: status.title_ko for status in inputs.standins()} if inputs else {}
    markers = inputs.markers() if inputs else {}

    runs: dict[str, CodeBlockRun] = {}
    for cell in cells:
        meta = (cell.get("cell_metadata") or {}).get("coursebook") or {}
        codeblock = meta["codeblock"]
        if meta.get("role") == "prelude":
            continue
        if codeblock not in runs:
            record = records.get(codeblock)
            seconds = record.seconds if record is not None else None
            runs[codeblock] = CodeBlockRun(codeblock, meta.get("source", ""), 0, seconds, [], _block_status(record))
        run = runs[codeblock]
        run.cells += 1
        source = cell.children[0].astext() if cell.children else ""
        for key, strings in markers.items():
            if key in standins and standins[key] not in run.standins and any(s in source for s in strings):
                run.standins.append(standins[key])
    return list(runs.values())


def _add_version_line(doctree: nodes.document, docname: str, versions: dict[str, str | None]) -> None:
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    others = ", ".join(
        f"{VERSION_LABELS[name]} {versions[name]}" for name in ("python", "torch") if versions.get(name)
    )
    line = widget(classes=["cb-executed-with"])
    paragraph = nodes.paragraph()
    paragraph += nodes.Text(f"이 페이지의 코드는 fastai {versions['fastai']}({others})로 실행했습니다. ")
    uri = posixpath.relpath(f"{REPORT_PAGE}.html", posixpath.dirname(docname) or ".")
    paragraph += nodes.reference("", f"{REPORT_TITLE} 보기", refuri=uri)
    line += paragraph

    position = 1
    for index, child in enumerate(section.children):
        if isinstance(child, widget) and "cb-description" in child.get("classes", []):
            position = index + 1
    section.insert(position, line)


def purge_run(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "coursebook_runs", {}).pop(docname, None)


def merge_runs(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    if not hasattr(env, "coursebook_runs"):
        env.coursebook_runs = {}
    for docname in docnames:
        if docname in getattr(other, "coursebook_runs", {}):
            env.coursebook_runs[docname] = other.coursebook_runs[docname]


def report_body(runs: list[ChapterRun], titles: dict[str, str]) -> str:
    """Render the report's HTML body; every value is escaped."""
    escape = html.escape
    parts = [f"<h1>{REPORT_TITLE}</h1>"]
    parts.append(
        "<p>이 책을 빌드할 때 각 코드 블록의 정답 코드를 실행한 기록입니다. 실행 시간은 빌드한 컴퓨터에서 잰 "
        "벽시계 시간이라 빌드마다 다릅니다. 캐시에서 가져온 코드 블록은 캐시를 채운 실행의 시간과 버전을 보여 줍니다.</p>"
    )
    if not runs:
        parts.append("<p>실행한 코드 블록이 없습니다.</p>")
    for run in runs:
        title = escape(titles.get(run.docname, run.docname))
        parts.append(f'<section class="cb-report-chapter" id="report-{escape(run.docname.replace("/", "-"))}">')
        parts.append(f'<h2><a href="{escape(run.docname)}.html">{title}</a></h2>')
        when = f" ({escape(run.executed_at)})" if run.executed_at else ""
        parts.append(f'<p class="cb-report-status">캐시 상태: {escape(run.status)}{when}</p>')
        parts.append('<table class="cb-report-versions"><thead><tr><th>패키지</th><th>버전</th></tr></thead><tbody>')
        for name in ("python", *VERSIONED_PACKAGES):
            version = run.versions.get(name) or "알 수 없음"
            parts.append(f"<tr><td>{escape(VERSION_LABELS[name])}</td><td>{escape(version)}</td></tr>")
        parts.append("</tbody></table>")
        parts.append(
            '<table class="cb-report-codeblocks"><thead><tr><th>코드 블록</th><th>정답 스크립트</th>'
            "<th>셀 수</th><th>실행 시간(초)</th><th>캐시 상태</th><th>대체 자료</th></tr></thead><tbody>"
        )
        for block in run.codeblocks:
            seconds = f"{block.seconds:.2f}" if block.seconds is not None else "기록 없음"
            standins = ", ".join(block.standins) or "없음"
            parts.append(
                f'<tr data-codeblock="{escape(block.codeblock)}"><td>{escape(block.codeblock)}</td>'
                f"<td><code>{escape(Path(block.snippet).name)}</code></td><td>{block.cells}</td>"
                f"<td>{seconds}</td><td>{escape(block.status)}</td><td>{escape(standins)}</td></tr>"
            )
        parts.append("</tbody></table></section>")
    return "\n".join(parts)


def collect_report_page(app: Sphinx):
    env = app.env
    runs = [run for _, run in sorted(getattr(env, "coursebook_runs", {}).items())]
    titles = {docname: title.astext() for docname, title in env.titles.items()}
    context = {"title": REPORT_TITLE, "body": report_body(runs, titles)}
    yield REPORT_PAGE, context, "page.html"


def setup_report(app: Sphinx) -> None:
    app.connect("doctree-read", record_run)
    app.connect("env-purge-doc", purge_run)
    app.connect("env-merge-info", merge_runs)
    app.connect("html-collect-pages", collect_report_page)
