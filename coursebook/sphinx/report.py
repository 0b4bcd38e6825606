"""Record how each chapter page executed and write the execution report page.

Before a chapter is read, :func:`start_run_log` points the prelude cell's run
log at a fresh file. After it is read, :func:`record_run` keeps the log when
the page executed in this build, or reuses the log of the run that filled the
cache, and stores one :class:`CodeBlockRun` per code block in the
environment. It also puts a line under the chapter's title naming the fastai
version that executed the page. :func:`collect_report_page` writes the Korean
report page ``execution-report.html`` from these records.
"""

from __future__ import annotations

import dataclasses as dc
import html
import os
import posixpath
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from coursebook.run_log import read_run_log
from coursebook.snippets import RUN_LOG_ENV, RUN_LOG_PACKAGES
from coursebook.sphinx.codeblock import cell_codeblock, is_code_cell
from coursebook.sphinx.config import resolve
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
VERSION_LABELS = {"python": "Python", "fastai": "fastai", "fastcore": "fastcore", "torch": "PyTorch", "torchvision": "torchvision"}


@dc.dataclass
class CodeBlockRun:
    """Run record of one code block's solution cells; ``seconds`` is ``None`` when no time was recorded."""

    codeblock: str
    snippet: str
    cells: int
    seconds: float | None
    standins: list[str]


@dc.dataclass
class ChapterRun:
    """Execution record of one chapter page: status, time of the run, versions and code blocks."""

    docname: str
    status: str
    executed_at: str
    versions: dict[str, str | None]
    codeblocks: list[CodeBlockRun]


def _runs_dir(app: Sphinx) -> Path:
    # Next to the execution cache: a cached page reuses the log of the run
    # that filled the cache, and clearing the cache clears both.
    return resolve(app, app.config.nb_execution_cache_path) / "coursebook-runs"


def _log_paths(app: Sphinx, docname: str) -> tuple[Path, Path]:
    stem = docname.replace("/", "__")
    directory = _runs_dir(app)
    return directory / f"{stem}.running.jsonl", directory / f"{stem}.jsonl"


def start_run_log(app: Sphinx, docname: str, source: list[str]) -> None:
    if not is_chapter(app, docname):
        return
    running, _ = _log_paths(app, docname)
    running.parent.mkdir(parents=True, exist_ok=True)
    running.unlink(missing_ok=True)
    # Kernels started while this page is parsed inherit the variable.
    os.environ[RUN_LOG_ENV] = str(running)


def record_run(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    if not is_chapter(app, env.docname):
        return
    os.environ.pop(RUN_LOG_ENV, None)
    running, kept = _log_paths(app, env.docname)
    executed = running.is_file() and running.stat().st_size > 0
    if executed:
        shutil.move(running, kept)
    else:
        running.unlink(missing_ok=True)

    cells = [cell for cell in doctree.findall(is_code_cell) if cell_codeblock(cell)]
    if not cells:
        return
    log = read_run_log(kept)
    exec_data = (getattr(env, "nb_metadata", {}).get(env.docname) or {}).get("exec_data") or {}
    if executed:
        status = STATUS_EXECUTED
    elif log.versions and exec_data:
        status = STATUS_CACHED
    else:
        status = STATUS_NOT_RUN
    mtime = exec_data.get("mtime")
    executed_at = datetime.fromtimestamp(mtime, timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if mtime else ""

    run = ChapterRun(env.docname, status, executed_at, dict(log.versions), _codeblock_runs(app, cells, log.seconds))
    if not hasattr(env, "coursebook_runs"):
        env.coursebook_runs = {}
    env.coursebook_runs[env.docname] = run
    if log.versions.get("fastai"):
        _add_version_line(doctree, env.docname, log.versions)


def _codeblock_runs(app: Sphinx, cells: list[nodes.Element], seconds: dict[int, float]) -> list[CodeBlockRun]:
    inputs = getattr(app, "coursebook_inputs", None)
    standins = {status.key: status.title_ko for status in inputs.standins()} if inputs else {}
    markers = inputs.markers() if inputs else {}

    runs: dict[str, CodeBlockRun] = {}
    for cell in cells:
        meta = (cell.get("cell_metadata") or {}).get("coursebook") or {}
        codeblock = meta["codeblock"]
        if meta.get("role") == "prelude":
            continue
        run = runs.setdefault(codeblock, CodeBlockRun(codeblock, meta.get("source", ""), 0, None, []))
        run.cells += 1
        count = cell.get("exec_count")
        if count in seconds:
            run.seconds = round((run.seconds or 0.0) + seconds[count], 3)
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
        "벽시계 시간이라 빌드마다 다릅니다. 캐시를 쓴 페이지는 캐시를 채운 실행의 시간과 버전을 보여 줍니다.</p>"
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
        for name in ("python", *RUN_LOG_PACKAGES):
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
                f"<td>{seconds}</td><td>{escape(run.status)}</td><td>{escape(standins)}</td></tr>"
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
    app.connect("source-read", start_run_log)
    app.connect("doctree-read", record_run)
    app.connect("env-purge-doc", purge_run)
    app.connect("env-merge-info", merge_runs)
    app.connect("html-collect-pages", collect_report_page)
