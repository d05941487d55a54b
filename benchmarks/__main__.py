"""``python -m benchmarks [--quick] [--out DIR] [--only SECTIONS]``: run the benchmark suite."""

import sys

from benchmarks.suite import main

sys.exit(main())
