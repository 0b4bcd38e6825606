"""Provision data and weights before execution, and report failed snippets.

Before any code block executes, :func:`provision_inputs` fills the
project-local ``FASTAI_HOME`` and ``TORCH_HOME`` and exports them, so the
kernels that execute code blocks inherit them. When a page is read,
:class:`ReportCellErrors` turns a failed solution cell (a traceback, a timeout or a dead kernel) into a located warning
and a Korean notice, so no traceback reaches the page.
"""

from __future__ import annotations

import dataclasses as dc
import os
import platform
from importlib import metadata
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from coursebook.cell_errors import line_in_cell, strip_ansi
from coursebook.credits import credit_for
from coursebook.diagnostics import WARNING_TYPE
from coursebook.provision import ASSETS, ProvisionReport, local_dir_from_env, provision
from coursebook.provision.assets import DatasetAsset
from coursebook.block_runner import VERSIONED_PACKAGES
from coursebook.sphinx.codeblock import is_code_cell
from coursebook.sphinx.config import get_config, resolve
from coursebook.sphinx.reader import is_chapter

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

NOTICE_FAILED = "이 코드는 책을 빌드할 때 오류가 나서 끝까지 실행하지 못했습니다"
NOTICE_TIMEOUT = "이 코드는 책을 빌드할 때 실행 시간 제한({timeout}초)을 넘겨 끝까지 실행하지 못했습니다"


def library_versions() -> str:
    pins = [f"python={platform.python_version()}"]
    for name in VERSIONED_PACKAGES:
        try:
            pins.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pins.append(f"{name}=none")
    return " ".join(pins)


@dc.dataclass
class InputsState:
    """The provisioned inputs of this build, as pages need them."""

    report: ProvisionReport

    def fingerprint(self) -> str:
        """Identify the inputs that executed outputs depend on beyond the code cells."""
        return f"{self.report.fingerprint()} {library_versions()}"

    def standins(self):
        return self.report.standins()

    def markers(self) -> dict[str, tuple[str, ...]]:
        """Map each asset key to strings whose presence in a solution means it is used."""
        markers = {}
        for asset in ASSETS:
            if isinstance(asset, DatasetAsset):
                markers[asset.key] = (asset.url, asset.archive_name)
            else:
                markers[asset.key] = (asset.architecture,)
        return markers

    def attribution(self, key: str) -> str:
        return credit_for(key)


def provision_inputs(app: Sphinx) -> None:
    config = get_config(app)
    if not config.provision:
        return
    cache_root = resolve(app, config.cache_dir)
    local_dir = resolve(app, config.data_dir) if config.data_dir else local_dir_from_env()

    report = provision(cache_root, local_dir=local_dir, download=config.download)
    os.environ.update(report.environ())
    app.coursebook_inputs = InputsState(report)

    standins = report.standins()
    if standins:
        names = ", ".join(status.title_ko for status in standins)
        # Info, not a warning: a build with no network must still pass -W.
        # Each page that used a stand-in shows a notice of its own.
        logger.info(
            "실제 자료를 구하지 못해 대체 자료로 실행합니다: %s. 실제 자료로 빌드하려면 "
            "COURSEBOOK_DATA_DIR에 자료 폴더를 지정하세요.",
            names,
            color="yellow",
        )


