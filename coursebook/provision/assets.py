"""Table of the files that the course code downloads at run time.

The chapter code calls ``untar_data(url)`` for two tiny datasets and builds
``resnet18(weights="IMAGENET1K_V1")``, which loads ImageNet weights through
torch.hub. Each entry names the published URL and checksum, and for datasets
also the file names and labels that a stand-in must reproduce when the real
data cannot be found. The manifests hold no image data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_SHA256_PREFIX_RE = re.compile(r"^[0-9a-f]{8,64}$")
_ARCHIVE_SUFFIXES = (".tar.gz", ".tgz")


@dataclass(frozen=True)
class ManifestImage:
    """An image file of a dataset, as a stand-in reproduces it."""

    path: str
    """POSIX path inside the dataset folder, e.g. ``images/Bombay_167.jpg``."""
    label: str
    """Text drawn on the stand-in image."""


@dataclass(frozen=True)
class ManifestTable:
    """A CSV file of a dataset, which a stand-in writes with the same rows."""

    path: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(
                    f"row {row!r} of {self.path} has {len(row)} fields, "
                    f"expected {len(self.columns)} ({', '.join(self.columns)})"
                )


@dataclass(frozen=True)
class DatasetAsset:
    """A dataset archive that ``untar_data(url)`` extracts to ``data/<key>``."""

    key: str
    """Folder name inside the archive, and the URL's file name without ``.tar.gz``."""
    title_ko: str
    url: str
    sha256: str
    """Full hex digest of the published archive."""
    images: tuple[ManifestImage, ...]
    tables: tuple[ManifestTable, ...] = ()

    def __post_init__(self) -> None:
        _validate_url(self.url)
        if not _SHA256_RE.match(self.sha256):
            raise ValueError(f"sha256 of {self.key} must be 64 lower-case hex digits, got {self.sha256!r}")
        # fastai extracts the archive to data/<file name without .tar.gz>, and
        # the stand-in and packed folders put their files under <key>/, so the
        # two names must agree or untar_data would return an empty folder.
        stems = [self.archive_name.removesuffix(suffix) for suffix in _ARCHIVE_SUFFIXES]
        if self.key not in stems:
            raise ValueError(
                f"URL of dataset {self.key} must end in {self.key}.tar.gz or {self.key}.tgz, got {self.url}"
            )

    @property
    def archive_name(self) -> str:
        """File name that fastai stores the download under."""
        return PurePosixPath(urlsplit(self.url).path).name


@dataclass(frozen=True)
class WeightsAsset:
    """A torchvision checkpoint that torch.hub loads from ``hub/checkpoints``."""

    key: str
    title_ko: str
    url: str
    sha256_prefix: str
    """Leading hex digits of the file's sha256, as torch.hub puts them in the file name."""
    architecture: str
    """Name of the ``torchvision.models`` builder whose random weights make the stand-in."""

    def __post_init__(self) -> None:
        _validate_url(self.url)
        if not _SHA256_PREFIX_RE.match(self.sha256_prefix):
            raise ValueError(
                f"sha256_prefix of {self.key} must be 8 to 64 lower-case hex digits, got {self.sha256_prefix!r}"
            )

    @property
    def file_name(self) -> str:
        """Checkpoint file name, which torch.hub takes from the URL."""
        return PurePosixPath(urlsplit(self.url).path).name


Asset = DatasetAsset | WeightsAsset


def _validate_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"asset URL must be an absolute http or https URL, got {url!r}")
    if not PurePosixPath(parts.path).name:
        raise ValueError(f"asset URL must end in a file name, got {url!r}")


# Cat breeds start with a capital letter and dog breeds with a lower-case one,
# which the chapter's labelling function relies on.
_PET_FILE_NAMES = (
    "Bombay_167.jpg",
    "Sphynx_229.jpg",
    "Sphynx_96.jpg",
    "american_bulldog_26.jpg",
    "beagle_93.jpg",
    "english_setter_136.jpg",
    "japanese_chin_86.jpg",
    "saint_bernard_49.jpg",
    "shiba_inu_193.jpg",
    "staffordshire_bull_terrier_129.jpg",
)

# Rows of train.csv in file order, with labels separated by spaces.
_PASCAL_ROWS = (
    ("005431.jpg", "boat", "True"),
    ("009729.jpg", "car", "False"),
    ("007480.jpg", "bus person", "True"),
    ("009609.jpg", "bird person", "False"),
    ("008370.jpg", "bird", "True"),
    ("002456.jpg", "chair diningtable", "True"),
    ("004840.jpg", "motorbike person", "True"),
    ("002320.jpg", "pottedplant", "False"),
    ("003213.jpg", "person cat", "True"),
    ("008753.jpg", "bird", "True"),
    ("008931.jpg", "bottle chair person", "True"),
    ("007125.jpg", "boat", "False"),
    ("000347.jpg", "horse", "False"),
    ("003973.jpg", "bus car person", "True"),
    ("009445.jpg", "tvmonitor", "True"),
    ("001145.jpg", "dog person", "True"),
    ("007177.jpg", "diningtable bottle chair", "False"),
    ("009281.jpg", "bicycle", "True"),
    ("005258.jpg", "motorbike", "False"),
    ("008665.jpg", "car sofa person", "False"),
)


def _pet_breed(file_name: str) -> str:
    return file_name.rsplit("_", 1)[0]


PETS = DatasetAsset(
    key="oxford-iiit-pet-tiny",
    title_ko="Oxford-IIIT Pet 데이터셋 (10장 축소판)",
    url="https://github.com/deep-diver/fastai-course/raw/master/data/oxford-iiit-pet-tiny.tar.gz",
    sha256="fef331bbb12f6d04d8698947918dad28242b6558db4ac9982d377a32eae78a86",
    images=tuple(ManifestImage(f"images/{name}", _pet_breed(name)) for name in _PET_FILE_NAMES),
)

PASCAL = DatasetAsset(
    key="pascal-2007-tiny",
    title_ko="PASCAL VOC 2007 데이터셋 (20장 축소판)",
    url="https://github.com/deep-diver/fastai-course/raw/master/data/pascal-2007-tiny.tar.gz",
    sha256="9e44b190b2625ce62556150d3c0781006a788f746f85bb947ded453e9c5d4372",
    images=tuple(ManifestImage(f"train/{fname}", labels) for fname, labels, _ in _PASCAL_ROWS),
    tables=(ManifestTable("train.csv", ("fname", "labels", "is_valid"), _PASCAL_ROWS),),
)

RESNET18 = WeightsAsset(
    key="resnet18",
    title_ko="ResNet-18 ImageNet 사전 학습 가중치",
    url="https://download.pytorch.org/models/resnet18-f37072fd.pth",
    sha256_prefix="f37072fd",
    architecture="resnet18",
)

ASSETS: tuple[Asset, ...] = (PETS, PASCAL, RESNET18)
