"""Find the helper modules that snippets import from the snippets folder.

A solution may import a module that sits next to it (``snippets/chapter2/
plots.py``) or at the top of the snippets folder. Its outputs then depend on
that module's code as much as on its own, so the files found here are part of
the code block's cache key and of the page's dependencies.
"""

from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path

# Lines that IPython runs but Python cannot parse: magics and shell escapes.
_MAGIC_RE = re.compile(r"^\s*[%!]")
_IMPORT_RE = re.compile(r"^\s*(?:from|import)\s+([A-Za-z_]\w*)", re.MULTILINE)


def without_magics(source: str) -> str:
    """Return ``source`` with IPython's magic and shell lines blanked, so that Python can parse it."""
    return "\n".join("" if _MAGIC_RE.match(line) else line for line in source.splitlines())


def imported_names(source: str) -> set[str]:
    """Return the top-level module names that ``source`` imports absolutely."""
    code = without_magics(source)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        # The snippet check reports the syntax error; a rough scan still finds
        # the helpers, so the page is re-read when one of them changes.
        return set(_IMPORT_RE.findall(code))

    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _module_files(name: str, folders: list[Path]) -> list[Path]:
    for folder in folders:
        module = folder / f"{name}.py"
        if module.is_file():
            return [module]
        package = folder / name
        if (package / "__init__.py").is_file():
            return sorted(package.rglob("*.py"))
    return []


def helper_files(sources: list[str], folders: list[Path]) -> list[Path]:
    """Return every file under ``folders`` that ``sources`` import, directly or through each other.

    ``folders`` are searched in order, as ``sys.path`` would be. Modules found
    elsewhere (the standard library, fastai) are not helpers.
    """
    found: dict[Path, None] = {}
    pending = list(sources)
    while pending:
        source = pending.pop()
        for name in sorted(imported_names(source)):
            for path in _module_files(name, folders):
                path = path.resolve()
                if path in found:
                    continue
                found[path] = None
                pending.append(path.read_text(encoding="utf-8", errors="replace"))
    return sorted(found)


def helper_digests(files: list[Path], root: Path) -> dict[str, str]:
    """Map each helper file, relative to ``root``, to the sha256 of its bytes."""
    digests = {}
    for path in files:
        try:
            name = path.relative_to(root).as_posix()
        except ValueError:
            name = path.as_posix()
        digests[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests
