"""Compare the executed outputs of one chapter page in two HTML builds.

Usage: ``python benchmarks/compare_outputs.py OLD_HTML_DIR NEW_HTML_DIR``.
For each code block it compares the training tables (without fastai's
wall-clock ``time`` column) and the text outputs (with memory addresses
removed), prints the code blocks that differ with their first rows, and
exits with 1 when any differs. Use it to check that a change to the build
keeps the book's numbers.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from bs4 import BeautifulSoup

PAGE = "chapters/chapter2.html"
ADDRESS_RE = re.compile(r" at 0x[0-9a-f]+")


def block_outputs(html_dir: Path, page: str) -> dict[str, tuple[list[list[str]], list[str]]]:
    """Map each code block id of ``page`` to its training table rows and text outputs."""
    soup = BeautifulSoup((html_dir / page).read_text(encoding="utf-8"), "html.parser")
    outputs = {}
    for block in soup.select(".cb-codeblock"):
        rows = []
        for table in block.select(".cell_output table"):
            headers = [cell.get_text(strip=True) for cell in table.select("thead th")]
            for row in table.select("tbody tr"):
                cells = [cell.get_text(strip=True) for cell in row.select("td")]
                rows.append([cell for header, cell in zip(headers, cells) if header != "time"])
        texts = [ADDRESS_RE.sub("", output.get_text()) for output in block.select(".cell_output pre")]
        outputs[block.get("data-codeblock") or block.get("id", "?")] = (rows, texts)
    return outputs


def main() -> int:
    parser = argparse.ArgumentParser(description="Compare the executed outputs of a chapter page in two builds.")
    parser.add_argument("old", type=Path, help="HTML output folder of the first build")
    parser.add_argument("new", type=Path, help="HTML output folder of the second build")
    parser.add_argument("--page", default=PAGE, help=f"page to compare, relative to the folders (default {PAGE})")
    args = parser.parse_args()

    old = block_outputs(args.old, args.page)
    new = block_outputs(args.new, args.page)
    differing = [codeblock for codeblock in sorted(old.keys() | new.keys()) if old.get(codeblock) != new.get(codeblock)]
    for codeblock in differing:
        print(f"{codeblock} differs")
        print(f"  old: {old.get(codeblock, ([], []))[0][:4]}")
        print(f"  new: {new.get(codeblock, ([], []))[0][:4]}")
    print(f"{len(old)} code blocks compared, {len(differing)} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
