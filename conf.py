"""Sphinx configuration of the Korean fastai course book.

Build with ``make book``; the sources are under ``book/`` and this file sits
at the repository root, so paths here are relative to the root.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

project = "fastai 강좌"
author = "fastai 강좌 저자들"
copyright = "2026, fastai 강좌 저자들"
language = "ko"

extensions = ["coursebook.sphinx"]

# Slide decks are read by the slides directive, never as pages of their own.
exclude_patterns = ["slides/**", "_build", "**/.ipynb_checkpoints"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# Each chapter page runs in one kernel; the cache keeps its outputs until a
# code cell, a snippet file or the provisioned inputs change.
nb_execution_mode = "cache"
# Absolute, because myst-nb resolves a relative path against the working folder.
nb_execution_cache_path = str(ROOT / "_build" / ".jupyter_cache")
nb_execution_timeout = 600
nb_execution_allow_errors = False
nb_execution_raise_on_error = False
nb_execution_show_tb = False
nb_merge_streams = True

coursebook_chapters_dir = "book/chapters"
coursebook_snippets_dir = "snippets"
coursebook_slides_dir = "book/slides"
coursebook_cache_dir = "_build/cache"

html_theme = "sphinx_book_theme"
html_title = "fastai 강좌"
html_static_path = ["book/_static"]
html_last_updated_fmt = None
html_theme_options = {
    "show_prev_next": False,
    "use_download_button": True,
    "home_page_in_toc": True,
}
