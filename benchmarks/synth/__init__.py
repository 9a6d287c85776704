"""Synthetic records: the example district's directories and plans, and district-scale
benchmark data with draws and results.  Outside the installed package: only the benchmarks,
the tests and whoever regenerates `records/` use it (see records/README.md).
"""

from benchmarks.synth.activity import write_activity
from benchmarks.synth.district import SIZES, write_district

__all__ = ["SIZES", "write_activity", "write_district"]
