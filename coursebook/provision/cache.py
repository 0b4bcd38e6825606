"""Layout of the provisioning cache, its locks and the sidecar files in it.

The cache root contains ``fastai/`` (used as ``FASTAI_HOME``) and ``torch/``
(used as ``TORCH_HOME``). A cached file that does not have the published
checksum carries a sidecar next to it: ``<file>.standin`` for a generated
stand-in, ``<file>.packed`` for an archive packed from a local folder. Each
sidecar stores the digest of the file it describes. A sidecar whose digest
no longer matches its file is ignored, so a crash between replacing a file
and updating its sidecar cannot make a stand-in pass for real data.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from coursebook.provision.archives import sha256_file
from coursebook.provision.assets import Asset, DatasetAsset

STANDIN_SUFFIX = ".standin"
PACKED_SUFFIX = ".packed"

CachedKind = Literal["missing", "published", "packed", "standin", "unverified"]


@dataclass(frozen=True)
class CacheLayout:
    """Paths inside one cache root."""

    root: Path

    @property
    def fastai_home(self) -> Path:
        return self.root / "fastai"

    @property
    def torch_home(self) -> Path:
        return self.root / "torch"

    @property
    def lock_path(self) -> Path:
        return self.root / ".provision.lock"

    def target(self, asset: Asset) -> Path:
        """Return where fastai or torch.hub looks for ``asset``."""
        # NOTE: these are fastai's default "archive" and "data" folders. A
        # config.ini in FASTAI_HOME that names other folders would make
        # untar_data download again instead of using these files.
        if isinstance(asset, DatasetAsset):
            return self.fastai_home / "archive" / asset.archive_name
        return self.torch_home / "hub" / "checkpoints" / asset.file_name

    def extracted(self, asset: Asset) -> Path | None:
        """Return the folder that ``untar_data`` extracts ``asset`` to, or None for weights."""
        if isinstance(asset, DatasetAsset):
            return self.fastai_home / "data" / asset.key
        return None


@dataclass(frozen=True)
class CachedFile:
    """State of an asset's file in the cache."""

    kind: CachedKind
    digest: str | None


def inspect_cached(target: Path, is_published: Callable[[str], bool]) -> CachedFile:
    """Hash ``target`` and classify it by checksum and sidecars."""
    if not target.is_file():
        return CachedFile("missing", None)

    digest = sha256_file(target)
    if is_published(digest):
        return CachedFile("published", digest)
    if read_sidecar(target, PACKED_SUFFIX) == digest:
        return CachedFile("packed", digest)
    if read_sidecar(target, STANDIN_SUFFIX) == digest:
        return CachedFile("standin", digest)
    return CachedFile("unverified", digest)


def read_sidecar(target: Path, suffix: str) -> str | None:
    """Return the digest stored in ``target``'s sidecar, or None when there is none."""
    try:
        text = sidecar_path(target, suffix).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    lines = text.splitlines()
    return lines[0].strip() if lines else None


def write_sidecar(target: Path, suffix: str, digest: str, note: str) -> None:
    """Store ``digest`` in ``target``'s sidecar, with ``note`` for people who open it."""
    sidecar_path(target, suffix).write_text(f"{digest}\n{note}\n", encoding="utf-8")


def remove_sidecar(target: Path, suffix: str) -> None:
    sidecar_path(target, suffix).unlink(missing_ok=True)


def sidecar_path(target: Path, suffix: str) -> Path:
    return target.with_name(target.name + suffix)


@contextmanager
def exclusive_lock(path: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` for the block.

    ``on_wait`` is called once if another process holds the lock, before
    this one blocks until it is released.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)


@contextmanager
def temporary_file(target: Path) -> Iterator[Path]:
    """Yield a new empty file beside ``target`` and delete it if it still exists afterwards.

    The file is in the same folder so that ``os.replace`` can move it over
    ``target`` atomically.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    path = Path(name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def install(temp: Path, target: Path, extracted: Path | None, old_digest: str | None, new_digest: str) -> None:
    """Move ``temp`` over ``target`` and delete ``extracted`` if the content changed.

    The extracted folder goes first, so a crash in between leaves fastai to
    extract the old archive again rather than keep a folder from another
    archive. fastdownload 0.0.8 (the pinned version) takes ``<archive>.lock``
    around its download and extraction, so holding it here keeps a build
    that runs ``untar_data`` at the same time from reading a half-replaced
    folder.
    """
    if extracted is None or old_digest == new_digest:
        os.replace(temp, target)
        return

    with exclusive_lock(target.with_name(target.name + ".lock")):
        if extracted.is_dir() and not extracted.is_symlink():
            shutil.rmtree(extracted)
        elif extracted.exists() or extracted.is_symlink():
            extracted.unlink()
        os.replace(temp, target)
