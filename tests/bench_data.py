"""bench/dataset.py, for the tests: the fault tests' data set is the quick bench one, and
its calendar (anchor day → payroll month, appraisal quarter) is decided there only.

bench/ is a folder of scripts, not a package; its directory is appended to sys.path (as
tests/faults/jobs_helper.py puts it in front for its child process), last, so that its
generic module names (`common`, `run`) never shadow anything in the test process.
"""

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))

import dataset  # noqa: E402

__all__ = ["dataset"]
