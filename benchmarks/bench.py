"""Measure what the book build costs, side by side in one run.

Run with ``make bench``. The script copies the book sources into a temporary
folder, so editing a snippet there never touches the repository, and prints
a markdown table:

- cold build (empty caches) against the bare execution of the same solution
  code as plain Python in one process, as a ratio, and the same with the data
  and weights already provisioned (only the execution cache empty);
- no-op rebuild time, and whether a kernel started;
- time after editing one snippet, and how many code blocks executed;
- time after editing the chapter's prose, which executes nothing;
- a book of four chapters (chapter 2 and three copies) built serially and as
  ``make book`` builds it on every core, as a ratio;
- peak memory of the build (the sum over the build's process tree);
- the chapter page's weight by kind, raw and gzip-compressed, as headless
  Chromium downloads it (see ``tests/page_weight.py``);
- the search index size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
# The browser helpers live with the tests, which share one Chromium setup.
sys.path.insert(0, str(ROOT / "tests"))

from browser import close_shared_browser, find_chromium, serve, shared_browser  # noqa: E402
from page_weight import KINDS, PageWeight, measure_page  # noqa: E402

COPIED = ("book", "snippets", "conf.py")
PAGE = "chapters/chapter2.html"
EDITED_SNIPPET = "snippets/chapter2/solution_02_11.py"
EDITED_CHAPTER = "book/chapters/chapter2.md"


@dataclass
class Run:
    seconds: float
    peak_rss: int
    log: str
    execution_span: float = 0.0

    def executed(self) -> int:
        """Count the code blocks that the build logged as executed."""
        return len(re.findall(r"^코드 블록 \S+ 실행[: ]", self.log, flags=re.MULTILINE))

    def kernel_started(self) -> bool:
        # Block execution logs this line before it starts any kernel.
        return "개를 실행합니다(커널" in self.log


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def run_measured(command: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run ``command`` and sample the summed RSS of its process tree every 0.2 s."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        handle = psutil.Process(process.pid)
        while not done.is_set():
            try:
                peak = max(peak, _tree_rss(handle))
            except psutil.NoSuchProcess:
                return
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    log, _ = process.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"command failed ({process.returncode}): {' '.join(command)}\n{log}")
    return Run(seconds, peak, log)


def sphinx_command(work: Path, *settings: str, jobs: str = "auto") -> list[str]:
    """Return the build command of the book copy in ``work``; ``settings`` are ``NAME=VALUE`` overrides.

    ``jobs`` is the number of processes that read and write pages, as ``-j``;
    ``auto``, one per core, is what ``make book`` passes.
    """
    overrides = [argument for setting in settings for argument in ("-D", setting)]
    return [
        sys.executable, "-m", "sphinx", "--no-color", "-j", jobs, "-b", "html",
        "-c", str(work), "-d", str(work / "_build" / "doctrees"), *overrides,
        str(work / "book"), str(work / "_build" / "html"),
    ]


def copy_book(work: Path) -> None:
    for name in COPIED:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, work / name)


def add_chapter_copies(work: Path, numbers: tuple[int, ...]) -> None:
    """Add copies of chapter 2 under other chapter numbers, with their own code block ids.

    Each copied solution gets a comment naming its copy, so its cache key
    differs from the original's and every copy really executes.
    """
    chapter = (work / "book" / "chapters" / "chapter2.md").read_text(encoding="utf-8")
    index = work / "book" / "index.md"
    toctree = index.read_text(encoding="utf-8")
    for number in numbers:
        prefix = f"{number:02d}_"
        text = re.sub(r'<codeblock id="02_', f'<codeblock id="{prefix}', chapter)
        (work / "book" / "chapters" / f"chapter{number}.md").write_text(text, encoding="utf-8")
        folder = work / "snippets" / f"chapter{number}"
        folder.mkdir()
        for script in sorted((work / "snippets" / "chapter2").glob("*_02_*.py")):
            copied = script.read_text(encoding="utf-8")
            if script.name.startswith("solution_"):
                copied += f"\n# 벤치마크용 {number}장 사본\n"
            (folder / script.name.replace("_02_", f"_{prefix}")).write_text(copied, encoding="utf-8")
        toctree = toctree.replace("chapters/chapter2\n", f"chapters/chapter2\nchapters/chapter{number}\n", 1)
    index.write_text(toctree, encoding="utf-8")


def execution_span(cache_path: Path) -> float:
    """Return the seconds from the first code block's start to the last one's end, from the cache entries."""
    starts, ends = [], []
    for path in (cache_path / "coursebook-blocks").glob("*/*.json"):
        entry = json.loads(path.read_text(encoding="utf-8"))
        ends.append(entry["executed_at"])
        starts.append(entry["executed_at"] - sum(value or 0.0 for value in entry["seconds"]))
    return max(ends) - min(starts) if ends else 0.0


def four_chapter_builds(provisioned: Path, env: dict[str, str]) -> tuple[Run, Run, Run]:
    """Build a four-chapter book cold three ways: serially (two thread counts), then on every core.

    The serial builds run one kernel and read and write the pages in one
    process. The book's kernels run torch with one thread, so one kernel
    with one thread is the parallel build with its parallelism taken away.
    One kernel with torch's default of one thread per core, as a page
    executed by myst-nb had, is the fastest serial build, and its numbers
    differ in the last digits. The parallel build is what ``make book`` runs:
    one kernel per core, and one process per core reading and writing the
    pages (``-j auto``).
    """
    threads = str(os.cpu_count() or 1)
    variants = (
        (1, {"OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads}, "1"),
        (1, {}, "1"),
        (0, {}, "auto"),
    )
    runs = []
    for workers, extra_env, jobs in variants:
        work, command = four_chapter_book(provisioned, workers, jobs)
        run = run_measured(command, work, {**env, **extra_env})
        run.execution_span = execution_span(work / "_build" / ".jupyter_cache")
        runs.append(run)
        shutil.rmtree(work, ignore_errors=True)
    return runs[0], runs[1], runs[2]


def four_chapter_book(provisioned: Path, workers: int = 0, jobs: str = "auto") -> tuple[Path, list[str]]:
    """Copy the book with three copies of chapter 2 into a new folder; return it and its build command.

    ``workers`` is ``coursebook_execution_workers`` (0: one kernel per core)
    and ``jobs`` is ``-j``. Data and weights come from ``provisioned``.
    """
    work = Path(tempfile.mkdtemp(prefix="coursebook-bench-four-"))
    copy_book(work)
    add_chapter_copies(work, (3, 4, 5))
    command = sphinx_command(
        work,
        f"coursebook_cache_dir={provisioned}",
        f"nb_execution_cache_path={work / '_build' / '.jupyter_cache'}",
        f"coursebook_execution_workers={workers}",
        jobs=jobs,
    )
    return work, command


def bare_execution(work: Path, env: dict[str, str]) -> float:
    """Time every solution of chapter 2 run as plain Python in one process."""
    script = f"""
