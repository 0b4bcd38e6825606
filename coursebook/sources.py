"""Read course source files as UTF-8, whatever the locale, reporting encoding problems.

Chapters, snippet scripts and slide decks are always UTF-8. A file that is not
gets an ``encoding`` diagnostic at the line of the first invalid byte and is
read on with that byte replaced, so the remaining checks still run. A
byte-order mark is reported and dropped. CRLF and lone CR line endings are
accepted without a diagnostic. They are read as LF, as Sphinx and Python read
them, so line numbers match the build.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from coursebook.diagnostics import Diagnostic


def invalid_utf8(data: bytes, path: Path, offset_base: int = 0) -> Diagnostic | None:
    """Return the ``encoding`` diagnostic of the first byte of ``data`` that is not UTF-8, if any.

    ``offset_base`` is added to the byte offset in the message, for data
    that starts after a byte-order mark.
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Diagnostic(
            "encoding",
            f"파일이 UTF-8이 아닙니다: 파일 처음부터 {exc.start + offset_base}바이트 위치의 바이트 0x{data[exc.start]:02x}를 "
            "UTF-8로 읽지 못했습니다. 편집기에서 인코딩을 UTF-8로 바꿔 다시 저장하세요.",
            path,
            line,
        )
    return None


def decode_source(data: bytes, path: Path) -> tuple[str, list[Diagnostic]]:
    """Decode ``data`` (the bytes of ``path``) as UTF-8 with LF line endings."""
    diagnostics = []
    bom_length = 0
    if data.startswith(codecs.BOM_UTF8):
        bom_length = len(codecs.BOM_UTF8)
        data = data[bom_length:]
        diagnostics.append(
            Diagnostic(
                "encoding",
                "파일 맨 앞에 바이트 순서 표시(BOM)가 있습니다. 편집기에서 'BOM 없는 UTF-8'로 다시 저장하세요.",
                path,
                1,
            )
        )

    invalid = invalid_utf8(data, path, offset_base=bom_length)
    if invalid is None:
        text = data.decode("utf-8")
    else:
        diagnostics.append(invalid)
        text = data.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n"), diagnostics


def read_source(path: Path) -> tuple[str, list[Diagnostic]]:
    """Read ``path`` with :func:`decode_source`."""
    return decode_source(path.read_bytes(), path)
