"""Measure what the book build costs, side by side in one run.

Run with ``make bench``. The script copies the book sources into a temporary
folder, so editing a snippet there never touches the repository, and prints
a markdown table:

- cold build (empty caches) against the bare execution of the same solution
  code as plain Python in one process, as a ratio;
- no-op rebuild time, and whether a kernel started;
- time after editing one snippet, and how many notebooks executed;
- peak memory of the build (the sum over the build's process tree);
- the chapter page's weight by kind, raw and gzip-compressed, as headless
  Chromium downloads it (see ``tests/page_weight.py``);
- the search index size.
"""

from __future__ import annotations

import argparse
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


@dataclass
class Run:
    seconds: float
    peak_rss: int
    log: str

    def executed(self) -> int:
        return len(re.findall(r"Executed notebook in", self.log))

    def kernel_started(self) -> bool:
        return "Executing notebook" in self.log


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


def sphinx_command(work: Path) -> list[str]:
    return [
        sys.executable, "-m", "sphinx", "--no-color", "-b", "html",
        "-c", str(work), "-d", str(work / "_build" / "doctrees"),
        str(work / "book"), str(work / "_build" / "html"),
    ]


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
    for name in COPIED:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, work / name)
    env = dict(os.environ)

    cold = run_measured(sphinx_command(work), work, env)
    kernel_env = {**env, "FASTAI_HOME": str(work / "_build/cache/fastai"), "TORCH_HOME": str(work / "_build/cache/torch")}
    bare = bare_execution(work, kernel_env)
    noop = run_measured(sphinx_command(work), work, env)

    edited = work / EDITED_SNIPPET
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# 벤치마크가 넣은 주석\n", encoding="utf-8")
    one_edit = run_measured(sphinx_command(work), work, env)

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
    print(f"| no-op rebuild | {noop.seconds:.2f} s, kernel started: {'yes' if noop.kernel_started() else 'no'} |")
    print(f"| rebuild after editing {Path(EDITED_SNIPPET).name} | {one_edit.seconds:.1f} s, notebooks executed: {one_edit.executed()} |")
    print(f"| peak memory of the build | {max(cold.peak_rss, noop.peak_rss, one_edit.peak_rss) / 2**20:.0f} MiB |")
    for row in weight_rows(weight):
        print(row)
    print(f"| search index | {index / 1024:.0f} KiB |")

    if args.keep:
        print(f"\ncopy kept at {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
