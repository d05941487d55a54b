"""Robust sizing over synthesised weather years: ensemble profiles, shares, quantile criterion.

``size(scenario, weather_years=N, quantile=Q)`` sizes on one weather year (the first of the
ensemble) and simulates the plan with the rule-based dispatch on all N weather years. A year's
target counts as met *robustly* when the plan meets it in at least ``ceil(Q·N)`` of the N
weather years, i.e. the empirical probability P(target met) ≥ Q. While it does not, the
year's LP target is raised by the gap between the target and the critical share (the
``ceil(Q·N)``-th largest simulated share, an empirical (1 − Q)-quantile) plus a margin and the LP
is re-solved warm: the assure loop of :func:`solvers.sizing.size` with the ensemble in place of
the one profile set. See ``docs/tsa.md``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from simulator.core.errors import InputError
from simulator.core.kpis import SHARE_TOLERANCE
from simulator.core.profiles import Profiles, build_profiles, check_weather_years
from simulator.core.scenario import Scenario
from simulator.core.simulate import kpi_table, run_dispatch

__all__ = [
    "critical_shares",
    "ensemble_profiles",
    "ensemble_shares",
    "required_years",
    "robust_summary",
]


def required_years(weather_years: int, quantile: float) -> int:
    """Weather years in which a target must be met so that P(met) ≥ ``quantile``: ceil(Q·N)."""
    return max(1, math.ceil(quantile * weather_years - 1e-9))


def _check(scenario: Scenario, weather_years: int, quantile: float, first: int = 0) -> None:
    if int(weather_years) != weather_years or weather_years < 1:
        raise InputError("--weather-years", None, "must be an integer ≥ 1")
    if not 0.0 < quantile <= 1.0:
        raise InputError("--quantile", None, "must be in (0, 1]")
    check_weather_years(scenario, int(weather_years), first=first)


def ensemble_profiles(
    scenario: Scenario,
    weather_years: int,
    *,
    first: int = 0,
    base: Profiles | None = None,
) -> list[Profiles]:
    """Profiles of ``weather_years`` synthesised weather years ``first, first + 1, ...``.

    Parameters
    ----------
    scenario : Scenario
        The park (wind and solar must be synthesised, not read from CSV).
    weather_years : int
        Ensemble size N ≥ 1.
    first : int
        Weather realisation of the first member (the one the LP is solved on).
    base : Profiles, optional
        Use these as the first member instead of building them.

    Raises
    ------
    InputError
        N < 1, or measured wind/solar profiles with N > 1.
    """
    _check(scenario, weather_years, 0.5, first=first)
    out = [base if base is not None else build_profiles(scenario, weather_year=first)]
    for k in range(1, int(weather_years)):
        out.append(build_profiles(scenario, weather_year=first + k))
    return out


def ensemble_shares(
    scenario: Scenario, capacities: pd.DataFrame, ensemble: list[Profiles]
) -> np.ndarray:
    """Return the simulated renewable share of every year in every weather year, ``(N, years)``.

    Runs the dispatch kernel (:func:`simulator.core.simulate.run_dispatch`) on each member; yearly
    sums only (no hourly table).
    """
    out = np.empty((len(ensemble), scenario.years))
    for k, prof in enumerate(ensemble):
        _, sums = run_dispatch(scenario, prof, capacities)
        out[k] = kpi_table(scenario, sums)["renewable_share"].to_numpy()
    return out


def critical_shares(shares: np.ndarray, quantile: float) -> np.ndarray:
    """Per year the ``ceil(Q·N)``-th largest share over the ensemble [1], shape ``(years,)``.

    The target of a year is met in at least ceil(Q·N) weather years exactly when this share
    meets it.
    """
    s = np.sort(np.asarray(shares, dtype=float), axis=0)  # ascending over weather years
    n = s.shape[0]
    return s[n - required_years(n, quantile)]


def robust_summary(shares: np.ndarray, targets: np.ndarray, quantile: float) -> dict:
    """JSON-ready robustness figures of a plan (``plan.json``'s ``robust`` key).

    Parameters
    ----------
    shares : numpy.ndarray
        Simulated shares, shape ``(N weather years, years)`` [1].
    targets : numpy.ndarray
        Target share of each year [1].
    quantile : float
        Q: the wanted probability of meeting the target.

    Returns
    -------
    dict
        ``weather_years, quantile, required_years, p_meets_target`` (per year, share of the
        weather years that meet the target), ``meets_quantile`` (per year, P ≥ Q),
        ``critical_share`` (the ceil(Q·N)-th largest share), ``share_quantile`` (numpy's
        interpolated (1 − Q)-quantile), ``share_min``, ``share_mean``, ``shares`` (N × years).
    """
    s = np.asarray(shares, dtype=float)
    tgt = np.asarray(targets, dtype=float)
    met = s >= tgt[None, :] - SHARE_TOLERANCE
    p = met.mean(axis=0)
    return {
        "weather_years": int(s.shape[0]),
        "quantile": float(quantile),
        "required_years": required_years(s.shape[0], quantile),
        "p_meets_target": p.tolist(),
        "meets_quantile": (p >= quantile - 1e-12).tolist(),
        "critical_share": critical_shares(s, quantile).tolist(),
        "share_quantile": np.quantile(s, 1.0 - quantile, axis=0).tolist(),
        "share_min": s.min(axis=0).tolist(),
        "share_mean": s.mean(axis=0).tolist(),
        "shares": s.tolist(),
    }
