"""The dataset of a dispatch sweep: its layout, and its variables computed block by block.

A sweep's result has one dimension per grid name, ``[weather_year]`` and ``year``. Its variables
are computed from the yearly sums of a *block* of contiguous flat grid points at a time (a chunk
of the plan, all weather years): :func:`block_values` gives every variable of those points with
the flat point index first, shape ``(m, *trailing)``. A *sink* takes the blocks in any order:
:class:`MemorySink` fills arrays and builds the :class:`xarray.Dataset`; the file sinks of
:mod:`simulator.studies.sweep_stream` write each block into the output file as it comes, so a large
grid never sits in memory whole. The numbers are the same either way: every variable of a point
depends on that point's sums only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.core.dispatch import SUMS
from simulator.core.kpis import COMPONENT_KPI_NAMES, KPI_NAMES, kpis_from_sums
from simulator.core.rules import rule_checks
from simulator.core.scenario import Scenario
from simulator.core.simulate import has_components
from simulator.core.verdict import HOURLY_RULES, checks_from_sums
from simulator.core.vocabulary import storage_totals
from simulator.studies.sweep_grid import units
from simulator.studies.sweep_plan import ChunkPlan

if TYPE_CHECKING:  # pragma: no cover
    import xarray as xr

__all__ = [
    "SHARE_QUANTILES",
    "Layout",
    "MemorySink",
    "PointVar",
    "block_values",
    "layout",
]

#: Quantiles of the renewable share over weather years stored with ``weather_years``.
SHARE_QUANTILES = (0.05, 0.5, 0.95)


@dataclass(frozen=True)
class PointVar:
    """A variable over the grid points: its name, the dimensions after the grid's, attributes."""

    name: str
    trailing: tuple[str, ...]
    dtype: str
    attrs: dict[str, str]


@dataclass(frozen=True)
class Layout:
    """The structure of a sweep dataset, without the values of its point variables."""

    names: tuple[str, ...]
    grid_values: tuple[np.ndarray, ...]
    sizes: dict[str, int]
    coords: dict[str, tuple[tuple[str, ...], np.ndarray, dict[str, str]]]
    target_share: np.ndarray
    point_vars: tuple[PointVar, ...]
    attrs: dict[str, Any]

    @property
    def grid_shape(self) -> tuple[int, ...]:
        """Sizes of the grid dimensions."""
        return tuple(v.size for v in self.grid_values)

    def dims(self, var: PointVar) -> tuple[str, ...]:
        """Return all dimensions of ``var``: the grid names, then its own."""
        return (*self.names, *var.trailing)

    def trailing_shape(self, var: PointVar) -> tuple[int, ...]:
        """Sizes of the dimensions of ``var`` after the grid's."""
        return tuple(self.sizes[d] for d in var.trailing)


def layout(scenario: Scenario, plan: ChunkPlan, attrs: dict[str, Any]) -> Layout:
    """Return the layout of the dataset of the sweep ``plan`` over ``scenario``."""
    with_weather = plan.weather_years is not None
    per_point = ("weather_year", "year") if with_weather else ("year",)
    coords: dict[str, tuple[tuple[str, ...], np.ndarray, dict[str, str]]] = {
        name: ((name,), vals, {"units": units(name)})
        for name, vals in zip(plan.names, plan.values, strict=True)
    }
    coords["year"] = (("year",), np.asarray(scenario.calendar_years, dtype=np.int64), {})
    if with_weather:
        coords["weather_year"] = (
            ("weather_year",), np.arange(plan.n_weather, dtype=np.int64),
            {"long_name": "index of the synthesised weather realisation"},
        )
        coords["quantile"] = (("quantile",), np.asarray(SHARE_QUANTILES), {})
    kpis = _kpi_names(scenario)
    out = [PointVar(n, per_point, "bool" if n == "meets_target" else "float64",
                    {"units": units(n)}) for n in kpis]
    out.append(PointVar(
        "passes_every_rule", per_point, "bool",
        {"units": "1", "long_name": "every rule decided by the yearly sums passed",
         "rules": " ".join(_rule_ids(scenario, plan)), "not_checked": " ".join(HOURLY_RULES)},
    ))
    if with_weather:
        out += [
            PointVar("p_meets_target", ("year",), "float64", {
                "units": "1",
                "long_name": "share of weather years meeting the target of the year"}),
            PointVar("p_meets_all_targets", (), "float64", {
                "units": "1",
                "long_name": "share of weather years in which all years meet targets"}),
            PointVar("renewable_share_quantile", ("quantile", "year"), "float64", {
                "units": "1", "long_name": "quantiles of the renewable share over weather years"}),
        ]
    sizes = {name: vals.size for name, vals in zip(plan.names, plan.values, strict=True)}
    sizes.update({name: c[1].size for name, c in coords.items() if name not in sizes})
    return Layout(
        names=plan.names, grid_values=plan.values, sizes=sizes, coords=coords,
        target_share=np.asarray(scenario.target_shares(), dtype=float),
        point_vars=tuple(out), attrs=attrs,
    )


