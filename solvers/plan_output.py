"""A sizing's outputs: ``plan.json``, the hourly Parquet files and the planner's summary."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.core.io import write_json, write_parquet
from simulator.core.provenance import provenance
from simulator.core.simulate import (
    kpi_records,
)
from simulator.core.verdict import check_records, failure_lines, verdict_record
from solvers.plan_tables import ASSET_COST_NAMES, COMPONENT_COST_COLUMNS, COST_COLUMNS
from solvers.result import HOURLY_LP_FILE, HOURLY_SIM_FILE, PLAN_FILE, SizingResult


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
    # the components' columns (curtail_cost, retrofit_annuity) only where the park has them
    cols = (*COST_COLUMNS[:-1], *(c for c in COMPONENT_COST_COLUMNS if c in cb), COST_COLUMNS[-1])
    per_year = []
    for year, row in cb.iterrows():
        rec = {"year": int(year)}
        rec.update({k: float(row[k]) for k in cols})
        rec["discount_factor"] = float(row["discount_factor"])
        per_year.append(rec)
    df = cb["discount_factor"].to_numpy()
    discounted = {k: float(np.dot(df, cb[k].to_numpy())) for k in cols}
    extra = "".join(f" + {c}" for c in COMPONENT_COST_COLUMNS if c in cb)
    return {
        "per_year": per_year,
        "discounted_total": discounted,
        "note": "per_year values are undiscounted per year; discounted_total sums "
        "(1+r)^-y × value; total = annuities + fixed_om + import_cost + fuel_cost "
        f"- export_revenue + unserved_cost{extra}, and discounted_total.total is the objective",
    }


def plan_json(result: SizingResult) -> dict:
    """Return the content of ``plan.json`` as a JSON-ready dict.

    Keys of the issue: ``scenario, status, objective, currency, capacities, lp_kpis,
    simulated_kpis, cost_breakdown, timing, solver``; the verdict: ``verdict`` (status, passed,
    failure lines) and ``checks`` (:func:`simulator.core.verdict.check_records`: every rule per year
    on the simulated hours, the LP's value beside); what it was computed from: ``provenance``
    (:func:`simulator.core.provenance.provenance`); extras: ``plan_kind, targets, lp_targets,
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
        "checks": None if result.checks is None else check_records(result.checks, result.lp_checks),
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
        kind = "; best-effort plan reported" if result.plan_kind == "best_effort" else "; no plan"
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
    from simulator.core.verdict import RULES

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
        limit = f"{first['limit']:.1%}" if first["unit"] == "share" else f"{first['limit']:,.1f}"
        same_limit = bool(np.allclose(sub["limit"], first["limit"]))
        bound = limit if same_limit else ("target" if rule == "renewable_share" else "limit")
        label = f"{rule}{unit} {first['sense']} {bound}"
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


#: Capacity columns of every plan's first summary table.
_BASE_CAPACITY_COLUMNS = ("year", "wind_mw", "solar_mw", "storage_mwh", "storage_mw",
                          "coal_min_load_mw")  # fmt: skip


def _item_capacity_lines(caps: pd.DataFrame) -> list[str]:
    """Per-store and per-process capacities of a plan (``NAME_mwh``, ``NAME_buffer_mwh``, ...).

    Nothing when the plan has only the base columns; ``storage_mwh``/``storage_mw`` of the first
    table are then the sums over the stores.
    """
    cols = [c for c in caps.columns if c not in _BASE_CAPACITY_COLUMNS]
    if not cols:
        return []
    width = max(12, *(len(c) for c in cols))
    out = ["", "year " + " ".join(f"{c:>{width}}" for c in cols)]
    for _, r in caps.iterrows():
        out.append(f"{int(r['year'])} " + " ".join(f"{r[c]:{width},.0f}" for c in cols))
    return out


def _cost_lines(cb: pd.DataFrame, cur: str, objective: float) -> list[str]:
    """Return the summary's cost table [million currency/yr] and the discounted total."""
    lines: list[str] = []
    lines.append("")
    # the retrofit's annuity is a new-capacity annuity; curtailment gets its own column
    annuities = list(ASSET_COST_NAMES.values())
    annuities += [k for k in ("retrofit_annuity", "process_annuity") if k in cb]
    curt = "curtail_cost" in cb
    short = "shortfall_cost" in cb  # flexible processes' product shortfall
    lines.append(
        f"costs [million {cur}/yr]  new-capacity annuities  fixed O&M  "
        "energy (import+fuel−export)  unserved  "
        + ("curtailment  " if curt else "")
        + ("product shortfall  " if short else "")
        + "total"
    )
    for year, r in cb.iterrows():
        capex = sum(r[k] for k in annuities)
        energy = r["import_cost"] + r["fuel_cost"] - r["export_revenue"]
        lines.append(
            f"{year} {capex / 1e6:24,.1f} {r['fixed_om'] / 1e6:10,.1f} "
            f"{energy / 1e6:28,.1f} {r['unserved_cost'] / 1e6:9,.1f} "
            + (f"{r['curtail_cost'] / 1e6:12,.1f} " if curt else "")
            + (f"{r['shortfall_cost'] / 1e6:18,.1f} " if short else "")
            + f"{r['total'] / 1e6:6,.1f}"
        )
    lines.append(f"discounted total (objective): {objective / 1e6:,.1f} million {cur}")
    return lines


def summary_text(result: SizingResult) -> str:
    """Return a planner's summary: capacities, costs, shares (LP, simulated, target), timing."""
    cur = result.currency
    lines = [headline(result)]
    if result.capacities is not None:
        lines.append("")
        retro = "coal_min_load_mw" in result.capacities  # the retrofit's m_y
        lines.append(
            "year   wind MW  solar MW  storage MWh  storage MW" + ("  coal min MW" if retro else "")
        )
        for _, r in result.capacities.iterrows():
            lines.append(
                f"{int(r['year'])} {r['wind_mw']:9,.0f} {r['solar_mw']:9,.0f} "
                f"{r['storage_mwh']:12,.0f} {r['storage_mw']:11,.0f}"
                + (f" {r['coal_min_load_mw']:12,.0f}" if retro else "")
            )
        lines.extend(_item_capacity_lines(result.capacities))
    if result.cost_breakdown is not None:
        lines.extend(_cost_lines(result.cost_breakdown, cur, result.objective))
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
