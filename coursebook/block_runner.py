"""Execute code blocks on a pool of Jupyter kernels, several at once.

Each worker owns one kernel and runs code blocks from a shared queue. Before
each block a hidden cell gives the block a fresh namespace, working folder,
import path, environment variables, warning state and matplotlib settings.
A block so runs much as it would in a new kernel, without paying again for
importing torch and fastai. The note on ``RESET_SOURCE`` lists the state
that carries over. A kernel that timed out or died is replaced before the
worker's next block.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses as dc
import json
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from coursebook.block_cache import BlockResult, Status
from coursebook.cell_errors import error_output

KERNEL_NAME = "python3"
TIMEOUT_ENAME = "CellTimeoutError"
STARTUP_TIMEOUT = 120
VERSIONED_PACKAGES = ("fastai", "fastcore", "torch", "torchvision")

VERSIONS_SOURCE = f"""\
import importlib.metadata as _metadata, json as _json, platform as _platform
_versions = {{"python": _platform.python_version()}}
for _name in {VERSIONED_PACKAGES!r}:
    try:
        _versions[_name] = _metadata.version(_name)
    except _metadata.PackageNotFoundError:
        _versions[_name] = None
print(_json.dumps(_versions))
del _metadata, _json, _platform, _versions, _name"""

# The reset restores the namespace, the working folder, the import path, the
# environment variables, the warning filters, matplotlib's figures and
# matplotlib's rcParams.
# NOTE: other process state carries over from one block to the next in a
# kernel. Examples are attributes set on modules (fastai's `defaults`,
# builtins), NumPy, pandas and torch options such as np.set_printoptions() or
# torch.set_default_dtype(), torch.set_num_threads() and
# sys.setrecursionlimit(). Solutions that change such state should set it back.
RESET_SOURCE = """\
def _coursebook_next_block(folder, import_paths, snippets_root, preload):
    import os, sys, warnings

    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")
    # Restore the settings of a fresh import. The prelude then sets the fonts again.
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is not None:
        matplotlib.rc_file_defaults()

    # Helper modules of another chapter may share a name with this one's.
    for name, module in list(sys.modules.items()):
        if (getattr(module, "__file__", None) or "").startswith(snippets_root):
            del sys.modules[name]
    if not hasattr(sys, "_coursebook_path"):
        sys._coursebook_path = list(sys.path)
    sys.path[:] = import_paths + sys._coursebook_path
    os.chdir(folder)

    if not hasattr(os, "_coursebook_environ"):
        os._coursebook_environ = dict(os.environ)
    for name in set(os.environ) - set(os._coursebook_environ):
        del os.environ[name]
    os.environ.update(os._coursebook_environ)

    # Restoring the filters also resets every module's record of warnings
    # already shown, so a warning shows in each block that triggers it.
    if not hasattr(warnings, "_coursebook_filters"):
        warnings._coursebook_filters = list(warnings.filters)
    warnings.filters[:] = warnings._coursebook_filters
    getattr(warnings, "_filters_mutated", lambda: None)()
    warnings.onceregistry.clear()

    # Before the prelude seeds the random generators: see coursebook.preload.
    import contextlib, importlib, importlib.util, io
    for name in preload:
        try:
            top = importlib.util.find_spec(name.split(".")[0])
            if top is None or any(
                location.startswith(snippets_root)
                for location in [top.origin or "", *(top.submodule_search_locations or [])]
            ):
                continue
            with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
                    contextlib.redirect_stderr(io.StringIO()):
                warnings.simplefilter("ignore")
                if importlib.util.find_spec(name) is not None:
                    importlib.import_module(name)
        except Exception:
            # The block meets the same error at its own line.
            pass

    get_ipython().reset(new_session=True)
    # IPython collects garbage before it clears the namespace, so the last
    # block's objects (a Learner holds cycles) are only freed here. What
    # survives is live library state: frozen, it is left out of later
    # collections, which with fastai imported (about 500,000 objects) would
    # otherwise take 0.23 s per block.
    import gc
    gc.collect()
    gc.freeze()
