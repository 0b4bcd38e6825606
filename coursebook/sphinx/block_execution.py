"""Execute chapter code blocks before Sphinx reads the pages, each cached on its own.

myst-nb's cache keys on a whole page, so one edited snippet would re-execute
every code block of its chapter. Instead, before Sphinx reads the pages of a
build (``env-before-read-docs``), :func:`execute_outdated_blocks` works out
every code block of those chapters, looks each one up in a
:class:`~coursebook.block_cache.BlockCache` and executes the missing ones on
a pool of kernels, several at once. When a page is read, the chapter reader
calls :meth:`BlockPlanner.fill` to copy the outputs into the page notebook,
and myst-nb renders it with its own execution turned off.

A code block's key covers its cells (the prelude included), the provisioned
inputs and library versions, the helper modules it imports from the snippets
folder, and the folders it runs in.

The first kernel to start also resolves the fastai name check's new lookups
in the pages (:mod:`coursebook.fastai_facts`) before its first block, so that
the build process does not import fastai while the kernels need both cores.
"""

from __future__ import annotations

import dataclasses as dc
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
from sphinx.util import logging

from coursebook.block_cache import BlockCache, BlockResult, block_key
from coursebook.api_queries import ApiQueries
from coursebook.block_runner import BlockJob, KernelFailure, Prologue, run_blocks
from coursebook.fastai_facts import kernel_source, valid_results
from coursebook.helper_modules import helper_digests, helper_files
from coursebook.parser import parse_chapter
from coursebook.preload import preload_modules
from coursebook.snippets import codeblock_cells, find_snippets
from coursebook.sources import read_source
from coursebook.sphinx.config import get_config, resolve
from coursebook.sphinx.fastai_facts import chapter_queries, facts_for
from coursebook.sphinx.reader import is_chapter

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

BLOCKS_FOLDER = "coursebook-blocks"
TIMINGS_FILE = "timings.json"


@dc.dataclass
class BlockRecord:
    """The execution record of one code block of a page, for the report and error notices."""

    codeblock: str
    status: str
    fresh: bool
    seconds: float | None
    executed_at: float | None
    versions: dict[str, str | None]
    error: str | None


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# Peak memory of one kernel that ran chapter 2's fastai training, rounded up
# (benchmarks/bench.py measured about 2 GiB per kernel with two kernels).
KERNEL_MEMORY = 2 * 2**30


