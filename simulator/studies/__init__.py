"""Studies over many runs: dispatch and LP sweeps, variant comparisons, study files.

Built on the core and the solvers (docs/architecture.md).
"""
