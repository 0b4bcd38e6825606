"""Generated stand-ins for datasets and weights that could not be found.

A stand-in lets the book build without network access. Its file names,
labels and CSV rows match the real data, so the chapter code runs unchanged.
Its images are coloured shapes with the label written on them, and its
weights are random, so trained results differ from the real ones. The same
inputs give the same bytes on one machine with one Pillow and torch version,
so execution caches stay valid.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from coursebook.provision.archives import MemberSource, with_parent_dirs, write_tar_gz
from coursebook.provision.assets import DatasetAsset, ManifestImage, ManifestTable, WeightsAsset

_FONT_SIZE = 22
_JPEG_QUALITY = 85
# Seeds the random weights, so every stand-in checkpoint is the same file.
_WEIGHTS_SEED = 0


def write_dataset_standin(asset: DatasetAsset, dest: Path) -> None:
    """Write a stand-in archive of ``asset`` to ``dest``, with files under ``<key>/``."""
    members: dict[str, MemberSource] = {}
    for image in asset.images:
        members[f"{asset.key}/{image.path}"] = render_image(asset.key, image)
    for table in asset.tables:
        members[f"{asset.key}/{table.path}"] = render_table(table)
    write_tar_gz(dest, with_parent_dirs(members))


def render_image(dataset_key: str, image: ManifestImage) -> bytes:
    """Draw a JPEG of random shapes with the image's label and "STAND-IN" on it.

    The random generator is seeded from the dataset key and the image path,
    so each file looks different but is the same on every call.
    """
    seed_bytes = hashlib.sha256(f"{dataset_key}/{image.path}".encode()).digest()
    rng = random.Random(int.from_bytes(seed_bytes[:8], "big"))

    width = rng.randrange(360, 481, 8)
    height = rng.randrange(270, 361, 8)
    canvas = Image.new("RGB", (width, height), _random_colour(rng))
    draw = ImageDraw.Draw(canvas)

    for _ in range(rng.randint(3, 6)):
        _draw_shape(draw, rng, width, height)

    # load_default(size=...) returns the FreeType font that ships inside
    # Pillow, so no system font is needed. It needs Pillow 10.1 or later.
    font = ImageFont.load_default(size=_FONT_SIZE)
    draw.multiline_text(
        (12, 12),
        f"{image.label}\nSTAND-IN",
        font=font,
        fill=(255, 255, 255),
        stroke_width=2,
        stroke_fill=(0, 0, 0),
    )

    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=_JPEG_QUALITY)
    return buffer.getvalue()


def render_table(table: ManifestTable) -> bytes:
    """Return the CSV text of ``table`` with ``\\n`` line ends, as the real file has."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return text.getvalue().encode()


def write_weights_standin(asset: WeightsAsset, dest: Path) -> None:
    """Save the state dict of an untrained ``asset.architecture`` model to ``dest``.

    The model has the same parameter names and shapes as the pretrained one,
    so ``load_state_dict`` accepts it, but its predictions are meaningless.
    """
    # Imported here because torch takes seconds to import and only the
    # weights stand-in needs it.
    import torch
    import torchvision

    builder = getattr(torchvision.models, asset.architecture)
    # fork_rng keeps the caller's global torch random state unchanged.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(_WEIGHTS_SEED)
        model = builder(weights=None)

    # torch.save to a file object writes the same bytes whatever the
    # destination file is called.
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    dest.write_bytes(buffer.getvalue())


def _random_colour(rng: random.Random) -> tuple[int, int, int]:
    return (rng.randrange(256), rng.randrange(256), rng.randrange(256))


def _draw_shape(draw: ImageDraw.ImageDraw, rng: random.Random, width: int, height: int) -> None:
    left = rng.randrange(0, width - 40)
    top = rng.randrange(0, height - 40)
    right = rng.randrange(left + 30, width)
    bottom = rng.randrange(top + 30, height)
    colour = _random_colour(rng)
    kind = rng.choice(("ellipse", "rectangle", "triangle"))
    if kind == "ellipse":
        draw.ellipse((left, top, right, bottom), fill=colour)
    elif kind == "rectangle":
        draw.rectangle((left, top, right, bottom), fill=colour)
    else:
        draw.polygon([(left, bottom), ((left + right) // 2, top), (right, bottom)], fill=colour)
