"""The dispatch-parameter packs: a scenario, its profiles and capacities → the kernels' inputs.

:mod:`simulator.core.dispatch` takes three packs (:class:`~simulator.core.dispatch.Series`,
:class:`~simulator.core.dispatch.Params`, :class:`~simulator.core.dispatch.Capacities`); this module
is the one place that fills them from a scenario, for one park (:func:`pack`) or for many at once
with per-point values (:func:`params`, :func:`capacities` with ``n`` and per-point arrays: the
sweeps). A new parameter of the rules is a field of a pack and a line here.

Every array is a writable, C-contiguous float64 array, so that every caller uses the same kernel
specialisation (compiled once, cached by ``python -m simulator.studies.sweep_warm``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from simulator.core.dispatch import Capacities, Params, Series
from simulator.core.profiles import Profiles
from simulator.core.scenario import HOURS_PER_YEAR, Scenario

__all__ = [
    "capacities",
    "pack",
    "params",
    "product_demand_mwh",
    "series",
    "stack_capacities",
    "widen",
]


def _arr(a: object) -> np.ndarray:
    return np.array(a, dtype=np.float64, order="C", copy=True)


def product_demand_mwh(scenario: Scenario, weather_year: int = 0) -> np.ndarray:
    """Hourly product demand of each flexible process [MWh/h energy equivalent].

    Returns
    -------
    numpy.ndarray
        Shape ``(len(scenario.processes), years * 8760)``.
    """
    hours = scenario.years * HOURS_PER_YEAR
    out = np.zeros((len(scenario.processes), hours))
    for i, pr in enumerate(scenario.processes):
        const = pr.constant_demand_mw()
        if const is not None:
            out[i] = const
            continue
        from simulator.core.profiles import _measured

        notes: list[str] = []
        out[i] = _measured(
            scenario,
            pr.demand_csv,
            f"processes[{i}].demand_csv",
            "load",
            f"process {pr.name!r} demand",
            weather_year,
            notes,
        )
    return out


def series(scenario: Scenario, profiles: Profiles, demand_mwh: np.ndarray | None = None) -> Series:
    """Return the hourly inputs of a park (load, capacity factors, product demand)."""
    if demand_mwh is None:
        demand_mwh = product_demand_mwh(scenario)
    return Series(
        _arr(profiles.load_mw), _arr(profiles.wind_cf), _arr(profiles.solar_cf), _arr(demand_mwh)
    )


#: Parameters that may differ between the parks of one call (:func:`widen`).
PER_POINT = ("load_scale", "charge_efficiency", "discharge_efficiency", "import_max_mw",
             "export_max_mw")  # fmt: skip


def params(scenario: Scenario, n: int = 1, **per_point: np.ndarray | float) -> Params:
    """Return the rules' parameters of ``n`` parks: the scenario's values or per-point arrays.

    Parameters
    ----------
    scenario : Scenario
        The park.
    n : int
        Number of parks (scenario columns).
    **per_point : numpy.ndarray or float
        Values that differ between the parks, shape ``(n,)`` (:data:`PER_POINT`; see
        :func:`widen`).
    """
    stores = scenario.stores
    cur = scenario.curtailable_loads

    def rows(values: list[float]) -> np.ndarray:
        return _arr(np.array(values, dtype=np.float64).reshape(-1, 1))

    base = Params(
        load_scale=_arr([1.0]),
        coal_mw=_arr([scenario.coal.capacity_mw if scenario.coal else 0.0]),
        import_max_mw=_arr([scenario.grid.import_max_mw]),
        export_max_mw=_arr([scenario.grid.export_max_mw]),
        charge_efficiency=rows([s.charge_efficiency for s in stores]),
        discharge_efficiency=rows([s.discharge_efficiency for s in stores]),
        min_soc=rows([s.min_soc for s in stores]),
        initial_soc=rows([s.initial_soc for s in stores]),
        keep=rows([1.0 - float(s.self_discharge_per_hour) for s in stores]),
        process_min_load_share=rows([p.min_load_share for p in scenario.processes]),
        buffer_initial_share=rows([p.buffer_initial_share for p in scenario.processes]),
        curtailable_mw=rows([ld.curtailable_mw for ld in cur]),
        curtail_budget_mwh=rows(
            [
                np.inf if ld.max_curtailed_mwh_per_year is None else ld.max_curtailed_mwh_per_year
                for ld in cur
            ]
        ),
    )
    return widen(base, n, **per_point)


def widen(base: Params, n: int, **per_point: np.ndarray | float) -> Params:
    """Return the parameters of ``n`` parks: one park's in every column but the per-point values.

    Parameters
    ----------
    base : Params
        One park's parameters (``n = 1``).
    n : int
        Number of parks.
    **per_point : numpy.ndarray or float
        ``load_scale``, ``import_max_mw``, ``export_max_mw`` (shape ``(n,)``) and
        ``charge_efficiency``, ``discharge_efficiency`` (shape ``(n,)``, the same for every
        store).
    """
    unknown = set(per_point) - set(PER_POINT)
    if unknown:
        raise TypeError(f"unknown per-point parameter(s): {sorted(unknown)}")

    def col(name: str) -> np.ndarray:
        v = getattr(base, name)
        if name in per_point:
            return _arr(np.broadcast_to(np.asarray(per_point[name], float), v.shape[:-1] + (n,)))
        return _arr(np.broadcast_to(v[..., :1], v.shape[:-1] + (n,)))

    return Params(*(col(name) for name in Params._fields))


def coal_min_mw(
    scenario: Scenario, years: int, n: int = 1, share: np.ndarray | float | None = None
) -> np.ndarray:
    """Return the coal must-run m_y [MW] of each year and park, shape ``(years, n)``.

    It is ``share`` (default the scenario's ``coal.min_load_share``) × capacity.
    """
    if scenario.coal is None:
        return np.zeros((years, n))
    s = scenario.coal.min_load_share if share is None else share
    row = np.asarray(s, dtype=np.float64) * scenario.coal.capacity_mw
    return _arr(np.broadcast_to(row, (years, n)))


def capacities(
    scenario: Scenario, caps: Mapping[str, np.ndarray] | pd.DataFrame, n: int = 1
) -> Capacities:
    """Return the capacities of each year of ``n`` parks.

    Parameters
    ----------
    scenario : Scenario
        The park (which stores and processes it has).
    caps : mapping or DataFrame
        Per asset of :meth:`Scenario.asset_names`, shape ``(years,)`` (one park, as the capacity
        table of :func:`simulator.core.simulate.capacity_table`) or ``(years, n)``. Without
        ``coal_min_load_mw`` the must-run is the scenario's ``coal.min_load_share`` × capacity;
        ``coal_min_load_share`` (shape ``(n,)``) sets it per park.
    n : int
        Number of parks.
    """
    def get(name: str) -> np.ndarray:
        a = np.asarray(caps[name], dtype=np.float64)
        return a.reshape(-1, 1) * np.ones(n) if a.ndim == 1 else a

    years = np.asarray(caps["wind_mw"]).shape[0]
    if "coal_min_load_mw" in caps:
        gmin = get("coal_min_load_mw")
    else:
        share = caps["coal_min_load_share"] if "coal_min_load_share" in caps else None
        gmin = coal_min_mw(scenario, years, n, share)
    stores, processes = scenario.store_pairs(), scenario.process_pairs()
    named = {name: get(name) for pair in (*stores, *processes) for name in pair}
    named.update(wind_mw=get("wind_mw"), solar_mw=get("solar_mw"))
    return stack_capacities(
        named,
        stores,
        processes,
        gmin,
    )


def stack_capacities(
    caps: Mapping[str, np.ndarray],
    stores: tuple[tuple[str, str], ...],
    processes: tuple[tuple[str, str], ...],
    coal_min_mw: np.ndarray,
) -> Capacities:
    """Return the capacities pack from per-asset arrays of shape ``(years, n)``.

    ``stores`` and ``processes`` name each item's pair of capacities (``("lds_mwh", "lds_mw")``,
    ``("ely_mw", "ely_buffer_mwh")``), in the park's order; ``coal_min_mw`` is m_y, ``(years, n)``.
    """
    years, n = np.asarray(caps["wind_mw"]).shape

    def stack(names: list[str]) -> np.ndarray:
        if not names:
            return np.zeros((0, years, n))
        return _arr(np.stack([caps[x] for x in names]))

    return Capacities(
        wind_mw=_arr(caps["wind_mw"]),
        solar_mw=_arr(caps["solar_mw"]),
        coal_min_mw=_arr(coal_min_mw),
        storage_mwh=stack([e for e, _ in stores]),
        storage_mw=stack([p for _, p in stores]),
        process_mw=stack([c for c, _ in processes]),
        buffer_mwh=stack([b for _, b in processes]),
    )


def pack(
    scenario: Scenario, profiles: Profiles, caps: pd.DataFrame, demand_mwh: np.ndarray | None = None
) -> tuple[Series, Params, Capacities]:
    """Return the three packs of one park for :func:`simulator.core.dispatch.dispatch_hourly`."""
    return series(scenario, profiles, demand_mwh), params(scenario), capacities(scenario, caps)