def _rule_ids(scenario: Scenario, plan: ChunkPlan) -> tuple[str, ...]:
    """Return the ids of the rules :func:`_passes_every_rule` checks (on one point's sums)."""
    sums = np.ones((plan.years, len(SUMS), plan.n_weather, 1))
    return _passes_every_rule(scenario, plan, _kpis(scenario, sums), 0, 1)[1]


def block_values(
    scenario: Scenario, plan: ChunkPlan, sums: np.ndarray, lo: int, hi: int
) -> dict[str, np.ndarray]:
    """Return every point variable of the flat points ``lo:hi``, shape ``(hi - lo, *trailing)``.

    ``sums`` are their yearly sums, shape ``(years, len(SUMS), n_weather, hi - lo)``.
    """
    k = _kpis(scenario, sums)
    with_weather = plan.weather_years is not None

    def per_point(a: np.ndarray) -> np.ndarray:
        # (years, W, m) → (m, [W], years)
        a = np.transpose(a, (2, 1, 0))
        return np.ascontiguousarray(a if with_weather else a[:, 0, :])

    out = {name: per_point(k[name]) for name in _kpi_names(scenario)}
    out["passes_every_rule"] = per_point(_passes_every_rule(scenario, plan, k, lo, hi)[0])
    if with_weather:
        met = out["meets_target"]
        out["p_meets_target"] = met.mean(axis=1)
        out["p_meets_all_targets"] = met.all(axis=-1).mean(axis=1)
        q = np.quantile(out["renewable_share"], SHARE_QUANTILES, axis=1)  # (Q, m, years)
        out["renewable_share_quantile"] = np.moveaxis(q, 0, 1)
    return out


def _kpi_names(scenario: Scenario) -> list[str]:
    """KPI variables of the dataset: those of every park, then those of its components."""
    names = [n for n in KPI_NAMES if n != "target_share"]
    return names + (list(COMPONENT_KPI_NAMES) if has_components(scenario) else [])


def _kpis(scenario: Scenario, sums: np.ndarray) -> dict[str, np.ndarray]:
    return kpis_from_sums(
        sums,
        np.asarray(scenario.target_shares(), dtype=float),
        scenario.coal.co2_t_per_mwh if scenario.coal else 0.0,
        scenario.grid.co2_t_per_mwh,
    )


def _passes_every_rule(
    scenario: Scenario, plan: ChunkPlan, kpis: Mapping[str, np.ndarray], lo: int, hi: int
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Return whether every rule decided by yearly sums passed, shape ``(years, W, m)``.

    The rules of :data:`simulator.core.verdict.SUM_RULES` the scenario has, with each point's
    capacities and import cap (:func:`simulator.core.verdict.checks_from_sums`). The rules of
    :data:`simulator.core.verdict.HOURLY_RULES` (peak export, coal output within capacity and
    must-run) need the hourly flows; the dispatch rules keep them by construction. The rules
    of the scenario's rule sets (:func:`simulator.core.rules.rule_checks`) are decided by the sums
    too.
    """
    a = plan.point_arrays(lo, hi)
    storage_mwh, storage_mw = storage_totals(a, plan.stores)  # the storage rules take the sums
    caps = {  # (years, 1, m)
        "wind_mw": a["wind_mw"][:, None, :],
        "solar_mw": a["solar_mw"][:, None, :],
        "storage_mwh": storage_mwh[:, None, :],
        "storage_mw": storage_mw[:, None, :],
    }
    checks = checks_from_sums(scenario, kpis, caps, a["import_max_mw"][None, None, :])
    for rule_id, rule in rule_checks(scenario, kpis).items():  # the rule sets' rules
        checks[rule_id] = rule["passed"]
    passed = np.ones(kpis["renewable_share"].shape, dtype=bool)
    for ok in checks.values():
        passed &= ok
    return passed, tuple(checks)


class MemorySink:
    """Collects the blocks of a sweep in memory and builds its :class:`xarray.Dataset`."""

    def __init__(self, lay: Layout) -> None:
        self.layout = lay
        n = int(np.prod(lay.grid_shape, dtype=np.int64))
        self.arrays = {
            v.name: np.empty((n, *lay.trailing_shape(v)), dtype=v.dtype) for v in lay.point_vars
        }

    def write(self, lo: int, hi: int, values: Mapping[str, np.ndarray]) -> None:
        """Store the point variables of the flat points ``lo:hi``."""
        for name, arr in self.arrays.items():
            arr[lo:hi] = values[name]

    def dataset(self) -> xr.Dataset:
        """Return the whole result."""
        import xarray as xr

        lay = self.layout
        data: dict[str, Any] = {}
        for v in lay.point_vars:
            if v.name == "passes_every_rule":  # the order of the variables of earlier versions
                data["target_share"] = xr.Variable("year", lay.target_share, {"units": "1"})
            arr = self.arrays[v.name].reshape((*lay.grid_shape, *lay.trailing_shape(v)))
            data[v.name] = xr.Variable(lay.dims(v), arr, v.attrs)
        return xr.Dataset(data, coords=coords_of(lay), attrs=lay.attrs)


def coords_of(lay: Layout) -> dict[str, xr.Variable]:
    """Return the coordinates of the dataset as :class:`xarray.Variable`."""
    import xarray as xr

    return {name: xr.Variable(dims, vals, attrs) for name, (dims, vals, attrs) in
            lay.coords.items()}

