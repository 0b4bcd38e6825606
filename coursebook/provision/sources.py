"""Places to copy a real asset from: a local data folder or the asset's URL.

Each function writes its candidate into a temporary file that the caller
owns and verifies. Nothing here touches the cache itself.
"""

from __future__ import annotations

import http.client
import logging
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from coursebook.provision.archives import pack_folder, write_tar_gz
from coursebook.provision.assets import DatasetAsset, WeightsAsset

logger = logging.getLogger("coursebook.provision")

_CHUNK_SIZE = 1 << 20


def local_archive_path(asset: DatasetAsset, local_dir: Path) -> Path | None:
    """Return ``local_dir/archives/<archive name>`` if that file exists."""
    path = local_dir / "archives" / asset.archive_name
    return path if path.is_file() else None


def local_folder_path(asset: DatasetAsset, local_dir: Path) -> Path | None:
    """Return the extracted dataset folder ``local_dir/<key>/`` if it exists."""
    path = local_dir / asset.key
    return path if path.is_dir() else None


def local_weights_paths(asset: WeightsAsset, local_dir: Path) -> list[Path]:
    """Return the existing files among ``local_dir/<file>`` and ``local_dir/weights/<file>``."""
    candidates = [local_dir / asset.file_name, local_dir / "weights" / asset.file_name]
    return [path for path in candidates if path.is_file()]


def pack_local_folder(asset: DatasetAsset, folder: Path, dest: Path) -> bool:
    """Pack ``folder`` into a reproducible archive at ``dest`` with its files under ``<key>/``.

    Returns False, and writes nothing, when the folder contains no files.
    """
    members = pack_folder(folder, asset.key)
    if not any(source is not None for source in members.values()):
        return False
    write_tar_gz(dest, members)
    return True


class Downloader:
    """Fetches asset URLs with urllib and skips hosts that failed to connect once.

    A host that times out or refuses the connection is not asked again
    during the same ``provision`` call, so a machine without network access
    waits at most one timeout per host. An HTTP error status does not mark
    the host, because the server did respond.
    """

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._unreachable_hosts: set[str] = set()

    def fetch(self, url: str, dest: Path, label: str) -> bool:
        """Download ``url`` into ``dest`` and return whether it succeeded.

        Network errors are logged at info level and not raised, because the
        caller falls back to a stand-in.
        """
        host = urlsplit(url).netloc
        if host in self._unreachable_hosts:
            logger.info("%s: %s에 연결하지 못했으므로 다운로드를 건너뜁니다 (%s)", label, host, url)
            return False

        # A failure to write dest, such as a full disk, is not a network
        # error and is raised.
        try:
            response = urllib.request.urlopen(url, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            logger.info("%s: 다운로드에 실패했습니다 (%s): HTTP %s %s", label, url, error.code, error.reason)
            return False
        except (OSError, http.client.HTTPException) as error:
            self._unreachable_hosts.add(host)
            logger.info("%s: 다운로드에 실패했습니다 (%s): %s", label, url, error)
            return False

        with response, open(dest, "wb") as out:
            while True:
                try:
                    chunk = response.read(_CHUNK_SIZE)
                except (OSError, http.client.HTTPException) as error:
                    self._unreachable_hosts.add(host)
                    logger.info("%s: 다운로드가 도중에 끊겼습니다 (%s): %s", label, url, error)
                    return False
                if not chunk:
                    return True
                out.write(chunk)
