"""Removal of unused theme scripts from the page head markup."""

from __future__ import annotations

from coursebook.sphinx.page_assets import ICON_SCRIPTS, SEARCH_SCRIPTS, unused_scripts, without_scripts

HEAD = """\
  <script defer src="../_static/scripts/fontawesome.js?digest=90905a2f556bf617f1a9"></script>
  <link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=90905a2f556bf617f1a9" />
    <script src="../_static/searchtools.js"></script>
    <script src="../_static/language_data.js"></script>
    <script src="../searchindex.js"></script>
    <script src="../_static/doctools.js?v=fd6eb6e6"></script>
"""


def test_removes_listed_scripts():
    html = without_scripts(HEAD, ICON_SCRIPTS + SEARCH_SCRIPTS)
    assert html == (
        '  <link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=90905a2f556bf617f1a9" />\n'
        '    <script src="../_static/doctools.js?v=fd6eb6e6"></script>\n'
    )


def test_keeps_scripts_at_root_unless_listed():
    html = '<script src="searchindex.js"></script>\n<script src="_static/scripts/fontawesome.js?digest=1"></script>\n'
    assert without_scripts(html, ICON_SCRIPTS) == '<script src="searchindex.js"></script>\n'


def test_path_must_match_whole_name():
    html = '<script src="../_static/my-searchtools.js"></script>\n'
    assert without_scripts(html, SEARCH_SCRIPTS) == html


def test_search_as_you_type_keeps_search_scripts():
    assert unused_scripts({"theme_search_as_you_type": True}) == ICON_SCRIPTS
    assert unused_scripts({"theme_search_as_you_type": "True"}) == ICON_SCRIPTS


def test_search_scripts_unused_by_default():
    assert unused_scripts({"theme_search_as_you_type": "False"}) == ICON_SCRIPTS + SEARCH_SCRIPTS
    assert unused_scripts({}) == ICON_SCRIPTS + SEARCH_SCRIPTS
