"""`python -m generator` runs the `gongshi` command."""

import sys

from .cli import main

sys.exit(main())
