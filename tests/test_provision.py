"""Tests of coursebook.provision: cache, local copies, downloads and stand-ins.

Downloads go to an HTTP server on 127.0.0.1 that the tests start, never to
the published URLs. The tests that read the real tiny datasets skip when the
shared data folder next to the repository is absent.
"""

from __future__ import annotations

import csv
import fcntl
import functools
import hashlib
import http.server
import io
import json
import logging
import os
import socket
import subprocess
import sys
import tarfile
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coursebook.provision import (
    ASSETS,
    DatasetAsset,
    ManifestImage,
    ManifestTable,
    WeightsAsset,
    local_dir_from_env,
    provision,
)
from coursebook.provision import provisioner
from coursebook.provision.assets import PASCAL, PETS, RESNET18

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_shared_data = pytest.mark.skipif(
    not (SHARED_DATA / "archives").is_dir(),
    reason=f"the real tiny datasets are not at {SHARED_DATA}",
)

DATASETS = (PETS, PASCAL)
LOGGER_NAME = "coursebook.provision"

PET_FILES = [
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
]

PASCAL_CSV_ROWS = [
    ["005431.jpg", "boat", "True"],
    ["009729.jpg", "car", "False"],
    ["007480.jpg", "bus person", "True"],
    ["009609.jpg", "bird person", "False"],
    ["008370.jpg", "bird", "True"],
    ["002456.jpg", "chair diningtable", "True"],
    ["004840.jpg", "motorbike person", "True"],
    ["002320.jpg", "pottedplant", "False"],
    ["003213.jpg", "person cat", "True"],
    ["008753.jpg", "bird", "True"],
    ["008931.jpg", "bottle chair person", "True"],
    ["007125.jpg", "boat", "False"],
    ["000347.jpg", "horse", "False"],
    ["003973.jpg", "bus car person", "True"],
    ["009445.jpg", "tvmonitor", "True"],
    ["001145.jpg", "dog person", "True"],
    ["007177.jpg", "diningtable bottle chair", "False"],
    ["009281.jpg", "bicycle", "True"],
    ["005258.jpg", "motorbike", "False"],
    ["008665.jpg", "car sofa person", "False"],
]


# --- helpers ---------------------------------------------------------------


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def archive_files(path: Path) -> list[str]:
    """Return the regular-file member names of a tar archive, sorted, without a leading ``./``."""
    with tarfile.open(path) as tar:
        return sorted(member.name.removeprefix("./") for member in tar.getmembers() if member.isfile())


def read_member(path: Path, name: str) -> bytes:
    with tarfile.open(path) as tar:
        extracted = tar.extractfile(name)
        assert extracted is not None
        return extracted.read()


