"""Mirroring a build's output folder into the published folder."""

from __future__ import annotations

import os
from pathlib import Path

from coursebook.publish import publish


def _write(folder: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_publish_copies_new_folder(tmp_path):
    _write(tmp_path / "src", {"index.html": "a", "chapters/one.html": "b"})

    result = publish(tmp_path / "src", tmp_path / "out")

    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8") == "a"
    assert (tmp_path / "out" / "chapters" / "one.html").read_text(encoding="utf-8") == "b"
    assert result.copied == ["chapters/one.html", "index.html"]
    assert result.deleted == []


def test_publish_leaves_unchanged_files(tmp_path):
    _write(tmp_path / "src", {"index.html": "a", "same.html": "s"})
    publish(tmp_path / "src", tmp_path / "out")
    published = tmp_path / "out" / "same.html"
    os.utime(published, ns=(1_000_000_000, 1_000_000_000))
    os.utime(tmp_path / "src" / "same.html", ns=(1_000_000_000, 1_000_000_000))
    # Rewritten with identical bytes: a new time, the same content.
    (tmp_path / "src" / "index.html").write_text("a", encoding="utf-8")
    index_inode = (tmp_path / "out" / "index.html").stat().st_ino

    result = publish(tmp_path / "src", tmp_path / "out")

    assert result.copied == []
    assert result.unchanged == 2
    assert published.stat().st_mtime_ns == 1_000_000_000
    assert (tmp_path / "out" / "index.html").stat().st_ino == index_inode


def test_publish_replaces_changed_file(tmp_path):
    _write(tmp_path / "src", {"index.html": "old"})
    publish(tmp_path / "src", tmp_path / "out")
    _write(tmp_path / "src", {"index.html": "new text"})

    result = publish(tmp_path / "src", tmp_path / "out")

    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8") == "new text"
    assert result.copied == ["index.html"]
    assert [path.name for path in (tmp_path / "out").iterdir()] == ["index.html"]


def test_publish_keeps_permission_bits(tmp_path):
    _write(tmp_path / "src", {"index.html": "a"})
    (tmp_path / "src" / "index.html").chmod(0o644)

    publish(tmp_path / "src", tmp_path / "out")

    assert (tmp_path / "out" / "index.html").stat().st_mode & 0o777 == 0o644


def test_publish_deletes_removed_files(tmp_path):
    _write(tmp_path / "src", {"index.html": "a", "old/page.html": "b", "old/deep/x.png": "c"})
    publish(tmp_path / "src", tmp_path / "out")
    for relative in ("old/page.html", "old/deep/x.png"):
        (tmp_path / "src" / relative).unlink()
    (tmp_path / "src" / "old" / "deep").rmdir()
    (tmp_path / "src" / "old").rmdir()

    result = publish(tmp_path / "src", tmp_path / "out")

    assert result.deleted == ["old/deep/x.png", "old/page.html"]
    assert not (tmp_path / "out" / "old").exists()
    assert (tmp_path / "out" / "index.html").is_file()


def test_publish_swaps_file_and_folder(tmp_path):
    _write(tmp_path / "src", {"a": "file", "b/inner.html": "x"})
    publish(tmp_path / "src", tmp_path / "out")
    (tmp_path / "src" / "a").unlink()
    (tmp_path / "src" / "b" / "inner.html").unlink()
    (tmp_path / "src" / "b").rmdir()
    _write(tmp_path / "src", {"a/inner.html": "y", "b": "file"})

    publish(tmp_path / "src", tmp_path / "out")

    assert (tmp_path / "out" / "a" / "inner.html").read_text(encoding="utf-8") == "y"
    assert (tmp_path / "out" / "b").read_text(encoding="utf-8") == "file"
