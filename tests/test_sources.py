"""Reading source files as UTF-8: byte-order marks, invalid bytes and line endings."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from coursebook.sources import decode_source, invalid_utf8

PATH = Path("chapter.md")


def test_crlf_and_cr_read_as_lf():
    text, diagnostics = decode_source(b"a\r\nb\rc\n", PATH)
    assert (text, diagnostics) == ("a\nb\nc\n", [])


def test_bom_dropped_and_reported():
    text, diagnostics = decode_source(b"\xef\xbb\xbf---\n", PATH)
    assert text == "---\n"
    assert [(d.code, d.line) for d in diagnostics] == [("encoding", 1)]


def test_invalid_byte_after_bom_offset_counts_bom():
    _, diagnostics = decode_source(b"\xef\xbb\xbfab\n\xff\n", PATH)
    assert [(d.code, d.line) for d in diagnostics] == [("encoding", 1), ("encoding", 2)]
    assert "파일 처음부터 6바이트 위치의 바이트 0xff" in diagnostics[1].message


def test_valid_utf8_has_no_invalid_byte():
    assert invalid_utf8("한글\n".encode(), PATH) is None


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400))
def test_any_bytes_decode_with_located_diagnostics(data):
    text, diagnostics = decode_source(data, PATH)
    assert "\r" not in text
    line_count = data.count(b"\n") + 1
    for diagnostic in diagnostics:
        assert diagnostic.code == "encoding"
        assert 1 <= diagnostic.line <= line_count