_coursebook_next_block({folder!r}, {import_paths!r}, {snippets_root!r}, {preload!r})"""


@dc.dataclass
class BlockJob:
    """One code block to execute: its cells (prelude first) and where they run."""

    key: str
    codeblock: str
    cells: list[nbformat.NotebookNode]
    cwd: Path
    import_paths: list[Path]
    snippets_root: Path
    expected_seconds: float = 0.0
    # Library modules the block imports; see coursebook.preload.
    preload: list[str] = dc.field(default_factory=list)


class KernelFailure(RuntimeError):
    """The kernel could not start or could not prepare a block."""


class BlockKernel:
    """One running kernel and its client."""

    def __init__(self, manager: AsyncKernelManager, timeout: int) -> None:
        self.manager = manager
        self.client = manager.client()
        self.timeout = timeout
        self.versions: dict[str, str | None] = {}

    @classmethod
    async def start(cls, env: Mapping[str, str], cwd: Path, timeout: int) -> BlockKernel:
        manager = AsyncKernelManager(kernel_name=KERNEL_NAME)
        # An in-memory history keeps two kernels from sharing one SQLite file.
        await manager.start_kernel(
            env=dict(env), cwd=str(cwd), extra_arguments=["--HistoryManager.hist_file=:memory:"]
        )
        kernel = cls(manager, timeout)
        kernel.client.start_channels()
        try:
            await kernel.client.wait_for_ready(timeout=STARTUP_TIMEOUT)
            kernel.versions = await kernel._read_versions()
        except Exception as error:
            await kernel.shutdown()
            raise KernelFailure(f"{type(error).__name__}: {error}") from error
        return kernel

    async def shutdown(self) -> None:
        self.client.stop_channels()
        try:
            await self.manager.shutdown_kernel(now=True)
        except RuntimeError:
            pass
        await self.manager.cleanup_resources()

    def _client_for(self, notebook: nbformat.NotebookNode) -> NotebookClient:
        client = NotebookClient(
            notebook,
            km=self.manager,
            timeout=self.timeout,
            kernel_name=KERNEL_NAME,
            allow_errors=False,
            # Interrupting a cell that ran too long leaves a traceback that
            # names the line it was running; the error marks it as a timeout.
            interrupt_on_timeout=True,
            error_on_timeout={"ename": TIMEOUT_ENAME, "evalue": f"{self.timeout}"},
        )
        client.kc = self.client
        return client

    async def _run_hidden(self, source: str) -> str:
        cell = nbformat.v4.new_code_cell(source)
        notebook = nbformat.v4.new_notebook(cells=[cell])
        await self._client_for(notebook).async_execute_cell(cell, 0, store_history=False)
        return "".join(output.get("text", "") for output in cell.outputs if output.get("output_type") == "stream")

    async def _read_versions(self) -> dict[str, str | None]:
        text = await self._run_hidden(VERSIONS_SOURCE)
        return json.loads(text.strip().splitlines()[-1])

    async def run(self, job: BlockJob) -> BlockResult:
        """Execute ``job`` and return its outputs; raises :class:`KernelFailure` if it could not start."""
        reset = RESET_SOURCE.format(
            folder=str(job.cwd),
            import_paths=[str(path) for path in job.import_paths],
            snippets_root=str(job.snippets_root) + os.sep,
            preload=job.preload,
        )
        try:
            await self._run_hidden(reset)
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
            raise KernelFailure(f"{type(error).__name__}: {error}") from error

        cells = [copy.deepcopy(cell) for cell in job.cells]
        notebook = nbformat.v4.new_notebook(cells=cells)
        client = self._client_for(notebook)
        status: Status = "ok"
        failed_cell = None
        error_text = None
        seconds: list[float | None] = [None] * len(cells)

        for index, cell in enumerate(cells):
            started = time.perf_counter()
            try:
                await client.async_execute_cell(cell, index)
            except CellExecutionError as error:
                if error.ename == TIMEOUT_ENAME:
                    status, error_text = "timeout", "Timeout"
                else:
                    status, error_text = "error", _error_summary(cell)
            except CellTimeoutError:
                status, error_text = "timeout", "Timeout"
            except DeadKernelError:
                status, error_text = "dead", "DeadKernelError"
            seconds[index] = round(time.perf_counter() - started, 3)
            if status != "ok":
                failed_cell = index
                break

        return BlockResult(
            key=job.key,
            codeblock=job.codeblock,
            status=status,
            outputs=[coalesce_streams(json.loads(json.dumps(cell.get("outputs", [])))) for cell in cells],
            seconds=seconds,
            versions=dict(self.versions),
            executed_at=time.time(),
            failed_cell=failed_cell,
            error=error_text,
        )


def coalesce_streams(outputs: list[dict]) -> list[dict]:
    """Join consecutive outputs of one stream into one output.

    The kernel sends a stream in pieces as its buffer flushes, so where one
    print ends a piece depends on timing. Joined, the same code gives the same
    outputs in every build.
    """
    joined: list[dict] = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and output.get("output_type") == "stream"
            and previous.get("output_type") == "stream"
            and previous.get("name") == output.get("name")
        ):
            previous["text"] = "".join(previous["text"]) + "".join(output["text"])
            continue
        joined.append(output)
    return joined


def _error_summary(cell: nbformat.NotebookNode) -> str:
    output = error_output(cell)
    if output is None:
        return "Error"
    return f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".rstrip(": ")


@dc.dataclass
class Prologue:
    """A hidden cell that the first kernel to start runs before any block; ``on_output`` receives its printed text.

    No block has run in that kernel yet, so the cell finds the libraries as a
    fresh import leaves them, whatever the blocks go on to change.
    """

    source: str
    on_output: Callable[[str], None]
    claimed: bool = False


async def _worker(
    queue: asyncio.Queue[BlockJob],
    env: Mapping[str, str],
    timeout: int,
    on_result: Callable[[BlockResult], None],
    prologue: Prologue | None,
) -> None:
    kernel: BlockKernel | None = None
    try:
        while not queue.empty():
            job = queue.get_nowait()
            if kernel is None:
                kernel = await BlockKernel.start(env, job.cwd, timeout)
                if prologue is not None and not prologue.claimed:
                    prologue.claimed = True
                    await _run_prologue(kernel, prologue)
            try:
                result = await kernel.run(job)
            except KernelFailure:
                await kernel.shutdown()
                kernel = None
                raise
            if result.status in ("timeout", "dead"):
                # The kernel may still be running the cell if the interrupt did not stop it, or be gone.
                await kernel.shutdown()
                kernel = None
            on_result(result)
    finally:
        if kernel is not None:
            await kernel.shutdown()


async def _run_prologue(kernel: BlockKernel, prologue: Prologue) -> None:
    try:
        output = await kernel._run_hidden(prologue.source)
    except (CellExecutionError, CellTimeoutError, DeadKernelError):
        # on_output is not called, and the caller does the work without a kernel.
        return
    prologue.on_output(output)


async def run_blocks_async(
    jobs: list[BlockJob],
    *,
    workers: int,
    timeout: int,
    env: Mapping[str, str],
    on_result: Callable[[BlockResult], None],
    prologue: Prologue | None = None,
) -> None:
    """Execute ``jobs`` on up to ``workers`` kernels; ``on_result`` receives each block as it ends."""
    queue: asyncio.Queue[BlockJob] = asyncio.Queue()
    # Blocks that took longest last time start first, so that no long block
    # starts last and runs alone.
    for job in sorted(jobs, key=lambda job: -job.expected_seconds):
        queue.put_nowait(job)
    count = max(1, min(workers, len(jobs)))
    await asyncio.gather(*(_worker(queue, env, timeout, on_result, prologue) for _ in range(count)))


def run_blocks(
    jobs: list[BlockJob],
    *,
    workers: int,
    timeout: int,
    env: Mapping[str, str] | None = None,
    on_result: Callable[[BlockResult], None] | None = None,
    prologue: Prologue | None = None,
) -> dict[str, BlockResult]:
    """Execute ``jobs`` and return their results by key; see :func:`run_blocks_async`."""
    results: dict[str, BlockResult] = {}

    def collect(result: BlockResult) -> None:
        results[result.key] = result
        if on_result is not None:
            on_result(result)

    if jobs:
        asyncio.run(
            run_blocks_async(
                jobs, workers=workers, timeout=timeout, env=env or os.environ, on_result=collect, prologue=prologue
            )
        )
    return results
