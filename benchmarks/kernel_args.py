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

__all__ = ["batch_positional", "hourly_positional", "packs_positional"]


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
