"""What the plan report's figures share: cost colours and items, KPI and hourly arrays, targets.

Each figure is a module of its own (``fig_capacity``, ``fig_balance``, ``fig_share``, ``fig_week``,
``fig_heatmap``, ``fig_costs``, ``figure_stores``) listed in :mod:`simulator.report.plan_figures`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.core.vocabulary import COMPONENT_COST_ITEMS, COST_ITEMS
from simulator.report.inputs import (
    HOURS_PER_DAY,
    ReportInputs,
)

_COST_COLOURS = {
    "wind_annuity": "#3b7dd8",
    "solar_annuity": "#f2b01e",
    "storage_energy_annuity": "#8e6cc9",
    "storage_power_annuity": "#c5b3e6",
    "fixed_om": "#7fbf7b",
    "fuel_cost": "#5a5a5a",
    "import_cost": "#e4572e",
    "unserved_cost": "#b2182b",
    "export_revenue": "#92c5de",
    # components (only where plan.json has them)
    "retrofit_annuity": "#9e9ac8",
    "process_annuity": "#66c2a5",
    "curtail_cost": "#fdae6b",
    "shortfall_cost": "#d6604d",
}
_COST_ITEMS = COST_ITEMS  # the vocabulary's order; every item has its colour above
_COMPONENT_COST_ITEMS = COMPONENT_COST_ITEMS


def cost_items(per_year: list[dict]) -> list[str]:
    """Cost items of a plan's breakdown: the usual ones, and the components' where present."""
    return [
        k for k in _COST_ITEMS if k not in _COMPONENT_COST_ITEMS or any(k in r for r in per_year)
    ]


_CAPACITY_KEYS = ("wind_mw", "solar_mw", "storage_mwh", "storage_mw")


def flexible_demand(recs: list[dict]) -> bool:
    """Whether the yearly ``load_mwh`` is the demand L + p_f + p_o − z, not the fixed load.

    True where flexible processes use power or curtailable loads are curtailed in some year.
    """
    return any(
        float(r.get("process_mwh") or 0.0) > 0 or float(r.get("load_curtailed_mwh") or 0.0) > 0
        for r in recs
    )


def _kpi(recs: list[dict], key: str) -> np.ndarray:
    return np.array([float(r.get(key) or 0.0) for r in recs])


def _targets(inp: ReportInputs) -> np.ndarray | None:
    """Target share of each year from plan.json ``targets`` or the KPI records."""
    plan_t = (inp.plan or {}).get("targets")
    if plan_t:
        return np.array([float(t["target_share"]) for t in plan_t])
    recs = inp.kpis_sim or inp.kpis_lp
    if recs and all("target_share" in r for r in recs):
        return np.array([float(r["target_share"]) for r in recs])
    return None


def _year_array(hourly: pd.DataFrame, year: int, col: str) -> np.ndarray:
    sub = hourly.loc[hourly["year"] == year, col].to_numpy(dtype=float)
    return sub


def _daily(hourly: pd.DataFrame, year: int, col: str) -> np.ndarray:
    v = _year_array(hourly, year, col)
    days = v.size // HOURS_PER_DAY
    return v[: days * HOURS_PER_DAY].reshape(days, HOURS_PER_DAY).sum(axis=1)


def _any_flow(hourly: pd.DataFrame, col: str) -> bool:
    """Whether a flow is ever non-zero over the horizon (zero flows stay out of legends)."""
    return col in hourly.columns and bool((hourly[col].abs() > 1e-9).any())


