"""WebP re-encoding of cell image outputs: format choice, size, determinism and the cache."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from coursebook import image_encoding
from coursebook.image_encoding import convert_cached, encode

MAX_WIDTH = 1512


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def line_plot(width: int = 554, height: int = 453) -> Image.Image:
    """Return an RGBA image like a matplotlib loss plot: a white canvas with lines."""
    image = Image.new("RGBA", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 20, width - 20, height - 40), outline="black")
    points = [(40 + x, 60 + int(300 / (1 + x / 40))) for x in range(0, width - 60, 4)]
    draw.line(points, fill=(31, 119, 180), width=2)
    return image


def photo(width: int = 483, height: int = 502) -> Image.Image:
    """Return noisy colour pixels with smooth shading, which only lossy encoding shrinks much."""
    generator = random.Random(0)
    noise = bytes(generator.randrange(256) for _ in range(width * height * 3))
    image = Image.frombytes("RGB", (width, height), noise)
    return Image.blend(image, Image.linear_gradient("L").resize((width, height)).convert("RGB"), 0.7)


def webp_chunk(data: bytes) -> bytes:
    """Return the first chunk name of a WebP file: VP8 (lossy) or VP8L (lossless)."""
    assert data[:4] == b"RIFF"
    assert data[8:12] == b"WEBP"
    chunk = data[12:16]
    return chunk if chunk != b"VP8X" else data[30:34]


def test_line_plot_is_lossless_webp():
    encoded, suffix, size = encode(png_bytes(line_plot()), MAX_WIDTH, ".png")
    assert suffix == ".webp"
    assert webp_chunk(encoded) == b"VP8L"
    assert size == (554, 453)


def test_photo_is_lossy_webp():
    encoded, suffix, size = encode(png_bytes(photo()), MAX_WIDTH, ".png")
    assert suffix == ".webp"
    assert webp_chunk(encoded) == b"VP8 "
    assert size == (483, 502)


def test_encoding_smaller_than_png():
    for image in (line_plot(), photo()):
        original = png_bytes(image)
        encoded, _, _ = encode(original, MAX_WIDTH, ".png")
        assert len(encoded) < len(original)


def test_wide_image_scaled_to_max_width():
    _, _, size = encode(png_bytes(line_plot(3024, 1000)), MAX_WIDTH, ".png")
    assert size == (1512, 500)


def test_narrow_image_never_upscaled():
    _, _, size = encode(png_bytes(line_plot(300, 200)), MAX_WIDTH, ".png")
    assert size == (300, 200)


def test_opaque_alpha_dropped():
    encoded, _, _ = encode(png_bytes(line_plot()), MAX_WIDTH, ".png")
    with Image.open(io.BytesIO(encoded)) as image:
        assert image.mode == "RGB"


def test_transparency_kept():
    image = line_plot()
    image.putpixel((0, 0), (0, 0, 0, 0))
    encoded, _, _ = encode(png_bytes(image), MAX_WIDTH, ".png")
    with Image.open(io.BytesIO(encoded)) as decoded:
        assert decoded.mode == "RGBA"
        assert decoded.getpixel((0, 0))[3] == 0


def test_same_input_same_bytes():
    data = png_bytes(photo())
    assert encode(data, MAX_WIDTH, ".png") == encode(data, MAX_WIDTH, ".png")


def test_cache_reuses_file(tmp_path: Path, monkeypatch):
    source = tmp_path / "plot.png"
    source.write_bytes(png_bytes(line_plot()))
    first = convert_cached(source, tmp_path / "cache", MAX_WIDTH)
    modified = first.path.stat().st_mtime_ns

    def fail(*args, **kwargs):
        raise AssertionError("encode() ran again for a cached image")

    monkeypatch.setattr(image_encoding, "encode", fail)
    second = convert_cached(source, tmp_path / "cache", MAX_WIDTH)
    assert second == first
    assert second.path.stat().st_mtime_ns == modified


def test_cache_key_changes_with_max_width(tmp_path: Path):
    source = tmp_path / "plot.png"
    source.write_bytes(png_bytes(line_plot(1200, 600)))
    wide = convert_cached(source, tmp_path / "cache", MAX_WIDTH)
    narrow = convert_cached(source, tmp_path / "cache", 600)
    assert wide.path != narrow.path
    assert (narrow.width, narrow.height, narrow.source_width) == (600, 300, 1200)


def test_cache_leaves_no_partial_files(tmp_path: Path):
    source = tmp_path / "photo.png"
    source.write_bytes(png_bytes(photo()))
    result = convert_cached(source, tmp_path / "cache", MAX_WIDTH)
    assert [path.name for path in (tmp_path / "cache").iterdir()] == [result.path.name]
    assert result.path.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("width", [0, -1])
def test_config_rejects_max_width_below_one(width):
    import dataclasses as dc

    from sphinx.errors import ConfigError

    from coursebook.sphinx.config import CoursebookConfig, validate

    values = {f"coursebook_{field.name}": field.default for field in dc.fields(CoursebookConfig)}
    values["coursebook_image_max_width"] = width
    with pytest.raises(ConfigError, match="coursebook_image_max_width"):
        validate(None, values)
