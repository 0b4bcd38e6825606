"""Put every asset into the cache before any course code runs.

For each asset, ``provision`` takes the first of: a verified copy already in
the cache, a copy in the local data folder, a download, or a generated
stand-in. A cached stand-in never blocks the real file: every call looks for
the real one again and replaces the stand-in when it finds it.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence
from pathlib import Path

from coursebook.provision import cache
from coursebook.provision.archives import sha256_file
from coursebook.provision.assets import ASSETS, Asset, DatasetAsset, WeightsAsset
from coursebook.provision.cache import CacheLayout, CachedFile
from coursebook.provision.report import AssetStatus, ProvisionReport, Source
from coursebook.provision.sources import (
    Downloader,
    local_archive_path,
    local_folder_path,
    local_weights_paths,
    pack_local_folder,
)
from coursebook.provision.standin import write_dataset_standin, write_weights_standin

logger = logging.getLogger("coursebook.provision")

_STANDIN_HINT = "실제 파일을 쓰려면 로컬 데이터 폴더를 지정하거나 네트워크에 연결한 뒤 다시 빌드하세요"


def provision(
    cache_root: Path,
    *,
    local_dir: Path | None = None,
    download: bool = True,
    assets: Sequence[Asset] = ASSETS,
    timeout: float = 10.0,
) -> ProvisionReport:
    """Make every asset available under ``cache_root`` and report where each came from.

    ``local_dir`` is a folder with ``archives/<name>.tar.gz``, extracted
    dataset folders ``<key>/`` or weight files. ``timeout`` is the socket
    timeout of one download, in seconds. Pass ``report.environ()`` to the
    code that runs fastai. The call keeps ``cache_root/.provision.lock``
    locked throughout, so concurrent builds that share a cache wait for each other.
    Network errors are not raised. The asset falls back to a stand-in instead.
    """
    keys = [asset.key for asset in assets]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"asset keys must be unique, found duplicates: {', '.join(duplicates)}")

    layout = CacheLayout(Path(cache_root).absolute())
    layout.root.mkdir(parents=True, exist_ok=True)

    if local_dir is not None:
        local_dir = Path(local_dir)
    if local_dir is not None and not local_dir.is_dir():
        logger.info("로컬 데이터 폴더가 없으므로 사용하지 않습니다 (%s)", local_dir)
        local_dir = None
    downloader = Downloader(timeout) if download else None

    def report_wait() -> None:
        logger.info("다른 빌드가 캐시를 준비하고 있어 끝나기를 기다립니다 (%s)", layout.lock_path)

    with cache.exclusive_lock(layout.lock_path, on_wait=report_wait):
        statuses = [_provision_asset(asset, layout, local_dir, downloader) for asset in assets]
    return ProvisionReport(layout.root, statuses)


def _provision_asset(
    asset: Asset,
    layout: CacheLayout,
    local_dir: Path | None,
    downloader: Downloader | None,
) -> AssetStatus:
    label = _label(asset)
    target = layout.target(asset)
    cached = cache.inspect_cached(target, lambda digest: _is_published(asset, digest))

    if cached.kind in ("published", "packed"):
        # A sidecar left by a crash between replacing the file and updating
        # its sidecars no longer matches the file, so it goes.
        cache.remove_sidecar(target, cache.STANDIN_SUFFIX)
        if cached.kind == "published":
            cache.remove_sidecar(target, cache.PACKED_SUFFIX)
        logger.info("%s: 캐시에 있는 사본을 사용합니다 (%s)", label, target)
        return _status(asset, "cache", target, cached.digest)

    with cache.temporary_file(target) as temp:
        found = _fetch_real(asset, temp, local_dir, downloader, label)
        if found is not None:
            source, packed = found
            digest = _install(asset, layout, temp, cached, packed)
            return _status(asset, source, target, digest)

        # Stand-ins are logged at info level like every other decision: a
        # build without network is expected to succeed, and the caller gets
        # the list from ProvisionReport.standins().
        if cached.kind == "standin":
            logger.info(
                "%s: 실제 파일을 찾지 못해 전에 만든 대체 파일을 계속 사용합니다 (%s). "
                "이 파일로 실행한 결과는 실제 결과와 다릅니다. %s",
                label,
                target,
                _STANDIN_HINT,
            )
            return _status(asset, "standin", target, cached.digest)

        if isinstance(asset, DatasetAsset):
            write_dataset_standin(asset, temp)
        else:
            write_weights_standin(asset, temp)
        digest = _install(asset, layout, temp, cached, packed=False, standin=True)
        logger.info(
            "%s: 실제 파일을 찾지 못해 대체 파일을 만들었습니다 (%s). 이 파일로 실행한 결과는 실제 결과와 다릅니다. %s",
            label,
            target,
            _STANDIN_HINT,
        )
        return _status(asset, "standin", target, digest)


def _fetch_real(
    asset: Asset,
    temp: Path,
    local_dir: Path | None,
    downloader: Downloader | None,
    label: str,
) -> tuple[Source, bool] | None:
    """Write a real copy of ``asset`` into ``temp`` and return its source and whether it was packed.

    Returns None when no local copy passes its checksum and no download does.
    """
    if local_dir is not None:
        if isinstance(asset, DatasetAsset):
            found = _copy_local_dataset(asset, temp, local_dir, label)
        else:
            found = _copy_local_weights(asset, temp, local_dir, label)
        if found is not None:
            return found

    if downloader is None:
        return None
    if not downloader.fetch(asset.url, temp, label):
        return None

    digest = sha256_file(temp)
    if not _is_published(asset, digest):
        logger.info(
            "%s: 내려받은 파일의 체크섬이 맞지 않아 사용하지 않습니다 (%s): sha256 %s, 기대한 값 %s",
            label,
            asset.url,
            digest,
            _expected_digest(asset),
        )
        return None
    logger.info("%s: 내려받은 사본을 사용합니다 (%s)", label, asset.url)
    return "download", False


def _copy_local_dataset(asset: DatasetAsset, temp: Path, local_dir: Path, label: str) -> tuple[Source, bool] | None:
    archive = local_archive_path(asset, local_dir)
    if archive is not None:
        # The copy is hashed, not the original, so the bytes that get
        # installed are the bytes that were checked.
        shutil.copyfile(archive, temp)
        if _verify_local(asset, temp, archive, label):
            logger.info("%s: 로컬 사본을 사용합니다 (%s)", label, archive)
            return "local", False

    folder = local_folder_path(asset, local_dir)
    if folder is None:
        return None
    if not pack_local_folder(asset, folder, temp):
        logger.warning("%s: 로컬 폴더에 파일이 없어 사용하지 않습니다 (%s)", label, folder)
        return None
    logger.info("%s: 로컬 폴더를 압축해 사용합니다 (%s)", label, folder)
    return "local", True


def _copy_local_weights(asset: WeightsAsset, temp: Path, local_dir: Path, label: str) -> tuple[Source, bool] | None:
    for path in local_weights_paths(asset, local_dir):
        shutil.copyfile(path, temp)
        if _verify_local(asset, temp, path, label):
            logger.info("%s: 로컬 사본을 사용합니다 (%s)", label, path)
            return "local", False
    return None


def _verify_local(asset: Asset, copy: Path, original: Path, label: str) -> bool:
    digest = sha256_file(copy)
    if _is_published(asset, digest):
        return True
    logger.warning(
        "%s: 로컬 파일의 체크섬이 맞지 않아 사용하지 않습니다 (%s): sha256 %s, 기대한 값 %s",
        label,
        original,
        digest,
        _expected_digest(asset),
    )
    return False


def _install(
    asset: Asset,
    layout: CacheLayout,
    temp: Path,
    cached: CachedFile,
    packed: bool,
    standin: bool = False,
) -> str:
    """Move ``temp`` into the cache, update the sidecars and return the new digest."""
    target = layout.target(asset)
    digest = sha256_file(temp)
    cache.install(temp, target, layout.extracted(asset), cached.digest, digest)

    if standin:
        cache.write_sidecar(target, cache.STANDIN_SUFFIX, digest, "Generated stand-in, not the real file.")
    else:
        cache.remove_sidecar(target, cache.STANDIN_SUFFIX)
    if packed:
        cache.write_sidecar(target, cache.PACKED_SUFFIX, digest, "Packed from a local folder.")
    else:
        cache.remove_sidecar(target, cache.PACKED_SUFFIX)
    return digest


def _is_published(asset: Asset, digest: str) -> bool:
    if isinstance(asset, DatasetAsset):
        return digest == asset.sha256
    return digest.startswith(asset.sha256_prefix)


def _expected_digest(asset: Asset) -> str:
    if isinstance(asset, DatasetAsset):
        return asset.sha256
    return f"{asset.sha256_prefix}..."


def _label(asset: Asset) -> str:
    kind = "데이터셋" if isinstance(asset, DatasetAsset) else "가중치"
    return f"{kind} {asset.key}"


def _status(asset: Asset, source: Source, path: Path, digest: str | None) -> AssetStatus:
    assert digest is not None, "a cached, installed or stand-in file always has a digest"
    return AssetStatus(asset.key, asset.title_ko, source, path, digest)
