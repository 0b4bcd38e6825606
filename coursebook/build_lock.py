"""An exclusive lock on a build folder, so two builds never share one execution cache.

The lock is ``fcntl.flock`` on a file in the build folder. The operating
system releases it when the process ends, even when the process is killed, so
a lock never outlives its build. The file also records the holder's process
id and start time for the waiting build's message.

NOTE: ``fcntl`` exists on Linux and macOS only, and ``flock`` may not lock
across machines on a network file system.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

LOCK_NAME = "coursebook-build.lock"
POLL_SECONDS = 0.5


class BuildLockTimeout(Exception):
    """Raised when another build still holds the lock after the wait limit."""

    def __init__(self, path: Path, holder: str, waited: float):
        self.path = path
        self.holder = holder
        self.waited = waited
        super().__init__(f"{path} is held by {holder or 'another process'} after {waited:.0f} s")


class BuildLock:
    """The lock file ``name`` (by default ``LOCK_NAME``) in ``folder``."""

    def __init__(self, folder: Path, name: str = LOCK_NAME):
        self.path = folder / name
        self._handle: IO[str] | None = None

    def holder(self) -> str:
        """Return the process id and start time the current holder wrote, or an empty string."""
        try:
            return self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return ""

    def acquire(self, timeout: float, on_wait: Callable[[str], None] | None = None) -> None:
        """Take the lock, waiting up to ``timeout`` seconds; ``on_wait`` gets the holder once before waiting."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")
        started = time.monotonic()
        wait_reported = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - started
                if waited >= timeout:
                    handle.close()
                    raise BuildLockTimeout(self.path, self.holder(), waited) from None
                if not wait_reported and on_wait is not None:
                    on_wait(self.holder())
                    wait_reported = True
                time.sleep(POLL_SECONDS)

        handle.seek(0)
        handle.truncate()
        handle.write(f"PID {os.getpid()}, {time.strftime('%Y-%m-%d %H:%M:%S')} 시작\n")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        """Release the lock; the file stays, because removing it could race with a waiting build."""
        if self._handle is None:
            return
        fcntl.flock(self._handle, fcntl.LOCK_UN)
        self._handle.close()
        self._handle = None
