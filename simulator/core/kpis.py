"""Yearly key performance indicators from yearly sums (docs/model.md § KPIs).

One definition serves the single simulation, the sweeps and the optimiser's own dispatch: every
KPI is computed here from the yearly sums of :data:`simulator.core.dispatch.SUMS`. The functions are
vectorised over any trailing axes (scenarios of a sweep).
"""

from __future__ import annotations

import numpy as np

from simulator.core.vocabulary import SUM_NAMES as SUMS
from simulator.core.vocabulary import park_demand, renewable_to_load

__all__ = ["COMPONENT_KPI_NAMES", "KPI_NAMES", "SHARE_TOLERANCE", "kpis_from_sums"]

#: A share within this of its target counts as meeting it (floating-point noise of the sums).
SHARE_TOLERANCE = 1e-9

#: KPI names of kpis.json, in order (the contract of the foundation issue, plus extras).
KPI_NAMES = (
    "load_mwh",
    "renewable_available_mwh",
    "renewable_to_load_mwh",
    "curtailed_mwh",
    "export_mwh",
    "import_mwh",
    "coal_mwh",
    "storage_charge_mwh",
    "storage_discharge_mwh",
    "unserved_mwh",
    "renewable_share",
    "renewable_utilisation",
    "target_share",
    "meets_target",
    "co2_t",
    # extras
    "wind_available_mwh",
    "solar_available_mwh",
    "renewable_direct_mwh",
    "target_gap_share",
    "peak_import_mw",
    "unserved_hours",
)

#: KPIs of flexible processes and curtailable loads, reported for parks that have them.
COMPONENT_KPI_NAMES = (
    "fixed_load_mwh",
    "process_mwh",
    "process_forced_mwh",
    "process_surplus_mwh",
    "process_renewable_mwh",
    "process_renewable_share",
    "product_shortfall_mwh",
    "load_curtailed_mwh",
)


def kpis_from_sums(
    sums: np.ndarray,
    target_share: np.ndarray,
    coal_co2_t_per_mwh: float,
    grid_co2_t_per_mwh: float,
) -> dict[str, np.ndarray]:
    r"""Compute the yearly KPIs.

    .. math::
        \text{renewable\_share} = \frac{\sum_t (d_t + p^o_t + q_t)}
        {\sum_t (L_t + p^f_t + p^o_t - z_t)}, \qquad
        \text{renewable\_utilisation} = 1 - \frac{\sum_t k_t}{\sum_t A_t}

    Parameters
    ----------
    sums : numpy.ndarray
        Yearly sums, shape ``(years, len(SUMS), ...)`` with columns as in :data:`SUMS`.
    target_share : numpy.ndarray
        Target of each year [1], shape ``(years,)``.
    coal_co2_t_per_mwh, grid_co2_t_per_mwh : float
        Emission factors of coal output and of imports [tCO2/MWh].

    Returns
    -------
    dict of str to numpy.ndarray
        Each KPI of :data:`KPI_NAMES`, shape ``(years, ...)``. Shares are in [0, 1];
        ``meets_target`` is boolean; ``co2_t`` in tonnes.
    """
    col = {name: sums[:, i] for i, name in enumerate(SUMS)}
    fixed = col["load_mwh"]
    pf, po = col["process_forced_mwh"], col["process_surplus_mwh"]
    load = park_demand(fixed, pf, po, col["load_curtailed_mwh"])
    avail = col["wind_available_mwh"] + col["solar_available_mwh"]
    to_load = renewable_to_load(
        col["renewable_direct_mwh"], col["storage_discharge_mwh"], po
    )
    proc = pf + po
    target = np.asarray(target_share, dtype=float).reshape((-1,) + (1,) * (load.ndim - 1))
    target = np.broadcast_to(target, load.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(load > 0, to_load / np.where(load > 0, load, 1.0), 1.0)
        util = np.where(
            avail > 0, 1.0 - col["curtailed_mwh"] / np.where(avail > 0, avail, 1.0), 1.0
        )
    out = {
        "load_mwh": load,
        "renewable_available_mwh": avail,
        "renewable_to_load_mwh": to_load,
        "curtailed_mwh": col["curtailed_mwh"],
        "export_mwh": col["export_mwh"],
        "import_mwh": col["import_mwh"],
        "coal_mwh": col["coal_mwh"],
        "storage_charge_mwh": col["storage_charge_mwh"],
        "storage_discharge_mwh": col["storage_discharge_mwh"],
        "unserved_mwh": col["unserved_mwh"],
        "renewable_share": share,
        "renewable_utilisation": util,
        "target_share": target.copy(),
        "meets_target": share >= target - SHARE_TOLERANCE,
        "co2_t": col["coal_mwh"] * coal_co2_t_per_mwh + col["import_mwh"] * grid_co2_t_per_mwh,
        "wind_available_mwh": col["wind_available_mwh"],
        "solar_available_mwh": col["solar_available_mwh"],
        "renewable_direct_mwh": col["renewable_direct_mwh"],
        "target_gap_share": share - target,
        "peak_import_mw": col["peak_import_mw"],
        "unserved_hours": col["unserved_hours"],
        "fixed_load_mwh": fixed,
        "process_mwh": proc,
        "process_forced_mwh": pf,
        "process_surplus_mwh": po,
        "process_renewable_mwh": col["process_renewable_mwh"],
        "process_renewable_share": np.where(
            proc > 0, col["process_renewable_mwh"] / np.where(proc > 0, proc, 1.0), 0.0
        ),
        "product_shortfall_mwh": col["product_shortfall_mwh"],
        "load_curtailed_mwh": col["load_curtailed_mwh"],
    }
    return out
