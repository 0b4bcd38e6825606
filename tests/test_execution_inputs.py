"""Unit tests of what makes executed outputs stale beyond the code cells."""

from __future__ import annotations

from importlib import metadata

from coursebook.sphinx.execution import library_versions


def test_versions_name_fastai():
    assert f"fastai={metadata.version('fastai')}" in library_versions().split()


def test_versions_name_torch_and_torchvision():
    pins = library_versions().split()
    assert f"torch={metadata.version('torch')}" in pins
    assert f"torchvision={metadata.version('torchvision')}" in pins
