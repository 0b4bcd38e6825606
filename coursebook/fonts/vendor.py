"""Copy a Fontsource npm package's woff2 files and CSS into ``coursebook/_static/fonts``.

Run it when a font is added or updated, after ``npm pack`` and unpacking::

    python -m coursebook.fonts.vendor PACKAGE_DIR FAMILY_SLUG WEIGHT [WEIGHT ...]

Fontsource splits each weight into ``woff2`` files with a ``unicode-range``,
so a browser downloads only the parts whose characters a page uses. The CSS
keeps Fontsource's ``font-display: swap`` and drops the ``woff`` fallback,
which every browser that reads ``woff2`` never requests.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent.parent / "_static" / "fonts"

_WOFF_FALLBACK_RE = re.compile(r",\s*url\([^)]*\.woff\)\s*format\('woff'\)")
_URL_RE = re.compile(r"url\(\./files/([^)]+\.woff2)\)")


def vendor(package_dir: Path, family_slug: str, weights: list[int], fonts_dir: Path = FONTS_DIR) -> Path:
    """Copy the ``woff2`` files and the CSS of ``weights``; return the folder written."""
    target = fonts_dir / family_slug
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copy(package_dir / "LICENSE", target / "LICENSE")

    css_parts = []
    for weight in weights:
        css = (package_dir / f"{weight}.css").read_text(encoding="utf-8")
        css = _WOFF_FALLBACK_RE.sub("", css)
        for name in _URL_RE.findall(css):
            shutil.copy(package_dir / "files" / name, target / name)
        css_parts.append(_URL_RE.sub(r"url(./\1)", css))
    (target / "font.css").write_text("\n".join(css_parts), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package_dir", type=Path, help="unpacked Fontsource package (the folder with package.json)")
    parser.add_argument("family_slug", help="folder name under coursebook/_static/fonts, e.g. noto-sans-kr")
    parser.add_argument("weights", type=int, nargs="+", help="font weights to copy, e.g. 400 700")
    arguments = parser.parse_args()
    target = vendor(arguments.package_dir, arguments.family_slug, arguments.weights)
    print(target)


if __name__ == "__main__":
    main()
