"""The core layer: vocabulary, scenario, profiles, the dispatch kernel, KPIs, verdict and rule sets.

Imports nothing of the layers above (docs/architecture.md).
"""