def outdated_by_inputs(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Re-read chapters executed with other data or weights than this build has."""
    inputs = getattr(app, "coursebook_inputs", None)
    if inputs is None:
        return []
    recorded = getattr(env, "coursebook_fingerprints", {})
    current = inputs.fingerprint()
    return [
        docname
        for docname in env.found_docs
        if docname not in added and docname in recorded and recorded[docname] != current
    ]


def record_fingerprint(app: Sphinx, doctree: nodes.document) -> None:
    inputs = getattr(app, "coursebook_inputs", None)
    env = app.env
    if inputs is None or not is_chapter(app, env.docname):
        return
    if not hasattr(env, "coursebook_fingerprints"):
        env.coursebook_fingerprints = {}
    env.coursebook_fingerprints[env.docname] = inputs.fingerprint()


def purge_fingerprint(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "coursebook_fingerprints", {}).pop(docname, None)


def merge_fingerprints(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    if not hasattr(env, "coursebook_fingerprints"):
        env.coursebook_fingerprints = {}
    for docname in docnames:
        if docname in getattr(other, "coursebook_fingerprints", {}):
            env.coursebook_fingerprints[docname] = other.coursebook_fingerprints[docname]


def _traceback_summary(text: str) -> str:
    lines = [line for line in strip_ansi(text).splitlines() if line.strip()]
    return lines[-1].strip() if lines else "알 수 없는 오류"


class ReportCellErrors(SphinxTransform):
    """Report failed solution cells at their snippet line; keep tracebacks off the page."""

    default_priority = 390

    def apply(self, **kwargs) -> None:
        records = getattr(self.env, "coursebook_block_records", {}).get(self.env.docname, [])
        errors = {record.codeblock: record.error for record in records}
        timeout = self.config.nb_execution_timeout

        for cell in list(self.document.findall(is_code_cell)):
            meta = (cell.get("cell_metadata") or {}).get("coursebook") or {}
            status = meta.get("exec")
            if status not in ("error", "timeout", "dead"):
                continue
            tracebacks = [
                output for output in cell.findall(nodes.literal_block) if "traceback" in output.get("classes", [])
            ]
            if status in ("error", "timeout") and tracebacks:
                # After a timeout the kernel was interrupted, so the traceback
                # names the line that was running.
                for output in tracebacks:
                    text = output.astext()
                    offset = line_in_cell([text])
                    line = meta.get("line", 1) + offset - 1 if offset else meta.get("line")
                    if status == "timeout":
                        self._report(meta, line, f"실행 시간 제한 {timeout}초를 넘겼습니다")
                        output.replace_self(self._notice(NOTICE_TIMEOUT.format(timeout=timeout)))
                    else:
                        self._report(meta, line, _traceback_summary(text))
                        output.replace_self(self._notice(NOTICE_FAILED))
                continue

            for output in tracebacks:
                output.parent.remove(output)
            if status == "timeout":
                self._report(meta, meta.get("line"), f"실행 시간 제한 {timeout}초를 넘겼습니다")
                cell += self._notice(NOTICE_TIMEOUT.format(timeout=timeout))
            elif status == "dead":
                self._report(meta, meta.get("line"), "실행 중에 커널이 멈췄습니다. 메모리가 부족했을 수 있습니다")
                cell += self._notice(NOTICE_FAILED)
            else:
                self._report(meta, meta.get("line"), errors.get(meta.get("codeblock")) or "알 수 없는 오류")
                cell += self._notice(NOTICE_FAILED)

    def _report(self, meta: dict, line: int | None, summary: str) -> None:
        source = meta.get("source")
        location = f"{source}:{line}" if source and line else (source or (self.env.docname, None))
        logger.warning(
            "코드 블록 %s의 정답 스크립트를 실행하다 오류가 났습니다: %s. 스크립트의 이 줄을 고친 뒤 다시 빌드하세요.",
            meta.get("codeblock", "?"),
            summary,
            type=WARNING_TYPE,
            subtype="snippet-error",
            location=location,
        )

    @staticmethod
    def _notice(text: str) -> nodes.Node:
        notice = nodes.admonition(classes=["error", "cb-exec-error"])
        notice += nodes.title("실행 오류", "실행 오류")
        notice += nodes.paragraph(text + ".", text + ".")
        return notice


def setup_execution(app: Sphinx) -> None:
    app.connect("builder-inited", provision_inputs)
    app.connect("env-get-outdated", outdated_by_inputs)
    app.connect("doctree-read", record_fingerprint)
    app.connect("env-purge-doc", purge_fingerprint)
    app.connect("env-merge-info", merge_fingerprints)
    app.add_transform(ReportCellErrors)
