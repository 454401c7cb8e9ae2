"""`python -m flows.bench`: the benchmark (also `newsflow bench`)."""

import sys

from flows.bench.runner import main

sys.exit(main())
