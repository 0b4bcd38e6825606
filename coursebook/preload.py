"""The library modules a code block imports, which its kernel imports before seeding.

A kernel runs many code blocks but imports a library once, in the first block
that imports it. Some libraries draw random numbers or warn while they are
imported: importing fastai draws from Python's random generator, which the
prelude has just seeded, so a block that imports fastai first on its kernel
showed another batch of pictures than the same block after fastai was
imported. Importing the block's libraries in the hidden reset cell, before
the prelude seeds, makes the block's outputs independent of what its kernel
ran before.

NOTE: a module that a library imports only when called, during the block,
is still imported after the seeds in whichever block first makes that call.
"""

from __future__ import annotations

import ast

from coursebook.helper_modules import without_magics


def preload_modules(sources: list[str]) -> list[str]:
    """Return the absolute module names that ``sources`` import, in first-seen order.

    ``from a.b import c`` gives ``a.b`` and ``a.b.c``, since ``c`` may be a
    submodule; the reset cell skips names that are not modules. The reset cell
    also skips helper modules, found in the snippets folder, because the block
    imports them again every time.
    """
    names: dict[str, None] = {}
    for source in sources:
        try:
            tree = ast.parse(without_magics(source))
        except SyntaxError:
            # The block fails at the same line when it runs; nothing to preload.
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(dict.fromkeys(alias.name for alias in node.names))
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names[node.module] = None
                names.update(dict.fromkeys(f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*"))
    return list(names)
