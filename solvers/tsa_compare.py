"""Compare fast sizings (typical days, chronological segments) with the full-hour LP.

:func:`compare_typical_days` sizes a scenario on all hours and with N typical days or K segments
and tabulates the objective error and the speed-up (``docs/tsa.md``, ``benchmarks/bench_tsa``).
It sits above :mod:`solvers.sizing`, which uses :mod:`solvers.tsa`, so neither imports the other
in a circle.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from simulator.core.profiles import Profiles
from simulator.core.scenario import Scenario
from solvers.lp import ASSETS
from solvers.sizing import size

__all__ = ["compare_typical_days"]


def _lp_seconds(result: object) -> float:
    """Wall time of the optimisation part: clustering + build + hand-off + HiGHS [s]."""
    t = result.timing
    return float(t.get("tsa_s", 0.0) + t["build_s"] + t["handoff_s"] + t["solve_s"])


def compare_typical_days(
    scenario: Scenario,
    counts: Sequence[int] = (8, 16, 32, 64),
    full: object | None = None,
    *,
    profiles: Profiles | None = None,
    assure: bool = True,
    segment_counts: Sequence[int] = (),
    **size_options: object,
) -> pd.DataFrame:
    """Size a scenario on all hours, N typical days and K segments; tabulate speed and accuracy.

    Parameters
    ----------
    scenario : Scenario
        The park.
    counts : sequence of int
        Representative days per year to try.
    full : SizingResult, optional
        A precomputed full-hour sizing of the same scenario and profiles (it takes 1–3 minutes);
        None = solve it here (with the same ``assure`` and options).
    profiles : Profiles, optional
        Default :func:`simulator.core.profiles.build_profiles` of the scenario.
    assure : bool
        Run the typical-days sizings with the assure loop (every target met in the full-hour
        simulation); their time includes every LP solve of the loop.
    segment_counts : sequence of int
        Chronological segments per year to try as well (:mod:`solvers.segments`; rows
        ``seg<K>``, ``n_days`` empty, ``n_segments`` = K).
    **size_options
        Passed to :func:`solvers.sizing.size` (``algorithm``, ``threads``, ...).

    Returns
    -------
    pandas.DataFrame
        One row per case (``case`` = "full", "td<N>" or "seg<K>"): ``n_days``, ``n_segments``,
        ``rep_days``, ``rows``, ``columns``, ``lp_solves``, ``tsa_s``, ``lp_s`` (clustering +
        build + hand-off + HiGHS, all solves) [s], ``total_s`` (with the simulations) [s],
        ``speedup`` (full ``lp_s`` / this ``lp_s``), ``objective`` [currency],
        ``objective_error_pct`` (vs full) [%],
        ``capacity_error_pct_<asset>`` (final-year capacity vs full, relative to the full value;
        absolute MW/MWh where the full value is 0), ``sim_share_<year>`` (full-hour simulation
        [1]), ``targets_met`` (every year in the full-hour simulation), ``status``.
    """
    from simulator.core.profiles import build_profiles

    if profiles is None:
        profiles = build_profiles(scenario)
    if full is None:
        full = size(scenario, profiles=profiles, assure=assure, **size_options)
    runs = [("full", None, full)]
    for n in counts:
        res = size(scenario, profiles=profiles, assure=assure, typical_days=n, **size_options)
        runs.append((f"td{n}", n, res))
    for k in segment_counts:
        res = size(scenario, profiles=profiles, assure=assure, segments=k, **size_options)
        runs.append((f"seg{k}", None, res))
    full_caps = None if full.capacities is None else full.capacities.iloc[-1]
    rows = [_case_row(case, n, res, full, full_caps) for case, n, res in runs]
    return pd.DataFrame(rows)


def _case_row(case: str, n: int | None, res: object, full: object, full_caps: object) -> dict:
    """One row of :func:`compare_typical_days`: a fast sizing against the full-hour LP."""
    rec: dict = {
        "case": case,
        "n_days": n,
        "n_segments": res.segments.get("n_segments"),
        "rep_days": None if n is None else res.typical_days.get("representative_days_per_year"),
        "status": res.status,
        "rows": res.solver.get("rows"),
        "columns": res.solver.get("columns"),
        "lp_solves": res.timing.get("lp_solves"),
        "tsa_s": float(res.timing.get("tsa_s", 0.0)),
        "lp_s": _lp_seconds(res),
        "total_s": float(res.timing.get("total_s", np.nan)),
        "objective": res.objective,
    }
    rec["speedup"] = _lp_seconds(full) / rec["lp_s"] if rec["lp_s"] > 0 else np.nan
    if res.objective is not None and full.objective:
        rec["objective_error_pct"] = 100.0 * (res.objective / full.objective - 1.0)
    else:
        rec["objective_error_pct"] = np.nan
    if res.capacities is not None and full_caps is not None:
        last = res.capacities.iloc[-1]
        for a in ASSETS:
            ref = float(full_caps[a])
            diff = float(last[a]) - ref
            rec[f"capacity_error_pct_{a}"] = 100.0 * diff / ref if abs(ref) > 1e-6 else diff
    if res.simulated is not None:
        kp = res.simulated.kpis
        for year, share in kp["renewable_share"].items():
            rec[f"sim_share_{year}"] = float(share)
        rec["targets_met"] = bool(kp["meets_target"].all())
    else:
        rec["targets_met"] = False
    return rec
