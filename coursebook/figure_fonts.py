"""Hangul in matplotlib figures drawn while the book executes its code.

Matplotlib's default font, DejaVu Sans, has no Hangul, so a title such as
``학습 손실`` renders as boxes with a "Glyph missing from font" warning.
:data:`PRELUDE_SOURCE` runs in the kernel before each code block: it adds
the NanumGothic TrueType files that the ``koreanize-matplotlib`` package
ships (SIL Open Font License) and makes NanumGothic the fallback after
DejaVu Sans, so Latin text keeps its look and Hangul comes from NanumGothic.
It locates the package without importing it, because importing it changes
matplotlib's settings as a side effect. Without the package it does nothing.
"""

from __future__ import annotations

FONT_PACKAGE = "koreanize_matplotlib"
FONT_FAMILIES = ("DejaVu Sans", "NanumGothic")

PRELUDE_SOURCE = f"""\
def _coursebook_hangul_fonts():
    import importlib.util
    import pathlib
    spec = importlib.util.find_spec({FONT_PACKAGE!r})
    if spec is None or not spec.submodule_search_locations:
        return
    from matplotlib import font_manager, rcParams
    fonts_dir = pathlib.Path(spec.submodule_search_locations[0]) / "fonts"
    for path in sorted(fonts_dir.glob("NanumGothic*.ttf")):
        font_manager.fontManager.addfont(str(path))
    rcParams["font.family"] = {list(FONT_FAMILIES)!r}
_coursebook_hangul_fonts()
del _coursebook_hangul_fonts"""
