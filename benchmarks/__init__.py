"""Benchmark scripts and the synthetic district data they (and the tests) use; not installed."""
