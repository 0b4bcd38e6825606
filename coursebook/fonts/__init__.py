"""Self-hosted web fonts for Korean pages, vendored from Fontsource npm packages.

Each entry of :data:`FONTS` is a folder under ``coursebook/_static/fonts``
written by :mod:`coursebook.fonts.vendor`, with the package's licence file
(SIL Open Font License 1.1) beside the fonts.
"""

from __future__ import annotations

import dataclasses as dc


@dc.dataclass(frozen=True)
class VendoredFont:
    """One font family copied from an npm package."""

    folder: str
    family: str
    package: str
    version: str
    weights: tuple[int, ...]

    @property
    def css_path(self) -> str:
        """Return the CSS file's path relative to the static folder."""
        return f"fonts/{self.folder}/font.css"


FONTS = (
    VendoredFont("noto-sans-kr", "Noto Sans KR", "@fontsource/noto-sans-kr", "5.3.0", (400, 700)),
    VendoredFont("nanum-gothic-coding", "Nanum Gothic Coding", "@fontsource/nanum-gothic-coding", "5.3.0", (400,)),
)