import sys, time
sys.path.insert(0, {str(ROOT)!r})
import matplotlib
matplotlib.use("Agg")
from pathlib import Path
from coursebook.snippets import PRELUDE_SOURCE, read_script
paths = sorted(Path({str(work / 'snippets' / 'chapter2')!r}).glob("solution_*.py"))
start = time.perf_counter()
for path in paths:
    namespace = {{"__name__": "__main__"}}
    code = PRELUDE_SOURCE + "\\n" + "\\n".join(cell.source for cell in read_script(path).cells)
    exec(compile(code, str(path), "exec"), namespace)
print(time.perf_counter() - start)
"""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", script], cwd=work, env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - start


def page_weight(html_dir: Path) -> tuple[PageWeight, PageWeight] | None:
    """Load the chapter page in headless Chromium: once as it opens, once with every solution open.

    Returns None when Chromium is not installed.
    """
    if find_chromium() is None:
        return None
    try:
        with serve(html_dir) as base_url:
            url = f"{base_url}/{PAGE}"
            browser = shared_browser(find_chromium())
            return measure_page(browser, url), measure_page(browser, url, open_details=True)
    finally:
        close_shared_browser()


def weight_rows(weights: tuple[PageWeight, PageWeight] | None) -> list[str]:
    if weights is None:
        return ["| page weight | not measured: Chromium is not installed |"]
    first, opened = weights
    rows = []
    for kind in KINDS:
        rows.append(
            f"| page weight: {kind} | {first.raw(kind) / 1024:.0f} KiB raw, {first.gzip(kind) / 1024:.0f} KiB gzip, "
            f"{first.count(kind)} files |"
        )
    total_raw = sum(first.raw(kind) for kind in KINDS)
    total_gzip = sum(first.gzip(kind) for kind in KINDS)
    rows.append(f"| page weight: total | {total_raw / 1024:.0f} KiB raw, {total_gzip / 1024:.0f} KiB gzip |")
    rows.append(
        f"| page weight: images with every solution open | {opened.raw('images') / 1024:.0f} KiB, "
        f"{opened.count('images')} files |"
    )
    return rows


def versions() -> str:
    names = ("sphinx", "myst-nb", "jupyter-cache", "fastai", "torch", "torchvision")
    return ", ".join(f"{name} {metadata.version(name)}" for name in names)


def main() -> None:
    parser = argparse.ArgumentParser(description="Measure the book build.")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy and print its path")
    parser.add_argument("--skip-four", action="store_true", help="skip the four-chapter builds (about two minutes)")
    parser.add_argument(
        "--four-only", type=int, metavar="RUNS",
        help="only run the four-chapter builds, RUNS times each, after one build that provisions the inputs",
    )
    parser.add_argument(
        "--profile", type=Path, metavar="FILE",
        help="run the cold build under pyinstrument and write its text report to FILE (slows the cold build)",
    )
    parser.add_argument(
        "--page-weight",
        type=Path,
        metavar="HTML_DIR",
        help="only measure the chapter page's weight in an existing HTML build folder, without building",
    )
    args = parser.parse_args()

    if args.page_weight is not None:
        print("| measure | value |")
        print("| --- | --- |")
        for row in weight_rows(page_weight(args.page_weight)):
            print(row)
        return

    work = Path(tempfile.mkdtemp(prefix="coursebook-bench-"))
    copy_book(work)
    env = dict(os.environ)

    if args.four_only:
        run_measured(sphinx_command(work), work, env)
        print("| run | one kernel, default threads | one kernel, one thread | per core (make book) | per-core / one thread | per-core / default threads |")
        print("| --- | --- | --- | --- | --- | --- |")
        for number in range(1, args.four_only + 1):
            default_threads, one_thread, parallel = four_chapter_builds(work / "_build" / "cache", env)
            print(
                f"| {number} | {default_threads.seconds:.1f} s | {one_thread.seconds:.1f} s | {parallel.seconds:.1f} s | "
                f"{parallel.seconds / one_thread.seconds:.3f} | {parallel.seconds / default_threads.seconds:.3f} |",
                flush=True,
            )
        shutil.rmtree(work, ignore_errors=True)
        return

    cold_command = sphinx_command(work)
    if args.profile is not None:
        # pyinstrument profiles only its own process, so the profiled build reads pages in one process.
        cold_command = sphinx_command(work, jobs="1")
        # sphinx_command starts with "python -m sphinx"; pyinstrument takes the module after its own -m.
        cold_command = [sys.executable, "-m", "pyinstrument", "-o", str(args.profile.resolve()), *cold_command[1:]]
    cold = run_measured(cold_command, work, env)
    kernel_env = {**env, "FASTAI_HOME": str(work / "_build/cache/fastai"), "TORCH_HOME": str(work / "_build/cache/torch")}
    bare = bare_execution(work, kernel_env)
    noop = run_measured(sphinx_command(work), work, env)

    # Cold again, but with the data and weights already provisioned: what an
    # author pays after clearing the execution cache alone.
    for name in (".jupyter_cache", "doctrees", "html"):
        shutil.rmtree(work / "_build" / name)
    provisioned = run_measured(sphinx_command(work), work, env)

    edited = work / EDITED_SNIPPET
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# 벤치마크가 넣은 주석\n", encoding="utf-8")
    one_edit = run_measured(sphinx_command(work), work, env)

    # A prose edit re-reads the page and executes nothing.
    chapter = work / EDITED_CHAPTER
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n벤치마크가 넣은 문장입니다.\n", encoding="utf-8")
    prose_edit = run_measured(sphinx_command(work), work, env)

    four = None if args.skip_four else four_chapter_builds(work / "_build" / "cache", env)

    html_dir = work / "_build" / "html"
    weight = page_weight(html_dir)
    index = (html_dir / "searchindex.js").stat().st_size

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"versions: {versions()}")
    print()
    print("| measure | value |")
    print("| --- | --- |")
    print(f"| cold build | {cold.seconds:.1f} s |")
    print(f"| bare execution of the same solutions | {bare:.1f} s |")
    print(f"| cold build / bare execution | {cold.seconds / bare:.2f} |")
    print(f"| cold build, inputs already provisioned | {provisioned.seconds:.1f} s |")
    print(f"| cold build, inputs already provisioned / bare execution | {provisioned.seconds / bare:.2f} |")
    print(f"| no-op rebuild | {noop.seconds:.2f} s, kernel started: {'yes' if noop.kernel_started() else 'no'} |")
    print(f"| rebuild after editing {Path(EDITED_SNIPPET).name} | {one_edit.seconds:.1f} s, code blocks executed: {one_edit.executed()} |")
    print(f"| rebuild after a prose edit of {Path(EDITED_CHAPTER).name} | {prose_edit.seconds:.1f} s, code blocks executed: {prose_edit.executed()} |")
    if four is not None:
        default_threads, one_thread, parallel = four
        print(f"| four chapters, one kernel, torch's default threads | {default_threads.seconds:.1f} s, code blocks executed: {default_threads.executed()} |")
        print(f"| four chapters, one kernel, one thread | {one_thread.seconds:.1f} s, code blocks executed: {one_thread.executed()} |")
        print(f"| four chapters, one kernel and one reading process per core (make book) | {parallel.seconds:.1f} s, code blocks executed: {parallel.executed()} |")
        print(f"| four chapters: per-core / one kernel, one thread | {parallel.seconds / one_thread.seconds:.2f} |")
        print(f"| four chapters: per-core / one kernel, default threads | {parallel.seconds / default_threads.seconds:.2f} |")
        print(
            f"| four chapters, code blocks' span (default threads, one thread, per-core) | "
            f"{default_threads.execution_span:.1f} s, {one_thread.execution_span:.1f} s, {parallel.execution_span:.1f} s |"
        )
    print(f"| peak memory of the chapter 2 build | {max(cold.peak_rss, noop.peak_rss, one_edit.peak_rss) / 2**20:.0f} MiB |")
    if four is not None:
        print(f"| peak memory of the four-chapter build, one kernel per core | {four[2].peak_rss / 2**20:.0f} MiB |")
    for row in weight_rows(weight):
        print(row)
    print(f"| search index | {index / 1024:.0f} KiB |")

    if args.keep:
        print(f"\ncopy kept at {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
