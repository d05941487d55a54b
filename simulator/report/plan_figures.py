"""The figures of a plan or simulation report: one registry, in page order, one module each.

A figure is a module with ``add(page, inp)`` (it draws the figure and adds it with its title and
caption) and an entry of :data:`PLAN_FIGURES` saying when the report shows it; a new figure is a
new module and one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from simulator.report import (
    fig_balance,
    fig_capacity,
    fig_costs,
    fig_heatmap,
    fig_share,
    fig_week,
    figure_stores,
)
from simulator.report.inputs import ReportInputs
from simulator.report.page import Page

__all__ = ["PLAN_FIGURES", "PlanFigure", "add_plan_figures"]


@dataclass(frozen=True)
class PlanFigure:
    """One figure of the plan report.

    Attributes
    ----------
    name : str
        Its name (the module ``fig_<name>``; ``figure_stores`` for the store mix).
    shown : callable
        ``shown(inp) → bool``: whether the report's inputs have what it shows.
    add : callable
        ``add(page, inp)``: draws it and adds it to the page with its title and caption.
    """

    name: str
    shown: Callable[[ReportInputs], bool]
    add: Callable[[Page, ReportInputs], None]


def _capacities(inp: ReportInputs) -> bool:
    return inp.capacities is not None and len(inp.capacities) > 0


def _kpis(inp: ReportInputs) -> bool:
    return bool(inp.kpis_sim or inp.kpis_lp)


def _hourly(inp: ReportInputs) -> bool:
    return inp.hourly is not None and len(inp.hourly) > 0


def _costs(inp: ReportInputs) -> bool:
    cb = (inp.plan or {}).get("cost_breakdown")
    return bool(cb and cb.get("per_year"))


#: The plan report's figures in page order.
PLAN_FIGURES: tuple[PlanFigure, ...] = (
    PlanFigure("capacity", _capacities, fig_capacity.add),
    PlanFigure("store_mix", _capacities, figure_stores.add_store_mix),  # several stores, retrofit
    PlanFigure("balance", _kpis, fig_balance.add),
    PlanFigure("share", _kpis, fig_share.add),
    PlanFigure("week", _hourly, fig_week.add),
    PlanFigure("heatmap", _hourly, fig_heatmap.add),
    PlanFigure("costs", _costs, fig_costs.add),
)


def add_plan_figures(page: Page, inp: ReportInputs) -> None:
    """Add every figure of :data:`PLAN_FIGURES` that the inputs have, in order."""
    for fig in PLAN_FIGURES:
        if fig.shown(inp):
            fig.add(page, inp)