def make_tar_gz(members: dict[str, bytes]) -> bytes:
    """Build an archive the way an uploader might, independent of the package's writer."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def tiny_asset(key: str, url: str, sha256: str) -> DatasetAsset:
    """Return a one-image dataset whose stand-in takes milliseconds to build."""
    return DatasetAsset(
        key=key,
        title_ko="시험용 데이터셋",
        url=url,
        sha256=sha256,
        images=(ManifestImage("images/cat_1.jpg", "cat"),),
        tables=(ManifestTable("labels.csv", ("fname", "label"), (("cat_1.jpg", "cat"),)),),
    )


def make_pet_folder(root: Path) -> Path:
    """Create ``root/oxford-iiit-pet-tiny/images`` with two small files, and return ``root``."""
    images = root / "oxford-iiit-pet-tiny" / "images"
    images.mkdir(parents=True)
    (images / "Bombay_167.jpg").write_bytes(b"bombay bytes")
    (images / "beagle_93.jpg").write_bytes(b"beagle bytes")
    return root


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def http_root(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """Serve a fresh folder over HTTP on 127.0.0.1 and yield it with its base URL."""
    root = tmp_path / "served"
    root.mkdir()

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    # A short poll interval keeps shutdown() from adding half a second per test.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --- local copies ----------------------------------------------------------


@needs_shared_data
def test_local_archives_from_shared_data(tmp_path: Path) -> None:
    report = provision(tmp_path / "cache", local_dir=SHARED_DATA, download=False, assets=DATASETS)

    pets, pascal = report.assets
    assert pets.source == "local"
    assert pets.sha256 == "fef331bbb12f6d04d8698947918dad28242b6558db4ac9982d377a32eae78a86"
    assert pets.path == tmp_path / "cache" / "fastai" / "archive" / "oxford-iiit-pet-tiny.tar.gz"
    assert pascal.source == "local"
    assert pascal.sha256 == "9e44b190b2625ce62556150d3c0781006a788f746f85bb947ded453e9c5d4372"
    assert report.standins() == []
    assert not Path(f"{pets.path}.standin").exists()
    assert not Path(f"{pets.path}.packed").exists()


@needs_shared_data
def test_cached_archive_used_without_local_dir(tmp_path: Path) -> None:
    first = provision(tmp_path / "cache", local_dir=SHARED_DATA, download=False, assets=DATASETS)
    second = provision(tmp_path / "cache", download=False, assets=DATASETS)

    assert [status.source for status in second.assets] == ["cache", "cache"]
    assert second.fingerprint() == first.fingerprint()


@needs_shared_data
def test_manifests_match_shared_data() -> None:
    pet_names = sorted(path.name for path in (SHARED_DATA / "oxford-iiit-pet-tiny" / "images").iterdir())
    pascal_names = sorted(path.name for path in (SHARED_DATA / "pascal-2007-tiny" / "train").iterdir())
    csv_text = (SHARED_DATA / "pascal-2007-tiny" / "train.csv").read_text()

    assert pet_names == PET_FILES
    assert [image.path for image in PETS.images] == [f"images/{name}" for name in PET_FILES]
    assert pascal_names == sorted(row[0] for row in PASCAL_CSV_ROWS)
    assert list(csv.reader(io.StringIO(csv_text))) == [["fname", "labels", "is_valid"], *PASCAL_CSV_ROWS]


def test_local_folder_packed_reproducibly(tmp_path: Path) -> None:
    local_dir = make_pet_folder(tmp_path / "local")

    first = provision(tmp_path / "one", local_dir=local_dir, download=False, assets=(PETS,))
    second = provision(tmp_path / "two", local_dir=local_dir, download=False, assets=(PETS,))

    status = first.assets[0]
    assert status.source == "local"
    assert archive_files(status.path) == [
        "oxford-iiit-pet-tiny/images/Bombay_167.jpg",
        "oxford-iiit-pet-tiny/images/beagle_93.jpg",
    ]
    assert read_member(status.path, "oxford-iiit-pet-tiny/images/beagle_93.jpg") == b"beagle bytes"
    assert Path(f"{status.path}.packed").read_text().splitlines()[0] == status.sha256
    assert status.path.read_bytes() == second.assets[0].path.read_bytes()


def test_packed_archive_cached_on_next_call(tmp_path: Path) -> None:
    local_dir = make_pet_folder(tmp_path / "local")
    first = provision(tmp_path / "cache", local_dir=local_dir, download=False, assets=(PETS,))

    second = provision(tmp_path / "cache", download=False, assets=(PETS,))

    assert second.assets[0].source == "cache"
    assert second.assets[0].sha256 == first.assets[0].sha256


def test_local_archive_with_wrong_checksum_skipped(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    local_dir = tmp_path / "local"
    (local_dir / "archives").mkdir(parents=True)
    (local_dir / "archives" / "oxford-iiit-pet-tiny.tar.gz").write_bytes(b"not the published archive")

    report = provision(tmp_path / "cache", local_dir=local_dir, download=False, assets=(PETS,))

    assert report.assets[0].source == "standin"
    assert "로컬 파일의 체크섬이 맞지 않아 사용하지 않습니다" in caplog.text


def test_corrupt_cached_file_replaced(tmp_path: Path) -> None:
    archive = tmp_path / "cache" / "fastai" / "archive" / "oxford-iiit-pet-tiny.tar.gz"
    archive.parent.mkdir(parents=True)
    archive.write_bytes(b"truncated")
    local_dir = make_pet_folder(tmp_path / "local")

    report = provision(tmp_path / "cache", local_dir=local_dir, download=False, assets=(PETS,))

    assert report.assets[0].source == "local"
    assert archive_files(archive) == [
        "oxford-iiit-pet-tiny/images/Bombay_167.jpg",
        "oxford-iiit-pet-tiny/images/beagle_93.jpg",
    ]


def test_local_weights_found_in_weights_folder(tmp_path: Path) -> None:
    data = b"tiny weights"
    name = f"tiny-{sha256_bytes(data)[:8]}.pth"
    asset = WeightsAsset("tiny", "시험용 가중치", f"http://127.0.0.1/{name}", sha256_bytes(data)[:8], "resnet18")
    local_dir = tmp_path / "local"
    (local_dir / "weights").mkdir(parents=True)
    (local_dir / "weights" / name).write_bytes(data)

    report = provision(tmp_path / "cache", local_dir=local_dir, download=False, assets=(asset,))

    status = report.assets[0]
    assert status.source == "local"
    assert status.path == tmp_path / "cache" / "torch" / "hub" / "checkpoints" / name
    assert status.path.read_bytes() == data


def test_local_weights_with_wrong_checksum_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    local_dir = tmp_path / "local"
    local_dir.mkdir()
    (local_dir / "resnet18-f37072fd.pth").write_bytes(b"not resnet weights")

    # The real stand-in is a 45 MB model. A small file is enough to show
    # that the wrong local file was rejected.
    def write_small_standin(asset: WeightsAsset, dest: Path) -> None:
        dest.write_bytes(b"small stand-in")

    monkeypatch.setattr(provisioner, "write_weights_standin", write_small_standin)

    report = provision(tmp_path / "cache", local_dir=local_dir, download=False, assets=(RESNET18,))

    assert report.assets[0].source == "standin"
    assert report.assets[0].path.read_bytes() == b"small stand-in"
    assert f"로컬 파일의 체크섬이 맞지 않아 사용하지 않습니다 ({local_dir / 'resnet18-f37072fd.pth'})" in caplog.text


# --- downloads -------------------------------------------------------------


def test_download_from_loopback_server(tmp_path: Path, http_root: tuple[Path, str]) -> None:
    root, base_url = http_root
    data = make_tar_gz({"./tiny-set/images/cat_1.jpg": b"real cat", "./tiny-set/labels.csv": b"fname,label\n"})
    (root / "tiny-set.tar.gz").write_bytes(data)
    asset = tiny_asset("tiny-set", f"{base_url}/tiny-set.tar.gz", sha256_bytes(data))

    report = provision(tmp_path / "cache", assets=(asset,), timeout=5.0)

    status = report.assets[0]
    assert status.source == "download"
    assert status.sha256 == sha256_bytes(data)
    assert status.path.read_bytes() == data
    assert list(status.path.parent.glob("*.part")) == []


def test_download_with_wrong_checksum_falls_back(
    tmp_path: Path, http_root: tuple[Path, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    root, base_url = http_root
    (root / "tiny-set.tar.gz").write_bytes(make_tar_gz({"./tiny-set/images/cat_1.jpg": b"tampered"}))
    asset = tiny_asset("tiny-set", f"{base_url}/tiny-set.tar.gz", sha256_bytes(b"something else"))

    report = provision(tmp_path / "cache", assets=(asset,), timeout=5.0)

    status = report.assets[0]
    assert status.source == "standin"
    assert Path(f"{status.path}.standin").is_file()
    assert archive_files(status.path) == ["tiny-set/images/cat_1.jpg", "tiny-set/labels.csv"]
    assert "내려받은 파일의 체크섬이 맞지 않아 사용하지 않습니다" in caplog.text


def test_http_error_falls_back(tmp_path: Path, http_root: tuple[Path, str], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    _, base_url = http_root
    asset = tiny_asset("tiny-set", f"{base_url}/tiny-set.tar.gz", sha256_bytes(b"x"))

    report = provision(tmp_path / "cache", assets=(asset,), timeout=5.0)

    assert report.assets[0].source == "standin"
    assert "HTTP 404" in caplog.text


def test_unreachable_host_tried_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    # Binding and closing a socket yields a loopback port that refuses connections.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    first = tiny_asset("first-set", f"http://127.0.0.1:{port}/first-set.tar.gz", sha256_bytes(b"1"))
    second = tiny_asset("second-set", f"http://127.0.0.1:{port}/second-set.tar.gz", sha256_bytes(b"2"))

    report = provision(tmp_path / "cache", assets=(first, second), timeout=5.0)

    assert [status.source for status in report.assets] == ["standin", "standin"]
    assert caplog.text.count("다운로드에 실패했습니다") == 1
    assert caplog.text.count("연결하지 못했으므로 다운로드를 건너뜁니다") == 1


# --- stand-ins -------------------------------------------------------------


def test_standin_datasets_match_real_layout(tmp_path: Path) -> None:
    report = provision(tmp_path / "cache", download=False, assets=DATASETS)

    pets, pascal = report.assets
    assert pets.source == "standin"
    assert pascal.source == "standin"
    assert report.standins() == [pets, pascal]
    assert archive_files(pets.path) == [f"oxford-iiit-pet-tiny/images/{name}" for name in PET_FILES]
    assert archive_files(pascal.path) == sorted(
        ["pascal-2007-tiny/train.csv", *(f"pascal-2007-tiny/train/{row[0]}" for row in PASCAL_CSV_ROWS)]
    )
    csv_rows = list(csv.reader(io.StringIO(read_member(pascal.path, "pascal-2007-tiny/train.csv").decode())))
    assert csv_rows[0] == ["fname", "labels", "is_valid"]
    assert csv_rows[1:] == PASCAL_CSV_ROWS
    assert Path(f"{pets.path}.standin").read_text().splitlines()[0] == pets.sha256
    assert Path(f"{pascal.path}.standin").read_text().splitlines()[0] == pascal.sha256


def test_standin_images_are_jpegs(tmp_path: Path) -> None:
    from PIL import Image

    report = provision(tmp_path / "cache", download=False, assets=(PETS,))

    image = Image.open(io.BytesIO(read_member(report.assets[0].path, "oxford-iiit-pet-tiny/images/Bombay_167.jpg")))
    assert image.format == "JPEG"
    assert image.mode == "RGB"
    assert 360 <= image.width <= 480
    assert 270 <= image.height <= 360


def test_standin_bytes_deterministic(tmp_path: Path) -> None:
    first = provision(tmp_path / "one", download=False, assets=DATASETS)
    second = provision(tmp_path / "two", download=False, assets=DATASETS)

    for first_status, second_status in zip(first.assets, second.assets, strict=True):
        assert first_status.path.read_bytes() == second_status.path.read_bytes()
    assert first.fingerprint() == second.fingerprint()


def test_standin_reused_when_still_nothing_real(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    first = provision(tmp_path / "cache", download=False, assets=(PETS,))
    mtime = first.assets[0].path.stat().st_mtime_ns
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)

    second = provision(tmp_path / "cache", download=False, assets=(PETS,))

    assert second.assets[0].source == "standin"
    assert second.assets[0].path.stat().st_mtime_ns == mtime
    assert "전에 만든 대체 파일을 계속 사용합니다" in caplog.text


def test_standin_replaced_by_local_copy(tmp_path: Path) -> None:
    cache_root = tmp_path / "cache"
    standin = provision(cache_root, download=False, assets=(PETS,))
    # Stands for the folder untar_data extracted from the stand-in archive.
    extracted = cache_root / "fastai" / "data" / "oxford-iiit-pet-tiny"
    (extracted / "images").mkdir(parents=True)
    (extracted / "images" / "Bombay_167.jpg").write_bytes(b"stand-in pixels")
    local_dir = make_pet_folder(tmp_path / "local")

    real = provision(cache_root, local_dir=local_dir, download=False, assets=(PETS,))

    status = real.assets[0]
    assert status.source == "local"
    assert real.standins() == []
    assert not Path(f"{status.path}.standin").exists()
    assert not extracted.exists()
    assert real.fingerprint() != standin.fingerprint()


def test_extracted_folder_kept_when_archive_unchanged(tmp_path: Path) -> None:
    cache_root = tmp_path / "cache"
    local_dir = make_pet_folder(tmp_path / "local")
    provision(cache_root, local_dir=local_dir, download=False, assets=(PETS,))
    extracted = cache_root / "fastai" / "data" / "oxford-iiit-pet-tiny"
    extracted.mkdir(parents=True)
    # Removing the sidecar forces a re-pack that yields the same bytes.
    (cache_root / "fastai" / "archive" / "oxford-iiit-pet-tiny.tar.gz.packed").unlink()

    report = provision(cache_root, local_dir=local_dir, download=False, assets=(PETS,))

    assert report.assets[0].source == "local"
    assert extracted.is_dir()


# --- report and arguments --------------------------------------------------


def test_environ_points_into_cache_root(tmp_path: Path) -> None:
    report = provision(tmp_path / "cache", download=False, assets=())

    assert report.environ() == {
        "FASTAI_HOME": str(tmp_path / "cache" / "fastai"),
        "TORCH_HOME": str(tmp_path / "cache" / "torch"),
    }


def test_duplicate_keys_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="oxford-iiit-pet-tiny"):
        provision(tmp_path / "cache", download=False, assets=(PETS, PETS))


def test_asset_url_must_match_key() -> None:
    with pytest.raises(ValueError, match="must end in wrong-name.tar.gz"):
        tiny_asset("wrong-name", "http://127.0.0.1/tiny-set.tar.gz", sha256_bytes(b""))


def test_default_table_order() -> None:
    assert [asset.key for asset in ASSETS] == ["oxford-iiit-pet-tiny", "pascal-2007-tiny", "resnet18"]


def test_local_dir_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COURSEBOOK_DATA_DIR", str(tmp_path))
    assert local_dir_from_env() == tmp_path
    monkeypatch.setenv("COURSEBOOK_DATA_DIR", "")
    assert local_dir_from_env() is None
    monkeypatch.delenv("COURSEBOOK_DATA_DIR")
    assert local_dir_from_env() is None


def test_second_call_waits_for_lock(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    cache_root = tmp_path / "cache"
    cache_root.mkdir()
    asset = tiny_asset("tiny-set", "http://127.0.0.1/tiny-set.tar.gz", sha256_bytes(b""))
    finished = threading.Event()

    def run() -> None:
        provision(cache_root, download=False, assets=(asset,))
        finished.set()

    with open(cache_root / ".provision.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        worker = threading.Thread(target=run)
        worker.start()
        deadline = time.monotonic() + 10
        while "기다립니다" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.01)
        assert "기다립니다" in caplog.text
        assert not finished.is_set()
        fcntl.flock(held, fcntl.LOCK_UN)
    worker.join(timeout=10)
    assert finished.is_set()


# --- fastai and torchvision read the cache ---------------------------------


def test_fastai_untar_data_reads_cache(tmp_path: Path) -> None:
    local_dir = make_pet_folder(tmp_path / "local")
    report = provision(tmp_path / "cache", local_dir=local_dir, download=False, assets=DATASETS)
    assert [status.source for status in report.assets] == ["local", "standin"]

    result = run_python(
        f"""
        import json
        from fastai.data.external import untar_data
        listing = {{}}
        for url in {[PETS.url, PASCAL.url]!r}:
            path = untar_data(url)
            listing[path.name] = sorted(str(p.relative_to(path)) for p in path.rglob("*") if p.is_file())
            listing[path.name + " parent"] = str(path.parent)
        print(json.dumps(listing))
        """,
        report.environ(),
    )

    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout.splitlines()[-1])
    assert listing["oxford-iiit-pet-tiny"] == ["images/Bombay_167.jpg", "images/beagle_93.jpg"]
    assert listing["oxford-iiit-pet-tiny parent"] == str(tmp_path / "cache" / "fastai" / "data")
    assert listing["pascal-2007-tiny"] == sorted(
        ["train.csv", *(f"train/{row[0]}" for row in PASCAL_CSV_ROWS)]
    )


def test_standin_weights_load_into_resnet18(tmp_path: Path) -> None:
    first = provision(tmp_path / "one", download=False, assets=(RESNET18,))
    second = provision(tmp_path / "two", download=False, assets=(RESNET18,))
    status = first.assets[0]
    assert status.source == "standin"
    assert status.path == tmp_path / "one" / "torch" / "hub" / "checkpoints" / "resnet18-f37072fd.pth"
    assert Path(f"{status.path}.standin").is_file()
    assert status.sha256 == second.assets[0].sha256

    result = run_python(
        """
        import torch, torchvision
        loaded = torchvision.models.resnet18(weights="IMAGENET1K_V1").state_dict()
        torch.manual_seed(0)
        expected = torchvision.models.resnet18(weights=None).state_dict()
        print(sorted(loaded) == sorted(expected))
        print(all(torch.equal(loaded[name], expected[name]) for name in expected))
        """,
        first.environ(),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]
