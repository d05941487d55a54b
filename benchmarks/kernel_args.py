"""The dispatch kernels called with the single-store parameters one by one.

The benchmarks (and the kernel tests that compare against the scalar C loop and the first
batched kernel) describe a park by the 17 numbers of the one-store rules; these functions build
the kernels' packs (:mod:`simulator.core.dispatch`) from them, so that every caller measures the
same kernel that ``simulate`` and ``sweep`` run.
"""

from __future__ import annotations

import numpy as np

from simulator.core.dispatch import (
    SUMS,
    Capacities,
    Params,
    Series,
    dispatch_hourly,
    dispatch_yearly_sums_batch,
)

__all__ = ["batch_positional", "component_packs", "hourly_positional", "packs_positional"]


def _c(a: object) -> np.ndarray:
    return np.array(a, dtype=np.float64, order="C", copy=True)


def packs_positional(
    load_mw, wind_cf, solar_cf, wind_mw, solar_mw, storage_mwh, storage_mw, load_scale,
    charge_efficiency, discharge_efficiency, coal_min_load_share, import_max_mw, export_max_mw,
    min_soc, initial_soc, self_discharge_per_hour, coal_mw,
) -> tuple[Series, Params, Capacities]:  # fmt: skip
    """Packs of ``n`` one-store parks: capacities ``(years, n)``, the per-park values ``(n,)``."""
    wind = _c(wind_mw)
    years, n = wind.shape
    row = lambda v: _c(np.broadcast_to(v, (1, n)))  # noqa: E731
    none = np.zeros((0, n))
    ser = Series(_c(load_mw), _c(wind_cf), _c(solar_cf), np.zeros((0, len(load_mw))))
    par = Params(
        load_scale=_c(load_scale), coal_mw=_c(np.full(n, coal_mw)), import_max_mw=_c(import_max_mw),
        export_max_mw=_c(export_max_mw), charge_efficiency=row(charge_efficiency),
        discharge_efficiency=row(discharge_efficiency), min_soc=row(min_soc),
        initial_soc=row(initial_soc), keep=row(1.0 - self_discharge_per_hour),
        process_min_load_share=none, buffer_initial_share=none, curtailable_mw=none,
        curtail_budget_mwh=none,
    )  # fmt: skip
    gmin = _c(np.broadcast_to(np.asarray(coal_min_load_share) * coal_mw, (years, n)))
    cap = Capacities(
        wind, _c(solar_mw), gmin, _c(storage_mwh)[None], _c(storage_mw)[None],
        np.zeros((0, years, n)), np.zeros((0, years, n)),
    )  # fmt: skip
    return ser, par, cap


def batch_positional(
    load_mw, wind_cf, solar_cf, wind_mw, solar_mw, storage_mwh, storage_mw, load_scale,
    charge_efficiency, discharge_efficiency, coal_min_load_share, import_max_mw, export_max_mw,
    hours_per_year, min_soc, initial_soc, self_discharge_per_hour, coal_mw, chunk,
) -> np.ndarray:  # fmt: skip
    """Yearly sums (SUMS) of one-store parks by ``dispatch_yearly_sums_batch``."""
    packs = packs_positional(
        load_mw, wind_cf, solar_cf, wind_mw, solar_mw, storage_mwh, storage_mw, load_scale,
        charge_efficiency, discharge_efficiency, coal_min_load_share, import_max_mw,
        export_max_mw, min_soc, initial_soc, self_discharge_per_hour, coal_mw,
    )  # fmt: skip
    return dispatch_yearly_sums_batch(*packs, hours_per_year, chunk)[:, : len(SUMS), :]


def hourly_positional(
    load_mw, wind_cf, solar_cf, wind_mw, solar_mw, storage_mwh, storage_mw, hours_per_year,
    charge_efficiency, discharge_efficiency, min_soc, initial_soc, self_discharge_per_hour,
    coal_mw, coal_min_load_share, import_max_mw, export_max_mw,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """:func:`~simulator.core.dispatch.dispatch_hourly` of one one-store park (the total rows)."""
    col = lambda a: np.asarray(a, float).reshape(-1, 1)  # noqa: E731
    one = np.ones(1)
    packs = packs_positional(
        load_mw, wind_cf, solar_cf, col(wind_mw), col(solar_mw), col(storage_mwh),
        col(storage_mw), one, charge_efficiency, discharge_efficiency, coal_min_load_share,
        one * import_max_mw, one * export_max_mw, min_soc, initial_soc, self_discharge_per_hour,
        coal_mw,
    )  # fmt: skip
    flows, sums = dispatch_hourly(*packs, hours_per_year)
    from simulator.core.dispatch import FLOWS

    return flows[: len(FLOWS)], sums[:, : len(SUMS)]


def component_packs(
    load_mw: np.ndarray, wind_cf: np.ndarray, solar_cf: np.ndarray, n: int, seed: int = 0
) -> tuple[Series, Params, Capacities]:
    """Packs of ``n`` parks with two stores, a flexible process and a curtailable load.

    One year of the given profiles; random wind, solar and store sizes per park (a battery of up
    to 4,000 MWh / 1,000 MW and a long-duration store of up to 20,000 MWh / 200 MW), a 120 MW
    process (minimum load 30%) with a 600 MWh buffer and a constant 60 MWh/h demand, and 30 MW
    of curtailable load with 500 MWh a year.
    """
    rng = np.random.default_rng(seed)
    hours = len(load_mw)
    one = np.ones(n)
    row = lambda v, k: np.full((k, n), float(v))  # noqa: E731
    ser = Series(_c(load_mw), _c(wind_cf), _c(solar_cf), np.full((1, hours), 60.0))
    par = Params(
        load_scale=one.copy(), coal_mw=one * 0.0, import_max_mw=one * 400.0,
        export_max_mw=one * 0.0, charge_efficiency=row(0.938, 2),
        discharge_efficiency=row(0.938, 2), min_soc=row(0.05, 2), initial_soc=row(0.5, 2),
        keep=row(1.0, 2), process_min_load_share=row(0.3, 1), buffer_initial_share=row(0.5, 1),
        curtailable_mw=row(30.0, 1), curtail_budget_mwh=row(500.0, 1),
    )  # fmt: skip
    sizes = lambda *his: np.stack([rng.uniform(0, h, (1, n)) for h in his])  # noqa: E731
    cap = Capacities(
        rng.uniform(0, 2000.0, (1, n)), rng.uniform(0, 3000.0, (1, n)), np.zeros((1, n)),
        sizes(4000.0, 20_000.0), sizes(1000.0, 200.0), np.full((1, 1, n), 120.0),
        np.full((1, 1, n), 600.0),
    )  # fmt: skip
    return ser, par, cap
