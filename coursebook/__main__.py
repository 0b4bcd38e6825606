"""Run the ``coursebook`` command as ``python -m coursebook``."""

import sys

from coursebook.cli import main

sys.exit(main())
