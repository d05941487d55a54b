"""Optimiser of parkbalance: multi-year least-cost sizing with Pyomo and HiGHS."""
