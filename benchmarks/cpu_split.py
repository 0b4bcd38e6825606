"""Split the CPU time of the four-chapter build between the build process, its kernels and their workers.

Run with ``python benchmarks/cpu_split.py`` inside the project's
environment. The script builds the four-chapter book of ``bench.py`` cold,
serially (one kernel, one process reading pages) and as ``make book`` does
(one kernel and one reading process per core), and prints, for each, the
wall time and the CPU seconds of:

- the build process itself;
- each kernel (its own CPU time, sampled every 0.1 s until it exits);
- the processes each kernel started and waited for, such as fastai's data
  loader workers (counted by the kernel as its children's CPU time).

Half of the parallel build's kernel and worker CPU time is the least wall
time its execution can take on two cores.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import psutil

import bench


def measure(provisioned: Path, workers: int, jobs: str) -> dict[str, object]:
    """Build the four-chapter book once and return its wall time and CPU seconds by process."""
    work = Path(tempfile.mkdtemp(prefix="coursebook-cpu-split-"))
    bench.copy_book(work)
    bench.add_chapter_copies(work, (3, 4, 5))
    command = bench.sphinx_command(
        work,
        f"coursebook_cache_dir={provisioned}",
        f"nb_execution_cache_path={work / '_build' / '.jupyter_cache'}",
        f"coursebook_execution_workers={workers}",
        jobs=jobs,
    )

    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    build = psutil.Process(process.pid)
    kernels: dict[int, tuple[float, float]] = {}
    build_cpu = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            try:
                times = build.cpu_times()
                build_cpu[0] = times.user + times.system
                for child in build.children():
                    if "ipykernel" not in " ".join(child.cmdline()):
                        continue
                    times = child.cpu_times()
                    kernels[child.pid] = (times.user + times.system, times.children_user + times.children_system)
            except psutil.Error:
                pass
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    shutil.rmtree(work, ignore_errors=True)
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}): {' '.join(command)}")
    return {"wall": wall, "build": build_cpu[0], "kernels": list(kernels.values())}


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="coursebook-cpu-split-inputs-"))
    bench.copy_book(work)
    bench.run_measured(bench.sphinx_command(work), work, dict(os.environ))
    provisioned = work / "_build" / "cache"

    print("| build | wall | build process CPU (read processes not counted) | kernels' own CPU | their workers' CPU |")
    print("| --- | --- | --- | --- | --- |")
    for name, workers, jobs in (("serial (one kernel, -j 1)", 1, "1"), ("make book (per core, -j auto)", 0, "auto")):
        result = measure(provisioned, workers, jobs)
        own = " + ".join(f"{kernel[0]:.1f}" for kernel in result["kernels"])
        workers_cpu = " + ".join(f"{kernel[1]:.1f}" for kernel in result["kernels"])
        print(f"| {name} | {result['wall']:.1f} s | {result['build']:.1f} s | {own} s | {workers_cpu} s |", flush=True)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