def default_workers() -> int:
    """Return one kernel per usable core, but no more kernels than the memory holds."""
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return usable_cpus()
    return max(1, min(usable_cpus(), memory // KERNEL_MEMORY))


# Variables that set how many threads torch's CPU operations use.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS")


def kernel_environment() -> dict[str, str]:
    """Return the environment of the pool's kernels: this process's, with one torch thread each.

    The thread count decides the order in which torch sums floating-point
    numbers, so it shows in the last digits of the printed losses. One thread
    per kernel makes those digits the same whatever the number of kernels or
    the cores of the machine that builds the book. The pool uses the cores by
    running one kernel per core instead. Two single-thread kernels on two
    cores ran a four-chapter book faster than one kernel with torch's default
    of one thread per core. Two kernels with that default fought over the
    cores and ran slower than one. A value the author set wins.
    """
    env = dict(os.environ)
    for name in THREAD_VARIABLES:
        env.setdefault(name, "1")
    return env


class BlockPlanner:
    """Turn chapters into code block jobs, execute the missing ones and fill page notebooks."""

    def __init__(self, app: Sphinx) -> None:
        config = get_config(app)
        self.srcdir = Path(app.srcdir).resolve()
        self.snippets_dir = resolve(app, config.snippets_dir)
        self.cache = BlockCache(resolve(app, app.config.nb_execution_cache_path) / BLOCKS_FOLDER)
        self.workers = config.execution_workers or default_workers()
        self.timeout = int(app.config.nb_execution_timeout or 0) or None
        self.mode = app.config.nb_execution_mode
        inputs = getattr(app, "coursebook_inputs", None)
        self.inputs = inputs.fingerprint() if inputs is not None else ""
        self.fresh: dict[str, BlockResult] = {}
        self.records: dict[str, list[BlockRecord]] = {}
        self.helpers: dict[str, list[Path]] = {}
        self.cache_write_failed = False

    # -- jobs ----------------------------------------------------------------

    def job(self, codeblock: str, cells: list[nbformat.NotebookNode], chapter_dir: Path) -> tuple[BlockJob, list[Path]]:
        """Return the job that executes ``cells`` and the helper files they import."""
        sources = [cell.source for cell in cells]
        solution = Path(cells[-1].metadata.get("coursebook", {}).get("source") or self.snippets_dir)
        import_paths = list(dict.fromkeys([solution.parent.resolve(), self.snippets_dir]))
        helpers = helper_files(sources, import_paths)
        context = {
            "inputs": self.inputs,
            "helpers": helper_digests(helpers, self.snippets_dir),
            "cwd": self._relative(chapter_dir),
            "import_paths": [self._relative(path) for path in import_paths],
        }
        job = BlockJob(
            key=block_key(sources, context),
            codeblock=codeblock,
            cells=cells,
            cwd=chapter_dir,
            import_paths=import_paths,
            snippets_root=self.snippets_dir,
            preload=preload_modules(
                [cell.source for cell in cells if cell.metadata.get("coursebook", {}).get("role") != "prelude"]
            ),
        )
        return job, helpers

    def _relative(self, path: Path) -> str:
        return os.path.relpath(path, self.srcdir.parent)

    def chapter_jobs(self, chapter_path: Path) -> list[BlockJob]:
        """Return one job per code block of the chapter at ``chapter_path`` that has a solution."""
        text, _ = read_source(chapter_path)
        chapter, _ = parse_chapter(text, chapter_path, check_links=False)
        jobs = []
        for block in chapter.codeblocks():
            files = find_snippets(self.snippets_dir, block.id) if block.id else None
            if files is None or files.solution is None:
                continue
            jobs.append(self.job(block.id, codeblock_cells(files, "solution"), chapter_path.parent)[0])
        return jobs

    # -- execution -----------------------------------------------------------

    def needs_run(self, job: BlockJob) -> bool:
        if self.mode == "off":
            return False
        if self.mode == "force":
            return job.key not in self.fresh
        if job.key in self.fresh:
            return False
        cached = self.cache.get(job.key)
        # A failed block runs again: the failure may have been the machine's.
        return cached is None or not cached.ok

    def execute(self, jobs: list[BlockJob], prologue: Prologue | None = None) -> None:
        """Execute ``jobs`` on the kernel pool, storing each result as soon as it ends.

        ``prologue`` runs on the first kernel that starts, before its first block.
        """
        timings = self._read_timings()
        for job in jobs:
            job.expected_seconds = timings.get(job.codeblock, 0.0)

        def store(result: BlockResult) -> None:
            self.fresh[result.key] = result
            try:
                self.cache.put(result)
            except OSError as error:
                self._warn_unwritable(error)
            timings[result.codeblock] = result.total_seconds() or 0.0
            _log_result(result)

        try:
            run_blocks(
                jobs,
                workers=self.workers,
                timeout=self.timeout,
                env=kernel_environment(),
                on_result=store,
                prologue=prologue,
            )
        except KernelFailure as error:
            logger.warning(
                "코드를 실행할 Jupyter 커널을 시작하지 못했습니다: %s. ipykernel이 설치되어 있는지 확인하세요.",
                error,
                type="coursebook",
                subtype="kernel",
            )
        finally:
            self._write_timings(timings)

    def _read_timings(self) -> dict[str, float]:
        try:
            return json.loads((self.cache.folder / TIMINGS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _write_timings(self, timings: dict[str, float]) -> None:
        try:
            self.cache.folder.mkdir(parents=True, exist_ok=True)
            (self.cache.folder / TIMINGS_FILE).write_text(json.dumps(timings, sort_keys=True), encoding="utf-8")
        except OSError as error:
            self._warn_unwritable(error)

    def _warn_unwritable(self, error: OSError) -> None:
        """Warn once per build that results cannot be cached; the pages still get this build's outputs."""
        if self.cache_write_failed:
            return
        self.cache_write_failed = True
        logger.warning(
            "코드 블록 실행 결과를 캐시 폴더 %s에 저장하지 못했습니다: %s. 다음 빌드에서 이 코드 블록들을 다시 "
            "실행합니다. 폴더에 쓰기 권한이 있는지, conf.py의 nb_execution_cache_path가 폴더를 가리키는지 확인하세요.",
            self.cache.folder,
            error,
            type="coursebook",
            subtype="cache",
        )

    # -- pages ---------------------------------------------------------------

    def fill(self, notebook: nbformat.NotebookNode, docname: str, chapter_dir: Path) -> None:
        """Copy each code block's outputs into ``notebook``, executing a block that nothing executed yet."""
        groups: dict[str, list[nbformat.NotebookNode]] = {}
        for cell in notebook.cells:
            codeblock = cell.get("metadata", {}).get("coursebook", {}).get("codeblock")
            if cell.cell_type == "code" and codeblock:
                groups.setdefault(codeblock, []).append(cell)

        records = []
        helpers: list[Path] = []
        for codeblock, cells in groups.items():
            job, found = self.job(codeblock, cells, chapter_dir)
            helpers.extend(found)
            if self.needs_run(job):
                self.execute([job])
            result = self.fresh.get(job.key) or self.cache.get(job.key)
            records.append(_apply(result, cells, codeblock, fresh=job.key in self.fresh))
        self.records[docname] = records
        self.helpers[docname] = sorted(set(helpers))


def _apply(result: BlockResult | None, cells: list[nbformat.NotebookNode], codeblock: str, *, fresh: bool) -> BlockRecord:
    """Put ``result``'s outputs into ``cells`` and mark each cell with how it ran."""
    if result is None:
        for cell in cells:
            cell.metadata["coursebook"]["exec"] = "not-run"
        return BlockRecord(codeblock, "not-run", False, None, None, {}, None)

    # A failing prelude has no cell on the page, so its first visible cell carries the failure.
    failed = result.failed_cell
    if failed == 0 and len(cells) > 1:
        failed = 1
    for index, cell in enumerate(cells):
        outputs = result.outputs[index] if index < len(result.outputs) else []
        cell.outputs = [nbformat.from_dict(output) for output in outputs]
        if failed is None or index < failed:
            cell.metadata["coursebook"]["exec"] = "ok"
        elif index == failed:
            cell.metadata["coursebook"]["exec"] = result.status
        else:
            cell.metadata["coursebook"]["exec"] = "not-run"
    return BlockRecord(
        codeblock, result.status, fresh, result.total_seconds(), result.executed_at, result.versions, result.error
    )


def _log_result(result: BlockResult) -> None:
    seconds = result.total_seconds()
    timing = f"{seconds:.1f}초" if seconds is not None else "시간 기록 없음"
    if result.ok:
        logger.info("코드 블록 %s 실행: %s", result.codeblock, timing)
    else:
        logger.info("코드 블록 %s 실행 실패(%s): %s", result.codeblock, result.error, timing)


def execute_outdated_blocks(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Execute every missing code block of the chapters this build reads, before reading them."""
    planner = BlockPlanner(app)
    app.coursebook_blocks = planner
    jobs: dict[str, BlockJob] = {}
    for docname in docnames:
        if is_chapter(app, docname):
            for job in planner.chapter_jobs(Path(env.doc2path(docname)).resolve()):
                jobs.setdefault(job.key, job)

    queries = _expected_queries(app, docnames)
    missing = [job for job in jobs.values() if planner.needs_run(job)]
    if not missing:
        if queries and app.parallel > 1:
            # Read processes would each import fastai, and their results
            # would not come back to be saved: resolve here, before they fork.
            facts_for(app).resolve_expected()
        return
    workers = max(1, min(planner.workers, len(missing)))
    logger.info(
        "코드 블록 %d개를 실행합니다(커널 %d개, 캐시에서 가져올 코드 블록 %d개).",
        len(missing),
        workers,
        len(jobs) - len(missing),
    )
    planner.execute(missing, prologue=_facts_prologue(app, queries))


def _expected_queries(app: Sphinx, docnames: list[str]) -> ApiQueries:
    """Return the name check's unresolved lookups in the pages to read."""
    if not get_config(app).api_check:
        return ApiQueries()
    facts = facts_for(app)
    queries = facts.missing(chapter_queries(app, docnames))
    facts.expect(queries)
    return queries


def _facts_prologue(app: Sphinx, queries: ApiQueries) -> Prologue | None:
    """Return a hidden cell that resolves ``queries``, the name check's new lookups in the pages to read.

    The kernel imports fastai for it, which its first block would do anyway,
    so this process need not import fastai at all. It runs before any block,
    because blocks may add methods to fastai's classes.
    """
    if not queries:
        return None
    facts = facts_for(app)

    def merge_output(output: str) -> None:
        lines = output.strip().splitlines()
        try:
            results = json.loads(lines[-1])
        except (IndexError, ValueError):
            results = None
        if valid_results(results):
            facts.merge(results)
        else:
            # The pages then get their results from fastai imported here.
            logger.debug("커널이 fastai 이름 정보를 돌려주지 않아 빌드 프로세스에서 구합니다. 커널 출력: %s", output[-500:])

    return Prologue(kernel_source(queries), merge_output)


def planner_for(app: Sphinx) -> BlockPlanner:
    """Return this build's planner; a page read without the pre-read step gets one too."""
    planner = getattr(app, "coursebook_blocks", None)
    if planner is None:
        planner = app.coursebook_blocks = BlockPlanner(app)
    return planner


def outdated_failed_pages(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Read again the pages whose code failed, so the next build retries them and reports again."""
    failed = getattr(env, "coursebook_failed_pages", set())
    return [docname for docname in failed if docname in env.found_docs and docname not in added]


def purge_records(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "coursebook_block_records", {}).pop(docname, None)
    getattr(env, "coursebook_failed_pages", set()).discard(docname)


def merge_records(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    if not hasattr(env, "coursebook_block_records"):
        env.coursebook_block_records = {}
    if not hasattr(env, "coursebook_failed_pages"):
        env.coursebook_failed_pages = set()
    for docname in docnames:
        if docname in getattr(other, "coursebook_block_records", {}):
            env.coursebook_block_records[docname] = other.coursebook_block_records[docname]
        if docname in getattr(other, "coursebook_failed_pages", set()):
            env.coursebook_failed_pages.add(docname)


def store_page_records(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Keep how the page's code blocks ran in the environment, and depend on their helper modules."""
    planner = planner_for(app)
    records = planner.records.pop(docname, [])
    if not hasattr(env, "coursebook_block_records"):
        env.coursebook_block_records = {}
    if not hasattr(env, "coursebook_failed_pages"):
        env.coursebook_failed_pages = set()
    env.coursebook_block_records[docname] = records
    if any(record.status != "ok" for record in records):
        env.coursebook_failed_pages.add(docname)
    else:
        env.coursebook_failed_pages.discard(docname)
    for path in planner.helpers.pop(docname, []):
        env.note_dependency(str(path))


def setup_block_execution(app: Sphinx) -> None:
    app.connect("env-before-read-docs", execute_outdated_blocks)
    app.connect("env-get-outdated", outdated_failed_pages)
    app.connect("env-purge-doc", purge_records)
    app.connect("env-merge-info", merge_records)
