"""A fake optimiser for the LP-sweep tests, usable in this process and in a CLI subprocess.

``python -c "from tests.sweep_fakes import cli; cli()" sweep-size ...`` runs the CLI with the fake
in place of ``solvers.size`` (each solve sleeps ``PARKBALANCE_FAKE_SLEEP_S`` seconds, so a test
can kill the process between points).
"""

from __future__ import annotations

import os
import time
from types import SimpleNamespace

import numpy as np
import pandas as pd


def fake_size(scenario, warm_start=None, **options):
    """A SizingResult-like object whose numbers are simple functions of the scenario.

    Like HiGHS, a warm start changes the last digits of the result: the objective and the wind
    capacity move by a tiny amount that depends on the basis given (the capex of the point whose
    basis it is). The basis passed on is this point's capex.
    """
    years = scenario.calendar_years
    capex = scenario.wind.capex_per_kw
    share = np.asarray(scenario.target_shares())
    nudge = 0.0 if warm_start is None else 1e-9 * (1.0 + float(warm_start) / 1e4)
    caps = pd.DataFrame({
        "year": years,
        "wind_mw": [1e6 / capex + nudge] * len(years),
        "solar_mw": [100.0 * scenario.finance.discount_rate] * len(years),
        "storage_mwh": np.arange(len(years), dtype=float),
        "storage_mw": [0.5] * len(years),
    })
    lp = pd.DataFrame({"renewable_share": share}, index=pd.Index(years, name="year"))
    sim = pd.DataFrame({"renewable_share": share - 0.01, "meets_target": [False] * len(years)},
                       index=pd.Index(years, name="year"))
    status = "infeasible" if capex > 5000 else "optimal"
    return SimpleNamespace(
        status=status, objective=capex * 1e3 + nudge, capacities=caps, lp_kpis=lp,
        simulated=SimpleNamespace(kpis=sim), plan_kind="least_cost", messages=["m"],
        timing={"build_s": 0.1, "handoff_s": 0.2, "solve_s": 0.3, "total_s": 0.7},
        warm_start=float(capex),
    )


def slow_fake_size(scenario, **options):
    """:func:`fake_size` after sleeping ``PARKBALANCE_FAKE_SLEEP_S`` seconds (default 0)."""
    time.sleep(float(os.environ.get("PARKBALANCE_FAKE_SLEEP_S", "0")))
    return fake_size(scenario, **options)


def cli() -> None:
    """Run the parkbalance CLI with the fake optimiser."""
    import simulator.studies.sweep_lp as sweep_lp
    from simulator.cli.app import main

    sweep_lp._size = slow_fake_size
    main()
