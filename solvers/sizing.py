"""Multi-year sizing of a park: solve the LP, check the plan with the dispatch core, report.

:func:`size` builds the LP of ``docs/model.md`` §5 from a scenario (:mod:`solvers.lp`), solves
it with HiGHS (:mod:`solvers.highs`), turns the solution into per-year capacities, the LP's own
hourly dispatch and KPIs, and runs the rule-based dispatch (:func:`simulator.simulate.simulate`)
with the plan's capacities on the same profiles. Both KPI tables come from
:func:`simulator.kpis.kpis_from_sums`, so they share one definition.

``assure=True`` closes the loop: while the simulated share of some year misses its target, that
year's LP target is raised by the shortfall plus a margin and the LP is solved again (warm start).

Extensions (``docs/tsa.md``), all off by default: ``typical_days=N`` solves the LP on N
representative days per year linked by the day sequence (:mod:`solvers.tsa`) and still simulates
every hour; ``segments=K`` solves it on K chronological runs of similar hours per year
(:mod:`solvers.segments`, ``docs/segments.md``); ``weather_years=N, quantile=Q`` runs the loop
over an ensemble of synthesised weather years until each year's target is met with probability
≥ Q (:mod:`solvers.robust`);
``warm_start`` starts HiGHS from the basis of an earlier, same-shaped LP (e.g. the previous point
of a capex sweep; every result carries its own as ``result.warm_start``).

When the targets cannot be met, the most-renewable-share LP gives the largest share each year can
reach, and (by default) the cheapest plan that reaches those shares is reported as a best effort.

:func:`plan_json`, :func:`write_plan` and :func:`summary_text` turn a :class:`SizingResult` into
``plan.json``, the hourly Parquet files and a planner's summary.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from simulator.dispatch import SUMS
from simulator.errors import InputError, ParkbalanceError
from simulator.io import write_json, write_parquet
from simulator.kpis import SHARE_TOLERANCE
from simulator.profiles import Profiles, build_profiles
from simulator.provenance import provenance
from simulator.scenario import HOURS_PER_YEAR, Scenario
from simulator.simulate import (
    HOURLY_COLUMNS,
    SimulationResult,
    check_coal_must_run,
    kpi_records,
    kpi_table,
    run_dispatch,
    simulate,
)
from simulator.verdict import check_records, failure_lines, plan_checks, verdict_record
from solvers import robust as _robust
from solvers.highs import (
    AGGREGATED_LP_OPTIONS,
    HighsDirect,
    SolveResult,
    WarmStart,
    highs_version,
    solve_model,
)
from solvers.lp import (
    ASSETS,
    LPData,
    annuity_factor,
    build_model,
    discount_factors,
    lp_data_from_scenario,
)
from solvers.segments import Segments, chronological_segments
from solvers.tsa import HOURS_PER_DAY, TypicalDays
from solvers.tsa import typical_days as _typical_days

__all__ = [
    "EXIT_CODES",
    "PLAN_FILE",
    "HOURLY_LP_FILE",
    "HOURLY_SIM_FILE",
    "SizingResult",
    "cost_breakdown",
    "lp_hourly_table",
    "lp_yearly_sums",
    "plan_json",
    "size",
    "summary_text",
    "write_plan",
]

PLAN_FILE = "plan.json"
#: Hourly dispatch of the rule-based simulation of the plan (same file and columns as
#: ``parkbalance simulate``).
HOURLY_SIM_FILE = "hourly.parquet"
#: Hourly dispatch of the LP (same columns).
HOURLY_LP_FILE = "hourly_lp.parquet"

#: Exit code of the CLI for each status (2 is bad input, raised as InputError before solving):
#: 0 the least-cost plan meets every rule on the simulated hours, 3 some target is unreachable,
#: 5 the LP is optimal but the rule-based simulation of its plan fails a rule; every other status
#: (a solver failure) is 4.
EXIT_CODES = {"optimal": 0, "infeasible": 3, "rule_failed": 5}
EXIT_SOLVER_FAILURE = 4

#: Shares above this are treated as meeting a target when deciding reachability [1].
_REACH_TOLERANCE = 1e-6

_ASSET_COST_NAMES = {
    "wind_mw": "wind_annuity",
    "solar_mw": "solar_annuity",
    "storage_mwh": "storage_energy_annuity",
    "storage_mw": "storage_power_annuity",
}
#: Columns of the cost breakdown [currency/yr]; total = annuities + fixed O&M + import + fuel −
#: export revenue + unserved.
COST_COLUMNS = (
    *_ASSET_COST_NAMES.values(),
    "fixed_om",
    "import_cost",
    "fuel_cost",
    "export_revenue",
    "unserved_cost",
    "total",
)


@dataclass
class SizingResult:
    """Outcome of :func:`size`.

    Attributes
    ----------
    scenario : Scenario
    status : str
        ``optimal`` (the least-cost plan, and its rule-based simulation of every hour passes
        every check), ``rule_failed`` (the LP is optimal but the simulation of its plan fails a
        check), ``infeasible`` (some target is unreachable), or the solver's failure
        (``time_limit``, ``numerical_error``, ...).
    objective : float or None
        Discounted cost of the plan [currency] (of the best-effort plan when infeasible).
    currency : str
    targets : list of float
        The scenario's target share of each year [1].
    lp_targets : list of float
        Targets used in the last LP (raised by the assure loop) [1].
    capacities : pandas.DataFrame or None
        ``year, wind_mw, solar_mw, storage_mwh, storage_mw`` [MW, MWh].
    lp_kpis : pandas.DataFrame or None
        Yearly KPIs of the LP's own dispatch (index ``year``; :data:`simulator.kpis.KPI_NAMES`).
    lp_hourly : pandas.DataFrame or None
        LP hourly dispatch with :data:`simulator.simulate.HOURLY_COLUMNS`.
    simulated : SimulationResult or None
        Rule-based dispatch of the plan's capacities on the same profiles.
    target_missed_in_simulation : list of bool
        Per year: the LP meets the target but the simulated share does not.
    cost_breakdown : pandas.DataFrame or None
        Per year [currency/yr, undiscounted] with :data:`COST_COLUMNS`, plus ``discount_factor``.
    timing : dict
        ``build_s, handoff_s, solve_s`` summed over all LP solves, ``lp_solves``, ``simulate_s``,
        ``total_s`` and ``solves`` (each solve's own timing).
    solver : dict
        HiGHS name, version, algorithm, threads, hand-off, iterations, model status (last solve).
    assure : dict
        ``enabled``, ``iterations`` (LP targets, LP and simulated shares of each), ``outcome``.
    max_achievable_share : list of float or None
        When infeasible: the largest share of each year (most-renewable-share LP).
    plan_kind : str
        ``"least_cost"``, ``"best_effort"`` (infeasible targets) or ``"none"``.
    messages : list of str
        Lines for the user (unreachable targets, assure outcome, warnings).
    typical_days : dict
        With typical days: :meth:`solvers.tsa.TypicalDays.summary` (empty otherwise).
    robust : dict
        With weather years: :func:`solvers.robust.robust_summary` of the reported plan,
        ``p_meets_target`` per year among them (empty otherwise).
    warm_start : WarmStart or None
        HiGHS basis of the last LP solve, to warm-start a later same-shaped sizing
        (``size(..., warm_start=result.warm_start)``).
    tsa : TypicalDays or Segments or None
        The representative days or chronological segments the LP was solved on (None = all
        hours).
    segments : dict
        With segments: :meth:`solvers.segments.Segments.summary` (empty otherwise).
    checks : pandas.DataFrame or None
        The verdict: every rule per year on the rule-based simulation of the plan
        (:func:`simulator.verdict.plan_checks`).
    lp_checks : pandas.DataFrame or None
        The same checks on the LP's own dispatch (shown beside, never the verdict).
    started_at : datetime.datetime
        When the sizing started (UTC).
    """

    scenario: Scenario
    status: str
    objective: float | None
    currency: str
    targets: list[float]
    lp_targets: list[float]
    capacities: pd.DataFrame | None = None
    lp_kpis: pd.DataFrame | None = None
    lp_hourly: pd.DataFrame | None = None
    simulated: SimulationResult | None = None
    target_missed_in_simulation: list[bool] = field(default_factory=list)
    cost_breakdown: pd.DataFrame | None = None
    timing: dict = field(default_factory=dict)
    solver: dict = field(default_factory=dict)
    assure: dict = field(default_factory=dict)
    max_achievable_share: list[float] | None = None
    plan_kind: str = "none"
    messages: list[str] = field(default_factory=list)
    typical_days: dict = field(default_factory=dict)
    robust: dict = field(default_factory=dict)
    warm_start: WarmStart | None = None
    tsa: TypicalDays | Segments | None = None
    segments: dict = field(default_factory=dict)
    checks: pd.DataFrame | None = None
    lp_checks: pd.DataFrame | None = None
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def exit_code(self) -> int:
        """CLI exit code: 0 optimal, 3 infeasible targets, 5 rule failed, 4 solver failures."""
        return EXIT_CODES.get(self.status, EXIT_SOLVER_FAILURE)

    @property
    def years(self) -> list[int]:
        """Calendar years."""
        return list(self.scenario.calendar_years)


# ---- from an LP solution to tables ---------------------------------------------------------------


def _hourly_values(data: LPData, sol: SolveResult) -> dict[str, np.ndarray]:
    """Every hourly flow of the LP as (years, hours) arrays (absent variables are 0; ≥ 0)."""
    zero = np.zeros((data.years, data.hours))
    names = (
        "direct_mw",
        "charge_mw",
        "discharge_mw",
        "soc_mwh",
        "export_mw",
        "curtailed_mw",
        "coal_mw",
        "import_mw",
        "unserved_mw",
    )
    out = {}
    for n in names:
        v = sol.values.get(n)
        out[n] = zero if v is None else np.maximum(v, 0.0)
    return out


def _capacity_values(data: LPData, sol: SolveResult) -> np.ndarray:
    """Capacities (4, years), clipped to their bounds (solver round-off)."""
    cap = np.asarray(sol.values["cap"], dtype=float)
    return np.clip(cap, data.existing[:, None], data.maximum[:, None])


def lp_yearly_sums(data: LPData, sol: SolveResult) -> np.ndarray:
    """Yearly sums of the LP dispatch in the layout of :data:`simulator.dispatch.SUMS`.

    Sums are weighted by ``data.weight``; ``peak_import_mw`` is the largest hourly import and
    ``unserved_hours`` the weighted count of hours with unserved energy above 1e-6 MW.

    Returns
    -------
    numpy.ndarray
        Shape ``(years, len(SUMS))`` [MWh, MW, h].
    """
    h = _hourly_values(data, sol)
    cap = _capacity_values(data, sol)
    w = data.weight
    wind_av = cap[0][:, None] * data.wind_cf
    solar_av = cap[1][:, None] * data.solar_cf
    cols = {
        "load_mwh": data.load_mw,
        "wind_available_mwh": wind_av,
        "solar_available_mwh": solar_av,
        "renewable_direct_mwh": h["direct_mw"],
        "storage_charge_mwh": h["charge_mw"],
        "storage_discharge_mwh": h["discharge_mw"],
        "export_mwh": h["export_mw"],
        "curtailed_mwh": h["curtailed_mw"],
        "coal_mwh": h["coal_mw"],
        "import_mwh": h["import_mw"],
        "unserved_mwh": h["unserved_mw"],
    }
    sums = np.zeros((data.years, len(SUMS)))
    for j, name in enumerate(SUMS):
        if name == "peak_import_mw":
            sums[:, j] = h["import_mw"].max(axis=1)
        elif name == "unserved_hours":
            sums[:, j] = (w * (h["unserved_mw"] > 1e-6)).sum(axis=1)
        else:
            sums[:, j] = (w * cols[name]).sum(axis=1)
    return sums


def lp_shares(data: LPData, sol: SolveResult) -> np.ndarray:
    """Renewable share Σ weight·(d + q) / Σ weight·L of each year of an LP solution [1]."""
    h = _hourly_values(data, sol)
    load = data.weighted_load_mwh()
    to_load = (data.weight * (h["direct_mw"] + h["discharge_mw"])).sum(axis=1)
    return np.where(load > 0, to_load / np.where(load > 0, load, 1.0), 1.0)


def period_soc_mwh(data: LPData, sol: SolveResult) -> np.ndarray:
    """State of charge [MWh] of every real hour from a typical-periods solution, ``(years, D·H)``.

    soc[y, d, h] = (1 − σ)^(h+1)·S[y, d] + soc_intra[y, rep(d), h] (``docs/tsa.md``); zeros
    without storage.
    """
    ph, nd = data.period_hours, data.days
    if "soc_inter_mwh" not in sol.values:
        return np.zeros((data.years, nd * ph))
    intra = np.asarray(sol.values["soc_mwh"], float).reshape(data.years, data.periods, ph)
    intra = np.take_along_axis(intra, data.day_sequence[:, :, None], axis=1)  # (Y, D, H)
    inter = np.asarray(sol.values["soc_inter_mwh"], float).reshape(data.years, nd, 1)
    decay = (1.0 - data.self_discharge_per_hour) ** np.arange(1, ph + 1)
    return np.maximum(inter * decay[None, None, :] + intra, 0.0).reshape(data.years, nd * ph)


def step_soc_mwh(data: LPData, sol: SolveResult, tsa: Segments) -> np.ndarray:
    """State of charge [MWh] at the end of every real hour from a segments solution.

    Within a run of n hours the flows are constant, so hour j = 1..n of the run ends at
    (1 − σ)^j·soc_prev + g_j·(η_c c − q/η_d), g_j = Σ_{i<j} (1 − σ)^i (``docs/segments.md``);
    the last hour of the run is the LP's own soc. Shape ``(years, 8760)``; zeros without storage.
    """
    if "soc_mwh" not in sol.values:
        return np.zeros((data.years, HOURS_PER_YEAR))
    soc = np.asarray(sol.values["soc_mwh"], float).reshape(data.years, data.hours)
    c = np.asarray(sol.values["charge_mw"], float).reshape(data.years, data.hours)
    q = np.asarray(sol.values["discharge_mw"], float).reshape(data.years, data.hours)
    net = data.charge_efficiency * c - q / data.discharge_efficiency
    keep = 1.0 - data.self_discharge_per_hour
    prev = np.roll(soc, 1, axis=1)  # cyclic: the first run starts from the year's last soc
    reps = tsa.step_hours.astype(np.int64)
    j = np.stack(  # hour within its run, 1..n
        [np.arange(HOURS_PER_YEAR) - np.repeat(tsa.starts[y], reps[y]) for y in range(data.years)]
    ) + 1.0
    g = j if keep == 1.0 else (1.0 - keep**j) / (1.0 - keep)
    out = keep**j * tsa.expand(prev) + g * tsa.expand(net)
    return np.maximum(out, 0.0)


def lp_hourly_table(
    data: LPData, sol: SolveResult, tsa: TypicalDays | Segments | None = None
) -> pd.DataFrame:
    """Return the LP's hourly dispatch: :data:`~simulator.simulate.HOURLY_COLUMNS` + direct.

    With typical days (``tsa`` given and ``data.has_periods``) the representative days are laid
    out on the calendar through the day sequence (every real hour, ``years × 8760`` rows): each
    real day repeats the flows of its representative day, and ``soc_mwh`` is the state of charge
    reconstructed from the inter-day and intra-day SOC. Load and capacity factors are those of
    the representative days (rescaled medoids), not the real hours. With segments (``tsa`` a
    :class:`~solvers.segments.Segments`) every hour carries its run's mean flows and inputs, and
    ``soc_mwh`` follows those constant flows hour by hour through the run (:func:`step_soc_mwh`).
    """
    h = _hourly_values(data, sol)
    cap = _capacity_values(data, sol)
    ny, nt = data.years, data.hours
    inputs = {"load": data.load_mw, "wind": data.wind_cf, "solar": data.solar_cf}
    if tsa is not None and (data.has_periods or data.has_steps):
        soc = period_soc_mwh(data, sol) if data.has_periods else step_soc_mwh(data, sol, tsa)
        h = {k: tsa.expand(v) for k, v in h.items()}
        h["soc_mwh"] = soc
        inputs = {k: tsa.expand(v) for k, v in inputs.items()}
        nt = h["direct_mw"].shape[1]
    df = pd.DataFrame(
        {
            "year": np.repeat(np.asarray(data.year_labels, dtype=np.int32), nt),
            "hour": np.tile(np.arange(nt, dtype=np.int32), ny),
            "load_mw": inputs["load"].ravel(),
            "wind_available_mw": (cap[0][:, None] * inputs["wind"]).ravel(),
            "solar_available_mw": (cap[1][:, None] * inputs["solar"]).ravel(),
            "renewable_to_load_mw": (h["direct_mw"] + h["discharge_mw"]).ravel(),
            "storage_charge_mw": h["charge_mw"].ravel(),
            "storage_discharge_mw": h["discharge_mw"].ravel(),
            "soc_mwh": h["soc_mwh"].ravel(),
            "export_mw": h["export_mw"].ravel(),
            "curtailed_mw": h["curtailed_mw"].ravel(),
            "coal_mw": h["coal_mw"].ravel(),
            "import_mw": h["import_mw"].ravel(),
            "unserved_mw": h["unserved_mw"].ravel(),
            "renewable_direct_mw": h["direct_mw"].ravel(),
        }
    )
    assert tuple(df.columns[: len(HOURLY_COLUMNS)]) == HOURLY_COLUMNS
    return df


def cost_breakdown(data: LPData, sol: SolveResult) -> pd.DataFrame:
    """Yearly costs of an LP solution, undiscounted [currency/yr], index = calendar year.

    Columns :data:`COST_COLUMNS` and ``discount_factor``; Σ_y discount_factor·total equals the
    LP objective.
    """
    cap = np.asarray(sol.values["cap"], dtype=float)  # unclipped: the objective's own values
    new = cap - data.existing[:, None]  # (4, years)
    ann = annuity_factor(data.discount_rate, data.lifetime_years) * data.capex_per_unit
    om = data.fixed_om_share * data.capex_per_unit
    h = {
        k: (np.zeros((data.years, data.hours)) if k not in sol.values else sol.values[k])
        for k in ("import_mw", "coal_mw", "export_mw", "unserved_mw")
    }
    w = data.weight
    price = data.import_price_steps()
    table = {name: ann[j] * new[j] for j, name in enumerate(_ASSET_COST_NAMES.values())}
    table["fixed_om"] = (om[:, None] * new).sum(axis=0)
    table["import_cost"] = (w * price * h["import_mw"]).sum(axis=1)
    table["fuel_cost"] = data.coal_fuel_cost_per_mwh * (w * h["coal_mw"]).sum(axis=1)
    table["export_revenue"] = data.export_price_per_mwh * (w * h["export_mw"]).sum(axis=1)
    table["unserved_cost"] = data.voll_per_mwh * (w * h["unserved_mw"]).sum(axis=1)
    df = pd.DataFrame(table, index=pd.Index(list(data.year_labels), name="year"))
    costs = [c for c in COST_COLUMNS[:-1] if c != "export_revenue"]
    df["total"] = df[costs].sum(axis=1) - df["export_revenue"]
    df["discount_factor"] = discount_factors(data)
    return df


def _capacity_table(data: LPData, sol: SolveResult) -> pd.DataFrame:
    cap = _capacity_values(data, sol)
    table = {"year": list(data.year_labels)}
    for j, a in enumerate(ASSETS):
        table[a] = cap[j]
    return pd.DataFrame(table)


# ---- the sizing run ------------------------------------------------------------------------------


def _limits_text(data: LPData) -> str:
    """``wind ≤ 2000 MW, solar ≤ 3000 MW, storage ≤ 4000 MWh / 1000 MW`` ("unlimited" if so)."""
    w, s, e, p = (float(v) for v in data.maximum)

    def lim(v: float, unit: str) -> str:
        return "unlimited" if math.isinf(v) else f"{v:.0f} {unit}"

    parts = [
        "wind unlimited" if math.isinf(w) else f"wind ≤ {lim(w, 'MW')}",
        "solar unlimited" if math.isinf(s) else f"solar ≤ {lim(s, 'MW')}",
        "storage unlimited"
        if math.isinf(e) and math.isinf(p)
        else f"storage ≤ {lim(e, 'MWh')} / {lim(p, 'MW')}",
    ]
    return ", ".join(parts)


class _Timer:
    def __init__(self) -> None:
        self.solves: list[dict] = []

    def add(self, build_s: float, sol: SolveResult, kind: str) -> None:
        self.solves.append({"kind": kind, "build_s": build_s, **sol.timing})

    def summary(self) -> dict:
        out = {
            k: float(sum(s[k] for s in self.solves)) for k in ("build_s", "handoff_s", "solve_s")
        }
        out["lp_solves"] = len(self.solves)
        return out


def size(
    scenario: Scenario,
    *,
    profiles: Profiles | None = None,
    assure: bool = False,
    max_assure_iterations: int = 5,
    assure_margin: float = 0.002,
    algorithm: Literal["choose", "simplex", "ipm", "hipo", "pdlp"] = "choose",
    threads: int | None = None,
    time_limit_s: float | None = None,
    handoff: Literal["direct", "pyomo"] = "direct",
    best_effort: bool = True,
    log: bool = False,
    typical_days: int | TypicalDays | None = None,
    tsa_method: str = "hierarchical",
    warm_start: WarmStart | None = None,
    weather_years: int | None = None,
    quantile: float = 0.9,
    weather_year: int = 0,
    segments: int | Segments | None = None,
) -> SizingResult:
    """Size wind, solar and storage year by year at least discounted cost.

    Parameters
    ----------
    scenario : Scenario
        The park.
    profiles : Profiles, optional
        Hourly inputs; default :func:`simulator.profiles.build_profiles` of the scenario (weather
        realisation ``weather_year``).
    assure : bool
        Raise the LP targets until the rule-based dispatch of the plan meets every target.
    max_assure_iterations : int
        Most LP solves of the assure loop (the first solve included); also of the robust loop.
    assure_margin : float
        Added to each raise of a target [1] (0.002 = 0.2 percentage points).
    algorithm : {"choose", "simplex", "ipm", "hipo", "pdlp"}
        HiGHS ``solver`` option.
    threads : int, optional
        HiGHS ``threads`` option.
    time_limit_s : float, optional
        HiGHS time limit per LP solve [s].
    handoff : {"direct", "pyomo"}
        How the Pyomo model is handed to HiGHS (:func:`solvers.highs.solve_model`); the assure
        loop and ``warm_start`` warm-start only with ``"direct"``.
    best_effort : bool
        When targets are unreachable, also solve for the cheapest plan that reaches the largest
        achievable shares (one more LP solve) and report it.
    log : bool
        Show HiGHS's log.
    typical_days : int or TypicalDays, optional
        Solve the LP on this many representative days per year (:func:`solvers.tsa.typical_days`,
        storage linked across the days of the year), or on given ones; None (default) = every
        hour. The plan is simulated on every hour either way.
    tsa_method : str
        tsam clustering method for an integer ``typical_days``.
    warm_start : WarmStart, optional
        Start the first LP solve from this basis (``result.warm_start`` of an earlier sizing of
        an LP of the same shape, e.g. the previous capex of a sweep); ignored (cold start) when
        the shapes differ. ``timing["warm_start"]`` says whether it was used.
    weather_years : int, optional
        Robust sizing: simulate every plan on this many synthesised weather years (``weather_year``,
        ``weather_year + 1``, ...; the LP is solved on the first) and raise the LP targets until
        each year's target is met in at least ceil(quantile × N) of them. Needs synthesised wind
        and solar (InputError with CSV profiles).
    quantile : float
        Wanted probability of meeting each year's target over the weather years, in (0, 1].
    weather_year : int
        Weather realisation of the profiles built here (when ``profiles`` is None) and first
        member of the robust ensemble.
    segments : int or Segments, optional
        Solve the LP on this many chronological runs of similar hours per year
        (:func:`solvers.segments.chronological_segments`, storage chronological over the whole
        year), or on given ones; not together with ``typical_days``. The plan is simulated on
        every hour either way.

    Returns
    -------
    SizingResult

    Raises
    ------
    InputError
        Bad options, or a coal must-run above the park load.
    """
    t_start = time.perf_counter()
    robust = weather_years is not None
    ensemble: list[Profiles] = []
    if robust:
        _robust._check(scenario, weather_years, quantile, first=weather_year)
    if profiles is None:
        profiles = build_profiles(scenario, weather_year=weather_year)
    check_coal_must_run(scenario, profiles.load_mw)
    full_data = lp_data_from_scenario(scenario, profiles)
    if typical_days is not None and segments is not None:
        raise InputError("--segments", None, "cannot be combined with --typical-days")
    t0 = time.perf_counter()
    tsa: TypicalDays | Segments | None = None
    if segments is not None and not isinstance(segments, Segments):
        tsa = chronological_segments(profiles, segments, scenario.grid.import_price_by_hour())
    elif typical_days is not None and not isinstance(typical_days, TypicalDays):
        tsa = _typical_days(
            profiles, typical_days, method=tsa_method, year_labels=scenario.calendar_years
        )
    else:  # given Segments or TypicalDays, or neither
        tsa = segments if segments is not None else typical_days
    data = full_data if tsa is None else tsa.lp_data(full_data)
    tsa_s = 0.0 if tsa is None else time.perf_counter() - t0
    targets = [float(t) for t in scenario.target_shares()]
    timer = _Timer()
    opts = {"algorithm": algorithm, "threads": threads, "time_limit_s": time_limit_s, "log": log}
    if tsa is not None and algorithm in ("choose", "simplex"):
        opts["highs_options"] = AGGREGATED_LP_OPTIONS  # Devex pricing: faster on these LPs
    result = SizingResult(
        scenario=scenario,
        status="unknown",
        objective=None,
        currency=scenario.finance.currency,
        targets=targets,
        lp_targets=list(targets),
        assure={"enabled": bool(assure), "iterations": [], "outcome": ""},
        typical_days=tsa.summary() if isinstance(tsa, TypicalDays) else {},
        segments=tsa.summary() if isinstance(tsa, Segments) else {},
        tsa=tsa,
    )
    simulate_s = 0.0
    if robust:
        ts = time.perf_counter()
        ensemble = _robust.ensemble_profiles(
            scenario, weather_years, first=weather_year, base=profiles
        )
        simulate_s += time.perf_counter() - ts
    looping = assure or robust

    t0 = time.perf_counter()
    model = build_model(data, "cost")
    build_s = time.perf_counter() - t0
    warm_used = False
    if handoff == "direct":
        direct = HighsDirect(model, **opts)
        warm_used = direct.apply_warm_start(warm_start)
        sol = direct.solve()
    else:
        direct = None
        sol = solve_model(model, handoff=handoff, **opts)
    timer.add(build_s, sol, "cost")
    result.solver = sol.solver

    if sol.status == "infeasible":
        simulate_s += _unreachable(
            result, scenario, profiles, data, timer, opts, handoff, best_effort
        )
    elif sol.status != "optimal":
        result.status = sol.status
        result.messages.append(
            f"the LP solver stopped with status '{sol.status}' "
            f"(HiGHS model status {sol.solver.get('model_status')}); no plan"
            + (" — raise --time-limit" if sol.status == "time_limit" else "")
        )
    else:
        loop = _AssureLoop(
            result, scenario, profiles, data, timer, opts, handoff, direct, model, sol,
            ensemble=ensemble, quantile=quantile, margin=assure_margin,
        )
        simulate_s += loop.run(looping, max_assure_iterations)
        if looping and result.assure["outcome"]:
            prefix = "robust: " if robust else "assure: "
            result.messages.append(prefix + result.assure["outcome"])
        missed = [
            y
            for y, m in zip(
                scenario.calendar_years, result.target_missed_in_simulation, strict=True
            )
            if m
        ]
        if missed:
            result.messages.append(
                "the rule-based dispatch misses the target the LP met in "
                + ", ".join(map(str, missed))
                + ("" if assure else " (run with --assure to close the gap)")
            )
        if data.voll_per_mwh == 0 and result.lp_kpis["unserved_mwh"].sum() > 1e-6:
            result.messages.append(
                "policy.voll_per_mwh is 0, so the LP leaves load unserved at no cost"
            )
        if loop.direct is not None:
            result.warm_start = loop.direct.warm_start()
    _set_verdict_status(result)
    if isinstance(tsa, TypicalDays) and result.status == "infeasible":
        result.messages.append(
            "typical days: all real days of a representative day share one storage dispatch, "
            "which can make a storage-heavy target look unreachable; try --segments 1400 "
            "(storage kept in order, docs/segments.md) or the full-hour LP"
        )
    if tsa is not None and result.max_achievable_share is not None:
        result.messages.append(
            "the largest achievable shares come from the aggregated LP, an estimate of the "
            "park's own; the full-hour LP (without --segments/--typical-days) gives the exact "
            "figures"
        )
    if isinstance(tsa, Segments):
        result.messages.append(
            f"segments: the LP saw {tsa.periods} chronological runs of similar hours per year "
            f"(mean {HOURS_PER_YEAR / tsa.periods:.1f} h); the plan is simulated on every hour"
        )
    if isinstance(tsa, TypicalDays):
        result.messages.append(
            f"typical days: the LP saw {tsa.periods} representative days per year "
            f"({tsa.periods * HOURS_PER_DAY} of {HOURS_PER_YEAR} hours); the plan is simulated "
            "on every hour"
        )

    result.timing = {
        **timer.summary(),
        "tsa_s": tsa_s,
        "simulate_s": simulate_s,
        "total_s": time.perf_counter() - t_start,
        "warm_start": warm_used,
        "solves": timer.solves,
    }
    result.solver.setdefault("version", highs_version())
    return result


def _fill_plan(
    result: SizingResult, scenario: Scenario, profiles: Profiles, data: LPData, sol: SolveResult
) -> None:
    """Fill capacities, LP tables, costs, the plan's simulation of every hour, and the checks."""
    if sol.objective is None or not math.isfinite(sol.objective):
        raise ParkbalanceError(
            f"the LP objective is not a finite number ({sol.objective}); the scenario's costs "
            "or loads are too large for the solver"
        )
    result.objective = sol.objective
    result.capacities = _capacity_table(data, sol)
    result.lp_hourly = lp_hourly_table(data, sol, result.tsa)
    result.lp_kpis = kpi_table(scenario, lp_yearly_sums(data, sol))
    result.cost_breakdown = cost_breakdown(data, sol)
    caps = result.capacities
    result.simulated = simulate(
        scenario,
        wind_mw=caps["wind_mw"].to_numpy(),
        solar_mw=caps["solar_mw"].to_numpy(),
        storage_mwh=caps["storage_mwh"].to_numpy(),
        storage_mw=caps["storage_mw"].to_numpy(),
        profiles=profiles,
    )
    result.checks = plan_checks(
        scenario, caps, result.simulated.kpis, result.simulated.hourly
    )
    result.lp_checks = plan_checks(scenario, caps, result.lp_kpis, result.lp_hourly)
    lp_meets = result.lp_kpis["meets_target"].to_numpy()
    sim_meets = result.simulated.kpis["meets_target"].to_numpy()
    result.target_missed_in_simulation = [
        bool(a and not b) for a, b in zip(lp_meets, sim_meets, strict=True)
    ]


class _AssureLoop:
    """Verify the plan of an optimal LP on every hour and, with assure, repair it.

    ``docs/model.md`` §6: raise a year's LP share target or utilisation floor by its simulated
    shortfall plus a margin, and add storage and renewable cuts where load went unserved; solve
    again, warm-started.
    """

    def __init__(
        self,
        result: SizingResult,
        scenario: Scenario,
        profiles: Profiles,
        data: LPData,
        timer: _Timer,
        opts: dict,
        handoff: str,
        direct: HighsDirect | None,
        model: object,
        sol: SolveResult,
        *,
        ensemble: list[Profiles],
        quantile: float,
        margin: float,
    ) -> None:
        self.result, self.scenario, self.profiles = result, scenario, profiles
        self.data, self.timer, self.opts, self.handoff = data, timer, opts, handoff
        self.direct, self.model, self.sol = direct, model, sol
        self.ensemble, self.quantile, self.margin = ensemble, quantile, margin

    def run(self, looping: bool, max_iterations: int) -> float:
        """Fill, verify and repair until every rule holds or no repair is left; return sim s."""
        res, sc = self.result, self.scenario
        targets = np.asarray(res.targets, dtype=float)
        simulate_s = 0.0
        iteration = 0
        while True:
            iteration += 1
            ts = time.perf_counter()
            _fill_plan(res, sc, self.profiles, self.data, self.sol)
            robust = bool(self.ensemble)
            ens = (
                _robust.ensemble_shares(sc, res.capacities, self.ensemble) if robust else None
            )
            simulate_s += time.perf_counter() - ts
            res.status, res.plan_kind = "optimal", "least_cost"
            res.lp_targets = self.data.target_share.tolist()
            sim_share = res.simulated.kpis["renewable_share"].to_numpy()
            record = {
                "iteration": iteration,
                "lp_targets": res.lp_targets,
                "lp_shares": res.lp_kpis["renewable_share"].tolist(),
                "simulated_shares": sim_share.tolist(),
                "objective": res.objective,
                "failed_checks": failure_lines(res.checks),
            }
            checked = sim_share
            if robust:
                critical = _robust.critical_shares(ens, self.quantile)
                record["critical_shares"] = critical.tolist()
                res.robust = _robust.robust_summary(ens, targets, self.quantile)
                checked = np.minimum(critical, sim_share)
            res.assure["iterations"].append(record)
            share_short = targets - checked
            others = res.checks[(~res.checks["passed"]) & (res.checks["rule"] != "renewable_share")]
            failing = bool((share_short > SHARE_TOLERANCE).any() or len(others))
            if not looping:
                break
            what = (
                f"each year's target is met in ≥ {res.robust['required_years']} of "
                f"{len(self.ensemble)} weather years and "
                if robust
                else ""
            ) + "the simulated operation meets every rule"
            if not failing:
                res.assure["outcome"] = f"{what} after {iteration} LP solve(s)"
                break
            if iteration >= max_iterations:
                res.assure["outcome"] = (
                    f"stopped after {iteration} LP solves; the simulated operation still fails: "
                    + "; ".join(record["failed_checks"] or ["the robust share target"])
                )
                break
            new_data, actions, cannot = self._repairs(share_short, others)
            if not actions:
                res.assure["outcome"] = (
                    f"stopped after {iteration} LP solve(s): no repair left for "
                    + "; ".join(cannot or record["failed_checks"])
                )
                break
            record["repairs"] = actions
            new_sol = self._solve(new_data)
            if new_sol.status != "optimal":
                res.assure["outcome"] = (
                    f"the repaired LP ({'; '.join(actions)}) gave status '{new_sol.status}' at "
                    f"iteration {iteration + 1}; the plan of iteration {iteration} is reported"
                )
                break
            self.data, self.sol = new_data, new_sol
            res.solver = new_sol.solver
        return simulate_s

    def _solve(self, data: LPData) -> SolveResult:
        """Build the repaired LP and solve it, warm-started from the last basis (direct)."""
        t0 = time.perf_counter()
        model = build_model(data, "cost")
        build_s = time.perf_counter() - t0
        if self.direct is not None:
            warm = self.direct.warm_start()
            self.direct = HighsDirect(model, **self.opts)
            self.direct.apply_warm_start(warm)
            sol = self.direct.solve()
        else:
            sol = solve_model(model, handoff=self.handoff, **self.opts)
        self.timer.add(build_s, sol, "assure")
        return sol

    def _repairs(
        self, share_short: np.ndarray, others: pd.DataFrame
    ) -> tuple[LPData, list[str], list[str]]:
        """Return the next LP: (data, what was changed, failures no repair can address)."""
        d, res, margin = self.data, self.result, self.margin
        years = np.asarray(res.years)
        actions: list[str] = []
        cannot: list[str] = []
        tgt = np.where(np.isfinite(d.target_share), d.target_share, 0.0)
        missing = share_short > SHARE_TOLERANCE
        new_tgt = np.where(missing, np.minimum(1.0, tgt + share_short + margin), tgt)
        util = None if d.min_renewable_utilisation is None else d.min_renewable_utilisation.copy()
        cap_min = d.capacity_lower().copy()
        sim = res.simulated.kpis
        for row in others.itertuples():
            y = int(np.flatnonzero(years == row.year)[0])
            if row.rule == "renewable_utilisation" and util is not None:
                util[y] = min(1.0, util[y] + (row.limit - row.value) + margin)
            elif row.rule == "unserved_share":
                e_mwh, p_mw, dshare = _adequacy_cut(
                    self.scenario, self.profiles, res.capacities, y
                )
                cap_min[2, y:] = np.maximum(cap_min[2, y:], e_mwh)
                cap_min[3, y:] = np.maximum(cap_min[3, y:], p_mw)
                if dshare > 0:
                    share = float(sim["renewable_share"].iloc[y])
                    new_tgt[y] = min(1.0, max(new_tgt[y], share + dshare + margin))
            else:
                cannot.append(row.message)
        new = d.with_rules(
            target_share=np.where(np.isfinite(d.target_share) | (new_tgt > tgt), new_tgt, np.nan),
            min_renewable_utilisation=util,
            capacity_min=cap_min,
        )
        old_t = np.nan_to_num(d.target_share, nan=-1.0)
        new_t = np.nan_to_num(new.target_share, nan=-1.0)
        if np.any(new_t > old_t + 1e-12):
            up = new_t > old_t + 1e-12
            actions.append(
                f"share target of {_years_list(self.scenario, up)} raised to "
                + _pct_list(new_t[up])
            )
        if util is not None and np.any(
            np.nan_to_num(new.min_renewable_utilisation, nan=-1.0)
            > np.nan_to_num(d.min_renewable_utilisation, nan=-1.0) + 1e-12
        ):
            actions.append(
                "utilisation floor raised to " + _pct_list(new.min_renewable_utilisation)
            )
        grown = new.capacity_lower() > d.capacity_lower() + 1e-9
        for j, name in ((2, "storage energy ≥ {:,.0f} MWh"), (3, "storage power ≥ {:,.0f} MW")):
            for y in np.flatnonzero(grown[j]):
                actions.append(f"{years[y]} " + name.format(new.capacity_lower()[j, y]))
        if not actions:
            cannot.extend(f"{m} (the LP has no room left to repair it)" for m in others.message)
        return new, actions, cannot


#: Largest store an adequacy cut adds when the scenario sets no storage maximum [days of load].
_LARGEST_CUT_DAYS = 7


def _unserved_share(scenario: Scenario, profiles: Profiles, caps: pd.DataFrame) -> np.ndarray:
    """Unserved energy / load of each year of the rule-based dispatch of ``caps`` [1]."""
    _, sums = run_dispatch(scenario, profiles, caps)
    load = sums[:, SUMS.index("load_mwh")]
    return sums[:, SUMS.index("unserved_mwh")] / np.where(load > 0, load, 1.0)


def _adequacy_cut(
    scenario: Scenario, profiles: Profiles, caps: pd.DataFrame, y: int
) -> tuple[float, float, float]:
    """Storage and share cut of year ``y``, whose simulated operation left load unserved.

    The rule-based dispatch discharges the store before coal and import, so only a store large
    enough to carry whole deficit spells keeps it adequate (``docs/model.md`` §6):

    * storage power P_y grows by the year's largest unserved power max_t u_t [MW];
    * storage energy E_y becomes the smallest energy (bisection on the dispatch core, 40 steps)
      with which the rule-based dispatch of the plan's wind and solar leaves at most
      ``policy.max_unserved_share`` unserved in year y, searched up to the scenario's largest
      store (or :data:`_LARGEST_CUT_DAYS` days of the year's mean load when unlimited) [MWh];
    * when even that store leaves load unserved (too little surplus to fill it), E_y is the
      smallest store that gives 95% of the largest store's gain, and the year's share target
      grows by the unserved share that remains [1].

    Returns
    -------
    tuple of float
        (storage energy [MWh], storage power [MW], extra share [1]) for year y.
    """
    allowed = scenario.policy.max_unserved_share
    st = scenario.storage
    hours = slice(y * HOURS_PER_YEAR, (y + 1) * HOURS_PER_YEAR)
    trial = caps.copy()
    sim = simulate(
        scenario, **{c: caps[c].to_numpy() for c in ASSETS}, profiles=profiles
    ).hourly.iloc[hours]
    p_mw = float(caps["storage_mw"].iloc[y] + sim["unserved_mw"].max())
    if st.max_mw is not None:
        p_mw = min(p_mw, st.max_mw)
    later = np.arange(len(caps)) >= y
    trial.loc[later, "storage_mw"] = np.maximum(trial.loc[later, "storage_mw"], p_mw)
    e_lo = float(caps["storage_mwh"].iloc[y])
    e_hi = (
        float(st.max_mwh)
        if st.max_mwh is not None
        else _LARGEST_CUT_DAYS * 24 * float(profiles.load_mw[hours].mean())
    )

    def unserved_with(e_mwh: float) -> float:
        trial.loc[later, "storage_mwh"] = np.maximum(caps.loc[later, "storage_mwh"], e_mwh)
        return float(_unserved_share(scenario, profiles, trial)[y])

    rest = unserved_with(e_hi)
    dshare = max(0.0, rest - allowed)
    # the smallest store that is adequate or, when none is, that gives 95% of what the largest
    # store gains (more energy than that cannot be filled from the plan's renewables)
    start = unserved_with(e_lo)
    goal = allowed if dshare == 0 else rest + 0.05 * max(start - rest, 0.0)
    for _ in range(40):
        if e_hi - e_lo <= max(1e-3 * e_hi, 0.1):
            break
        mid = 0.5 * (e_lo + e_hi)
        if unserved_with(mid) > goal + SHARE_TOLERANCE:
            e_lo = mid
        else:
            e_hi = mid
    return e_hi, p_mw, dshare


def firm_supply_note(scenario: Scenario, load_mw: np.ndarray) -> str:
    """Why adequacy can stay out of reach under the dispatch rules ("" when firm supply suffices).

    The rule-based dispatch discharges storage before coal and import, so a park whose coal
    capacity plus import cap is below its peak load relies on the store in every hour with too
    little wind and solar; a store that runs empty then leaves load unserved.
    """
    coal_mw = scenario.coal.capacity_mw if scenario.coal else 0.0
    firm = coal_mw + scenario.grid.import_max_mw
    peak = float(np.max(load_mw)) if np.size(load_mw) else 0.0
    if firm >= peak:
        return ""
    return (
        f"the park's firm supply (coal {coal_mw:,.0f} MW + import cap "
        f"{scenario.grid.import_max_mw:,.0f} MW = {firm:,.0f} MW) is below its peak load "
        f"{peak:,.0f} MW; under the dispatch rules (storage discharges before coal and import) "
        "the store must carry every hour with too little wind and solar, so more coal or "
        "import capacity, or an allowed policy.max_unserved_share, is what makes the park "
        "adequate"
    )


def _set_verdict_status(result: SizingResult) -> None:
    """Give a least-cost plan whose simulation fails a rule the status ``rule_failed``."""
    if result.status == "optimal" and result.checks is not None:
        fails = failure_lines(result.checks)
        if fails:
            result.status = "rule_failed"
            result.messages.append(
                "the plan fails "
                + (f"{len(fails)} rule checks" if len(fails) > 1 else "a rule check")
                + " in the rule-based simulation of every hour:"
            )
            result.messages.extend("  " + f for f in fails)
            failed = set(result.checks.loc[~result.checks["passed"], "rule"])
            if "unserved_share" in failed:
                note = firm_supply_note(result.scenario, result.simulated.hourly["load_mw"])
                if note:
                    result.messages.append(note)


def _unreachable(
    result: SizingResult,
    scenario: Scenario,
    profiles: Profiles,
    data: LPData,
    timer: _Timer,
    opts: dict,
    handoff: str,
    best_effort: bool,
) -> float:
    """Infeasible targets: the most-renewable-share LP, messages, and a best-effort plan."""
    result.status = "infeasible"
    t0 = time.perf_counter()
    model = build_model(data, "max_share")
    build_s = time.perf_counter() - t0
    sol = solve_model(model, handoff=handoff, **opts)
    timer.add(build_s, sol, "max_share")
    if sol.status != "optimal":
        reason = (
            "the park's rules cannot be met even without share targets: check that the load "
            "can be served within policy.max_unserved_share (coal, grid.import_max_mw, the "
            "largest storage and renewables) and the policy options against the capacity limits"
            if sol.status == "infeasible"
            else f"the most-renewable-share LP stopped with status '{sol.status}'"
        )
        result.messages.append(f"the targets cannot be met, and {reason}")
        return 0.0
    best = lp_shares(data, sol)
    result.max_achievable_share = best.tolist()
    limits = _limits_text(data)
    for y, (year, tgt) in enumerate(zip(scenario.calendar_years, result.targets, strict=True)):
        if tgt > best[y] + _REACH_TOLERANCE:
            result.messages.append(
                f"year {year}: target {tgt:.1%} is unreachable; at most {best[y]:.1%} with {limits}"
            )
    if len(result.messages) == 0:
        result.messages.append(
            "the yearly targets cannot be met together; the largest shares of the most-"
            "renewable plan are " + _pct_list(best)
        )
    if not best_effort:
        return 0.0
    reachable = np.minimum(np.asarray(result.targets), best - _REACH_TOLERANCE)
    t0 = time.perf_counter()
    model = build_model(data.with_targets(reachable), "cost")
    build_s = time.perf_counter() - t0
    sol2 = solve_model(model, handoff=handoff, **opts)
    timer.add(build_s, sol2, "best_effort")
    if sol2.status != "optimal":
        result.messages.append(f"no best-effort plan (status '{sol2.status}')")
        return 0.0
    ts = time.perf_counter()
    _fill_plan(result, scenario, profiles, data, sol2)
    result.lp_targets = reachable.tolist()
    result.plan_kind = "best_effort"
    result.solver = sol2.solver
    result.messages.append(
        "reported plan: the cheapest one that reaches the largest achievable share each year"
    )
    return time.perf_counter() - ts


def _years_list(scenario: Scenario, mask: np.ndarray) -> str:
    return ", ".join(str(y) for y, m in zip(scenario.calendar_years, mask, strict=True) if m)


def _pct_list(values: np.ndarray | list[float]) -> str:
    return ", ".join(f"{v:.1%}" for v in values)


# ---- outputs -------------------------------------------------------------------------------------


def _clean(x: object) -> object:
    """JSON-ready: numpy scalars to Python, NaN/inf to None, recursively."""
    if isinstance(x, dict):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    if isinstance(x, np.ndarray):
        return [_clean(v) for v in x.tolist()]
    if isinstance(x, bool | np.bool_):
        return bool(x)
    if isinstance(x, int | np.integer):
        return int(x)
    if isinstance(x, float | np.floating):
        v = float(x)
        return v if math.isfinite(v) else None
    return x


def _cost_json(cb: pd.DataFrame | None) -> dict | None:
    if cb is None:
        return None
    per_year = []
    for year, row in cb.iterrows():
        rec = {"year": int(year)}
        rec.update({k: float(row[k]) for k in COST_COLUMNS})
        rec["discount_factor"] = float(row["discount_factor"])
        per_year.append(rec)
    df = cb["discount_factor"].to_numpy()
    discounted = {k: float(np.dot(df, cb[k].to_numpy())) for k in COST_COLUMNS}
    return {
        "per_year": per_year,
        "discounted_total": discounted,
        "note": "per_year values are undiscounted per year; discounted_total sums "
        "(1+r)^-y × value; total = annuities + fixed_om + import_cost + fuel_cost "
        "- export_revenue + unserved_cost, and discounted_total.total is the objective",
    }


def plan_json(result: SizingResult) -> dict:
    """Return the content of ``plan.json`` as a JSON-ready dict.

    Keys of the issue: ``scenario, status, objective, currency, capacities, lp_kpis,
    simulated_kpis, cost_breakdown, timing, solver``; the verdict: ``verdict`` (status, passed,
    failure lines) and ``checks`` (:func:`simulator.verdict.check_records`: every rule per year on
    the simulated hours, the LP's value beside); what it was computed from: ``provenance``
    (:func:`simulator.provenance.provenance`); extras: ``plan_kind, targets, lp_targets,
    target_missed_in_simulation, max_achievable_share, assure, messages, files``; with typical
    days also ``typical_days`` (:meth:`solvers.tsa.TypicalDays.summary`), with weather years
    ``robust`` (:func:`solvers.robust.robust_summary`, ``p_meets_target`` per year).
    """
    caps = None if result.capacities is None else result.capacities.to_dict(orient="records")
    years = result.years
    missed = result.target_missed_in_simulation or [False] * len(years)
    out = {
        "scenario": result.scenario.name,
        "status": result.status,
        "verdict": verdict_record(result.status, result.checks),
        "checks": None
        if result.checks is None
        else check_records(result.checks, result.lp_checks),
        "objective": result.objective,
        "currency": result.currency,
        "capacities": caps,
        "lp_kpis": None if result.lp_kpis is None else kpi_records(result.lp_kpis),
        "simulated_kpis": None if result.simulated is None else result.simulated.kpi_records(),
        "cost_breakdown": _cost_json(result.cost_breakdown),
        "timing": {k: v for k, v in result.timing.items()},
        "solver": result.solver,
        "plan_kind": result.plan_kind,
        "targets": [
            {"year": y, "target_share": t} for y, t in zip(years, result.targets, strict=True)
        ],
        "lp_targets": result.lp_targets,
        "target_missed_in_simulation": [
            {"year": y, "missed": bool(m)} for y, m in zip(years, missed, strict=True)
        ],
        "max_achievable_share": result.max_achievable_share,
        "assure": result.assure,
        "messages": result.messages,
        "files": {"hourly_simulation": HOURLY_SIM_FILE, "hourly_lp": HOURLY_LP_FILE}
        if result.capacities is not None
        else {},
    }
    if result.typical_days:
        out["typical_days"] = {
            **result.typical_days,
            "note": "lp_kpis are the LP's weighted yearly sums over the representative days; "
            "hourly_lp.parquet lays the representative days out on the calendar through the "
            "day sequence (soc_mwh = inter-day + intra-day SOC); simulated_kpis and "
            "hourly.parquet are the rule-based dispatch on every real hour",
        }
    if result.segments:
        out["segments"] = {
            **result.segments,
            "note": "lp_kpis are the LP's duration-weighted yearly sums over the runs; "
            "hourly_lp.parquet gives every hour its run's mean flows (soc_mwh follows them hour "
            "by hour); simulated_kpis and hourly.parquet are the rule-based dispatch on "
            "every real hour",
        }
    if result.robust:
        out["robust"] = result.robust
    out["provenance"] = provenance(
        result.scenario, started_at=result.started_at, solver=result.solver
    )
    return _clean(out)


def write_plan(result: SizingResult, out_dir: str | Path) -> list[Path]:
    """Write ``plan.json`` and the hourly files of the plan into ``out_dir``, atomically.

    With a plan: ``hourly.parquet`` (the simulation, as ``parkbalance simulate`` writes it) and
    ``hourly_lp.parquet`` (the LP dispatch, same columns); ``plan.json`` is written last.

    Returns
    -------
    list of Path
        The files written.
    """
    out = Path(out_dir)
    written = []
    if result.lp_hourly is not None:
        written.append(write_parquet(out / HOURLY_LP_FILE, result.lp_hourly))
    if result.simulated is not None:
        written.append(write_parquet(out / HOURLY_SIM_FILE, result.simulated.hourly))
    written.append(write_json(out / PLAN_FILE, plan_json(result)))
    return written


def headline(result: SizingResult) -> str:
    """First line of the summary: the status and, for a plan, the verdict of its simulation."""
    name, n_years = result.scenario.name, len(result.years)
    if result.status == "optimal":
        return (
            f"{name}: least-cost plan; its rule-based simulation of every hour of the "
            f"{n_years} year(s) meets every rule (status optimal)"
        )
    if result.status == "rule_failed":
        n = len(failure_lines(result.checks))
        return (
            f"{name}: least-cost plan of the LP, but its rule-based simulation FAILS {n} rule "
            f"check(s) (status rule_failed)"
        )
    if result.status == "infeasible":
        kind = (
            "; best-effort plan reported" if result.plan_kind == "best_effort" else "; no plan"
        )
        return f"{name}: targets unreachable (status infeasible){kind}"
    return f"{name}: no plan (status {result.status})"


def _check_cell(value: float, unit: str, passed: bool) -> str:
    text = f"{value:.1%}" if unit == "share" else f"{value:,.1f}"
    return f"{text} {'✓' if passed else '✗'}"


def verdict_table(checks: pd.DataFrame, lp_checks: pd.DataFrame | None = None) -> list[str]:
    """Lines of the verdict table: one row per rule, one column per year (value ✓/✗).

    The values are those of the rule-based simulation; the LP's value follows in brackets where
    it differs in the shown digits.
    """
    from simulator.verdict import RULES

    years = sorted({int(y) for y in checks["year"]})
    lp = {}
    if lp_checks is not None:
        lp = {(int(r.year), r.rule): float(r.value) for r in lp_checks.itertuples()}
    out = [
        "verdict (rule-based simulation of every hour; the LP's own value in brackets)",
        f"{'rule':34s}" + "".join(f"{y:>22d}" for y in years),
    ]
    for rule in [r for r in RULES if r in set(checks["rule"])]:
        sub = checks[checks["rule"] == rule].set_index("year")
        first = sub.iloc[0]
        unit = "" if first["unit"] == "share" else f" [{first['unit']}]"
        limit = (
            f"{first['limit']:.1%}" if first["unit"] == "share" else f"{first['limit']:,.1f}"
        )
        same_limit = bool(np.allclose(sub["limit"], first["limit"]))
        label = f"{rule}{unit} {first['sense']} " + (limit if same_limit else "limit")
        cells = []
        for y in years:
            if y not in sub.index:
                cells.append(f"{'-':>22s}")
                continue
            r = sub.loc[y]
            cell = _check_cell(float(r["value"]), str(r["unit"]), bool(r["passed"]))
            lpv = lp.get((y, rule))
            if lpv is not None:
                lp_text = _check_cell(lpv, str(r["unit"]), True)[:-2]
                if lp_text != cell[:-2]:
                    cell += f" ({lp_text})"
            cells.append(f"{cell:>22s}")
        out.append(f"{label:34s}" + "".join(cells))
    return out


def summary_text(result: SizingResult) -> str:
    """Return a planner's summary: capacities, costs, shares (LP, simulated, target), timing."""
    cur = result.currency
    lines = [headline(result)]
    if result.capacities is not None:
        lines.append("")
        lines.append("year   wind MW  solar MW  storage MWh  storage MW")
        for _, r in result.capacities.iterrows():
            lines.append(
                f"{int(r['year'])} {r['wind_mw']:9,.0f} {r['solar_mw']:9,.0f} "
                f"{r['storage_mwh']:12,.0f} {r['storage_mw']:11,.0f}"
            )
    if result.cost_breakdown is not None:
        cb = result.cost_breakdown
        lines.append("")
        lines.append(
            f"costs [million {cur}/yr]  new-capacity annuities  fixed O&M  "
            "energy (import+fuel−export)  unserved  total"
        )
        for year, r in cb.iterrows():
            capex = sum(r[k] for k in _ASSET_COST_NAMES.values())
            energy = r["import_cost"] + r["fuel_cost"] - r["export_revenue"]
            lines.append(
                f"{year} {capex / 1e6:24,.1f} {r['fixed_om'] / 1e6:10,.1f} "
                f"{energy / 1e6:28,.1f} {r['unserved_cost'] / 1e6:9,.1f} {r['total'] / 1e6:6,.1f}"
            )
        lines.append(f"discounted total (objective): {result.objective / 1e6:,.1f} million {cur}")
    if result.lp_kpis is not None:
        lines.append("")
        lines.append("year  target  LP share  simulated")
        sim = result.simulated.kpis if result.simulated is not None else None
        for y, year in enumerate(result.years):
            tgt = result.targets[y]
            lp = result.lp_kpis["renewable_share"].iloc[y]
            ok_lp = "✓" if result.lp_kpis["meets_target"].iloc[y] else "✗"
            if sim is not None:
                s = sim["renewable_share"].iloc[y]
                ok_s = "✓" if sim["meets_target"].iloc[y] else "✗"
                sim_txt = f"{s:8.1%} {ok_s}"
            else:
                sim_txt = "       -"
            lines.append(f"{year} {tgt:7.1%} {lp:8.1%} {ok_lp} {sim_txt}")
    if result.checks is not None:
        lines.append("")
        lines.extend(verdict_table(result.checks, result.lp_checks))
    if result.max_achievable_share is not None:
        lines.append("")
        lines.append(
            "largest achievable share: "
            + ", ".join(
                f"{y} {v:.1%}"
                for y, v in zip(result.years, result.max_achievable_share, strict=True)
            )
        )
    if result.robust:
        rb = result.robust
        lines.append("")
        lines.append(
            f"weather years: {rb['weather_years']}, wanted P(target met) ≥ {rb['quantile']:.0%}"
        )
        lines.append("year  P(met)  critical share  min share")
        for y, year in enumerate(result.years):
            lines.append(
                f"{year} {rb['p_meets_target'][y]:7.0%} {rb['critical_share'][y]:15.1%} "
                f"{rb['share_min'][y]:10.1%}"
            )
    if result.messages:
        lines.append("")
        lines.extend(result.messages)
    t = result.timing
    if t:
        lines.append("")
        lines.append(
            (f"time-series aggregation {t['tsa_s']:.1f} s; " if t.get("tsa_s") else "")
            + f"LP: {t.get('lp_solves', 0)} solve(s), build {t.get('build_s', 0):.1f} s, hand-off "
            f"{t.get('handoff_s', 0):.1f} s, HiGHS {t.get('solve_s', 0):.1f} s "
            f"(HiGHS {result.solver.get('version', '?')}, {result.solver.get('algorithm', '?')}); "
            f"simulation {t.get('simulate_s', 0):.1f} s; total {t.get('total_s', 0):.1f} s"
        )
    return "\n".join(lines)
