"""`python -m flows` is the `newsflow` command."""

import sys

from flows.cli import main

sys.exit(main())
