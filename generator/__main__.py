"""`python -m generator` runs the `gongshi` command."""

import sys

from generator.commands.cli import main

sys.exit(main())
