"""Re-encode a figure as WebP at no more than the pixels a screen can show.

A cell's PNG output (a matplotlib plot, a fastai grid of photos) is scaled
down to ``max_width`` pixels, never up, and encoded lossy at
:data:`LOSSY_QUALITY` and lossless. Lossless wins when it is the smaller
file, which is the case for line plots with few colours, because there lossy
only adds ringing around the lines. The original PNG is kept when it is
smaller than both. The output depends only on the input bytes, ``max_width``, the
constants below and the libwebp version, so the same input gives the same
bytes, and :func:`convert_cached` names each result after a hash of them.
"""

from __future__ import annotations

import dataclasses as dc
import hashlib
import io
import os
import tempfile
from pathlib import Path

from PIL import Image, features

# Chosen on chapter 2's outputs with libwebp 1.6 (Pillow 13). Quality 82 made
# the 483x502 photo grids 20-24 KB (from 280 KB as PNG) with no blocking
# visible at 2x zoom. Lossless made the loss plot 6.1 KB against 6.9 KB lossy.
LOSSY_QUALITY = 82
# libwebp's slowest, smallest setting. The cache makes its cost a one-off.
METHOD = 6
# Thorough lossless encoding took 4-6 s per photo grid on one core, so a
# quick lossless probe (0.1-0.2 s) runs first. On chapter 2's outputs the
# thorough encoding was 1-14 % smaller than the probe, so a probe more than
# twice the lossy size cannot win and the thorough encoding is skipped.
PROBE_METHOD = 4
PROBE_QUALITY = 50
PROBE_RATIO = 2
# Part of every cache key, so changing the encoding rules above re-encodes.
ENCODING_VERSION = "1"


@dc.dataclass(frozen=True)
class EncodedImage:
    """A re-encoded image file, its pixel size and the input's pixel width."""

    path: Path
    width: int
    height: int
    source_width: int


def encode(data: bytes, max_width: int, original_suffix: str) -> tuple[bytes, str, tuple[int, int]]:
    """Return the smallest encoding of ``data`` as ``(bytes, suffix, (width, height))``.

    ``original_suffix`` is returned when the input bytes themselves are smallest.
    """
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        pixels = _flatten_opaque(image)
    if pixels.width > max_width:
        height = max(1, round(pixels.height * max_width / pixels.width))
        pixels = pixels.resize((max_width, height), Image.Resampling.LANCZOS)
        # A scaled copy has no original file to fall back on.
        candidates = []
    else:
        candidates = [(data, original_suffix)]
    lossy = _webp(pixels, quality=LOSSY_QUALITY, method=METHOD)
    probe = _webp(pixels, quality=PROBE_QUALITY, method=PROBE_METHOD, lossless=True)
    if len(probe) <= PROBE_RATIO * len(lossy):
        # For lossless WebP, quality sets the compression effort, not fidelity.
        candidates.append((_webp(pixels, quality=100, method=METHOD, lossless=True), ".webp"))
    candidates.append((lossy, ".webp"))
    # min() keeps the first of equal sizes: the original, then lossless.
    encoded, suffix = min(candidates, key=lambda candidate: len(candidate[0]))
    return encoded, suffix, pixels.size


def convert_cached(source: Path, cache_dir: Path, max_width: int) -> EncodedImage:
    """Encode ``source`` into ``cache_dir`` once; later calls with the same bytes reuse the file.

    The file is written under a unique temporary name and renamed, so a build
    that stops half-way never leaves a truncated image under a cache name, and
    two parallel readers that encode the same image do not write one file.
    """
    data = source.read_bytes()
    with Image.open(io.BytesIO(data)) as original:
        source_width = original.width
    key = _cache_key(data, max_width)
    for suffix in (".webp", source.suffix):
        cached = cache_dir / f"{key}{suffix}"
        if cached.is_file():
            with Image.open(cached) as image:
                return EncodedImage(cached, *image.size, source_width)

    encoded, suffix, (width, height) = encode(data, max_width, source.suffix)
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / f"{key}{suffix}"
    with tempfile.NamedTemporaryFile(dir=cache_dir, prefix=f"{key}.", suffix=".partial", delete=False) as partial:
        partial.write(encoded)
    # NamedTemporaryFile creates the file readable by its owner only, and
    # Sphinx copies that mode into the published _images folder.
    os.chmod(partial.name, 0o644)
    Path(partial.name).replace(target)
    return EncodedImage(target, width, height, source_width)


def _cache_key(data: bytes, max_width: int) -> str:
    digest = hashlib.sha256(data)
    settings = (ENCODING_VERSION, max_width, LOSSY_QUALITY, METHOD, PROBE_METHOD, PROBE_QUALITY, PROBE_RATIO)
    rules = ":".join(map(str, settings)) + f":libwebp {features.version('webp')}"
    digest.update(rules.encode("ascii"))
    return digest.hexdigest()


def _flatten_opaque(image: Image.Image) -> Image.Image:
    """Return ``image`` as RGB when every pixel is opaque, else as RGBA.

    Matplotlib writes RGBA PNGs with an opaque background. An alpha channel
    that is 255 everywhere only costs bytes.
    """
    if image.mode in ("RGB", "L"):
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    if rgba.getchannel("A").getextrema() == (255, 255):
        return rgba.convert("RGB")
    return rgba


def _webp(image: Image.Image, *, quality: int, method: int, lossless: bool = False) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=quality, method=method, lossless=lossless)
    return buffer.getvalue()
