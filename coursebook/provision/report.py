"""Outcome of one ``provision`` call: where each asset came from and its digest."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Source = Literal["cache", "local", "download", "standin"]


@dataclass(frozen=True)
class AssetStatus:
    """Source, cached file and digest of one asset after ``provision``."""

    key: str
    title_ko: str
    source: Source
    path: Path
    sha256: str
    """Hex digest of the file at ``path``."""

    @property
    def is_standin(self) -> bool:
        return self.source == "standin"


@dataclass(frozen=True)
class ProvisionReport:
    """Assets of one ``provision`` call, in the order of the asset table."""

    cache_root: Path
    assets: list[AssetStatus]

    def environ(self) -> dict[str, str]:
        """Return the variables that point fastai and torch.hub at this cache."""
        return {
            "FASTAI_HOME": str(self.cache_root / "fastai"),
            "TORCH_HOME": str(self.cache_root / "torch"),
        }

    def standins(self) -> list[AssetStatus]:
        """Return the assets that are generated stand-ins, not the real files."""
        return [status for status in self.assets if status.is_standin]

    def fingerprint(self) -> str:
        """Return a hex digest of each asset's key, stand-in flag and sha256.

        It changes exactly when the bytes that code cells read change, so it
        can be part of an execution-cache key. Cache, local copy and download
        all count as real, because a copy found in the cache on the second
        build has the same bytes as the local copy installed on the first.
        """
        entries = sorted([status.key, status.is_standin, status.sha256] for status in self.assets)
        return hashlib.sha256(json.dumps(entries).encode()).hexdigest()
