"""Keep pytest out of the test roots: their ``test_*.py`` files are snippet scripts, not tests."""

collect_ignore_glob = ["*"]
