"""Datasets and model weights for the course code, provisioned before it runs.

The build machine has no network access apart from package registries, so
``provision`` fills a cache from a local data folder, a download or, as a
last resort, generated stand-ins, and ``ProvisionReport.environ()`` points
fastai and torch.hub at that cache. The user's own ``~/.fastai`` and
``~/.cache/torch`` are never read or written.
"""

from __future__ import annotations

import os
from pathlib import Path

from coursebook.provision.assets import ASSETS, Asset, DatasetAsset, ManifestImage, ManifestTable, WeightsAsset
from coursebook.provision.provisioner import provision
from coursebook.provision.report import AssetStatus, ProvisionReport

DATA_DIR_VARIABLE = "COURSEBOOK_DATA_DIR"

__all__ = [
    "ASSETS",
    "Asset",
    "AssetStatus",
    "DATA_DIR_VARIABLE",
    "DatasetAsset",
    "ManifestImage",
    "ManifestTable",
    "ProvisionReport",
    "WeightsAsset",
    "local_dir_from_env",
    "provision",
]


def local_dir_from_env() -> Path | None:
    """Return the local data folder named by ``COURSEBOOK_DATA_DIR``, or None if it is unset or empty."""
    value = os.environ.get(DATA_DIR_VARIABLE, "")
    return Path(value) if value else None
