"""Write tiny books into a temporary folder and run ``coursebook check`` on them."""

from __future__ import annotations

import dataclasses as dc
import re
from pathlib import Path

from coursebook.cli import main

CHAPTER = "book/chapters/chapter1.md"
SNIPPETS = "snippets/chapter1"

# A chapter with one code block, one choice and one slide deck; the tests
# edit it line by line, so the line numbers below are fixed.
CHAPTER_TEXT = """\
---
title: '1장: 시험용 장'
---

<exercise id="1" title="계산하기">

아래 코드를 실행해 보세요.

<codeblock id="01_01">
힌트입니다.
</codeblock>

<choice>
<opt text="둘" correct="true">맞습니다.</opt>
<opt text="셋">아닙니다.</opt>
</choice>

</exercise>

<exercise id="2" title="슬라이드" type="slides">

<slides source="deck">
</slides>

</exercise>
"""

SNIPPET_FILES = {
    f"{SNIPPETS}/exc_01_01.py": "# %%\ntotal = ___ + 2\nprint(total)\n",
    f"{SNIPPETS}/solution_01_01.py": "# %%\ntotal = 1 + 2\nprint(total)\n",
    f"{SNIPPETS}/test_01_01.py": "# %%\nassert total == 3\n",
}
DECK_FILES = {"book/slides/deck.md": "# 첫 슬라이드\n\n내용\n\n---\n\n# 둘째 슬라이드\n"}

_LINE_RE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<message>.*) \[coursebook\.(?P<code>[\w-]+)\]$")


@dc.dataclass(frozen=True)
class Reported:
    """One diagnostic line of the check output."""

    path: str
    line: int
    code: str
    message: str


@dc.dataclass
class CheckRun:
    """Exit status and output of one ``coursebook check``."""

    status: int
    stdout: str
    stderr: str

    def reported(self) -> list[Reported]:
        found = []
        for line in self.stdout.splitlines():
            match = _LINE_RE.match(line)
            if match:
                found.append(Reported(match["path"], int(match["line"]), match["code"], match["message"]))
        return found

    def located(self) -> list[tuple[str, int, str]]:
        return [(item.path, item.line, item.code) for item in self.reported()]

    def summary(self) -> str:
        return self.stdout.splitlines()[-1]


def write_book(root: Path, files: dict[str, str | bytes | None] | None = None, *, conf: str = "") -> Path:
    """Write the sample book into ``root``; ``files`` replaces (text or bytes) or deletes (``None``) files."""
    contents: dict[str, str | bytes | None] = {CHAPTER: CHAPTER_TEXT, **SNIPPET_FILES, **DECK_FILES}
    contents.update(files or {})
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text('extensions = ["coursebook.sphinx"]\n' + conf, encoding="utf-8")
    for relative, content in contents.items():
        if content is None:
            continue
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def edit_chapter(old: str, new: str, text: str = CHAPTER_TEXT) -> str:
    """Return ``text`` with ``old`` replaced once by ``new``; fail if ``old`` is absent."""
    assert old in text, f"{old!r} is not in the chapter"
    return text.replace(old, new, 1)


def run_check(root: Path, *args: str, capsys, monkeypatch) -> CheckRun:
    """Run ``coursebook check ARGS`` with ``root`` as the working folder."""
    monkeypatch.chdir(root)
    capsys.readouterr()
    status = main(["check", *args])
    out = capsys.readouterr()
    return CheckRun(status, out.out, out.err)
