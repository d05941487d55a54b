"""Benchmark suite of parkbalance (kept out of pytest): ``python -m benchmarks``."""
