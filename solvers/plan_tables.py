"""From an LP solution to tables: capacities, hourly dispatch, yearly sums, costs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.core.dispatch import SUMS
from simulator.core.scenario import HOURS_PER_YEAR
from simulator.core.simulate import (
    HOURLY_COLUMNS,
)
from simulator.core.vocabulary import (
    COMPONENT_COST_ITEMS,
    COST_ITEMS,
    LP_FLOWS,
    park_demand,
    renewable_to_load,
)
from solvers.highs import (
    SolveResult,
)
from solvers.lp import (
    ASSETS,
    LPData,
    annuity_factor,
    discount_factors,
    retrofit_cost_per_mw,
)
from solvers.segments import Segments
from solvers.tsa import TypicalDays

ASSET_COST_NAMES = dict(
    zip(
        ASSETS,
        ("wind_annuity", "solar_annuity", "storage_energy_annuity", "storage_power_annuity"),
        strict=True,
    )
)
#: Hourly variables of a store (several stores: indexed by store first).
STORE_VARIABLES = ("charge_mw", "discharge_mw", "soc_mwh")
#: Columns of the cost breakdown [currency/yr] (:data:`simulator.core.vocabulary.COST_ITEMS`
#: without the components' items, then the total).
COST_COLUMNS = (*(c for c in COST_ITEMS if c not in COMPONENT_COST_ITEMS), "total")
#: Cost columns of components, present only in plans of parks that have them [currency/yr]
#: (:data:`simulator.core.vocabulary.COMPONENT_COST_ITEMS`).
COMPONENT_COST_COLUMNS = COMPONENT_COST_ITEMS


def hourly_values(data: LPData, sol: SolveResult) -> dict[str, np.ndarray]:
    """Every hourly flow of the LP as (years, hours) arrays (absent variables are 0; ≥ 0).

    With several stores c, q and soc are summed over the stores; ``load_curtailed_mw`` is z
    summed over the curtailable loads; ``process_mw`` and ``product_shortfall_mwh`` are p and s
    summed over the flexible processes.
    """
    out = {}
    for n in LP_FLOWS:
        out[n] = per_item(data, sol, n).sum(axis=0)
    out["load_curtailed_mw"] = curtailed_per_load(data, sol).sum(axis=0)
    out["process_mw"] = per_item(data, sol, "process_mw").sum(axis=0)
    out["product_shortfall_mwh"] = per_item(data, sol, "product_shortfall_mwh").sum(axis=0)
    return out


def per_item(data: LPData, sol: SolveResult, name: str) -> np.ndarray:
    """Return an hourly variable per store or process (≥ 0), shape ``(items, years, hours)``.

    One item for the (y, t) variables; zeros (one item) when the variable is absent.
    """
    v = sol.values.get(name)
    if v is None:
        return np.zeros((1, data.years, data.hours))
    return np.maximum(np.asarray(v, float).reshape(-1, data.years, data.hours), 0.0)


def curtailed_per_load(data: LPData, sol: SolveResult) -> np.ndarray:
    """Curtailed load z of each curtailable load [MW], shape ``(loads, years, hours)``."""
    v = sol.values.get("load_curtailed_mw")
    if v is None:
        return np.zeros((data.curtailable_mw.size, data.years, data.hours))
    return np.maximum(np.asarray(v, float).reshape(-1, data.years, data.hours), 0.0)


def coal_min_load_values(data: LPData, sol: SolveResult) -> np.ndarray:
    """Coal minimum load m_y of each year [MW] (``min_load_share``·C without a retrofit)."""
    m0 = data.coal_min_load_share * data.coal_mw
    v = sol.values.get("coal_min_load_mw")
    if v is None:
        return np.full(data.years, m0)
    lo = (data.coal_retrofit_min_load_share or 0.0) * data.coal_mw
    return np.clip(np.asarray(v, float), lo, m0)


def capacity_values(data: LPData, sol: SolveResult) -> np.ndarray:
    """Capacities (assets, years) of ``data.assets``, clipped to their bounds (round-off)."""
    cap = np.asarray(sol.values["cap"], dtype=float)
    return np.clip(cap, data.existing[:, None], data.maximum[:, None])


def lp_yearly_sums(data: LPData, sol: SolveResult) -> np.ndarray:
    """Yearly sums of the LP dispatch in the layout of :data:`simulator.core.dispatch.SUMS`.

    Sums are weighted by ``data.weight``; ``peak_import_mw`` is the largest hourly import and
    ``unserved_hours`` the weighted count of hours with unserved energy above 1e-6 MW. With
    curtailable loads the per-item sums follow (the store's charge and discharge, each load's
    curtailed energy), as :func:`simulator.core.simulate.item_sums` reads them.

    Returns
    -------
    numpy.ndarray
        Shape ``(years, len(SUMS))`` [MWh, MW, h] (more columns with curtailable loads).
    """
    h = hourly_values(data, sol)
    cap = capacity_values(data, sol)
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
        "load_curtailed_mwh": h["load_curtailed_mw"],
        "process_forced_mwh": h["process_mw"],  # the LP's process power is all "forced"
        "product_shortfall_mwh": h["product_shortfall_mwh"],
    }
    sums = np.zeros((data.years, len(SUMS)))
    for j, name in enumerate(SUMS):
        if name == "peak_import_mw":
            sums[:, j] = h["import_mw"].max(axis=1)
        elif name == "unserved_hours":
            sums[:, j] = (w * (h["unserved_mw"] > 1e-6)).sum(axis=1)
        elif name in cols:  # p_o and the process's renewable energy have no LP variable: 0
            sums[:, j] = (w * cols[name]).sum(axis=1)
    if has_items(data):  # per-item sums after SUMS (simulator.core.simulate.item_sums' layout)
        sums = np.column_stack([sums, *_item_sums(data, sol)])
    return sums


def has_items(data: LPData) -> bool:
    """Whether the plan reports per-item columns (``simulator.core.simulate.has_components``)."""
    return data.has_curtailable or data.has_processes or data.stores > 1


def _item_sums(data: LPData, sol: SolveResult) -> list[np.ndarray]:
    """Yearly sums per store (c, q), process (p, 0, s, 0) and curtailable load (z) [MWh]."""
    w = data.weight
    c, q = per_item(data, sol, "charge_mw"), per_item(data, sol, "discharge_mw")
    items: list[np.ndarray] = []
    for j in range(data.stores):
        items += [(w * c[min(j, len(c) - 1)]).sum(axis=1), (w * q[min(j, len(q) - 1)]).sum(axis=1)]
    p, s = per_item(data, sol, "process_mw"), per_item(data, sol, "product_shortfall_mwh")
    zero = np.zeros(data.years)
    for r in range(data.processes):
        items += [(w * p[r]).sum(axis=1), zero, (w * s[r]).sum(axis=1), zero]
    items += [(w * z).sum(axis=1) for z in curtailed_per_load(data, sol)]
    return items


def lp_shares(data: LPData, sol: SolveResult) -> np.ndarray:
    """Renewable share Σ ω·(d + Σq) / Σ ω·(L + Σp − Σz) of each year of an LP solution [1]."""
    h = hourly_values(data, sol)
    load = data.weighted_load_mwh() + (
        data.weight * (h["process_mw"] - h["load_curtailed_mw"])
    ).sum(axis=1)
    to_load = (data.weight * renewable_to_load(h["direct_mw"], h["discharge_mw"])).sum(axis=1)
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
    decay = (1.0 - data.store(0).self_discharge_per_hour) ** np.arange(1, ph + 1)
    return np.maximum(inter * decay[None, None, :] + intra, 0.0).reshape(data.years, nd * ph)


def step_soc_mwh(data: LPData, sol: SolveResult, tsa: Segments) -> np.ndarray:
    """State of charge [MWh] at the end of every real hour from a segments solution.

    Within a run of n hours the flows are constant, so hour j = 1..n of the run ends at
    (1 − σ)^j·soc_prev + g_j·(η_c c − q/η_d), g_j = Σ_{i<j} (1 − σ)^i (``docs/segments.md``);
    the last hour of the run is the LP's own soc. Shape ``(stores, years, 8760)``; zeros without
    storage.
    """
    if "soc_mwh" not in sol.values:
        return np.zeros((data.stores, data.years, HOURS_PER_YEAR))
    c_all, q_all, soc_all = (
        np.asarray(sol.values[n], float).reshape(-1, data.years, data.hours)
        for n in STORE_VARIABLES
    )
    return np.stack(
        [
            _run_soc(data, tsa, data.store(j), soc_all[j], c_all[j], q_all[j])
            for j in range(data.stores)
        ]
    )


def _run_soc(
    data: LPData, tsa: Segments, st: object, soc: np.ndarray, c: np.ndarray, q: np.ndarray
) -> np.ndarray:
    """One store's hourly SOC within the runs of ``tsa`` [MWh], shape ``(years, 8760)``."""
    net = st.charge_efficiency * c - q / st.discharge_efficiency
    keep = 1.0 - st.self_discharge_per_hour
    prev = np.roll(soc, 1, axis=1)  # cyclic: the first run starts from the year's last soc
    reps = tsa.step_hours.astype(np.int64)
    j = (
        np.stack(  # hour within its run, 1..n
            [
                np.arange(HOURS_PER_YEAR) - np.repeat(tsa.starts[y], reps[y])
                for y in range(data.years)
            ]
        )
        + 1.0
    )
    g = j if keep == 1.0 else (1.0 - keep**j) / (1.0 - keep)
    out = keep**j * tsa.expand(prev) + g * tsa.expand(net)
    return np.maximum(out, 0.0)


def lp_hourly_table(
    data: LPData, sol: SolveResult, tsa: TypicalDays | Segments | None = None
) -> pd.DataFrame:
    """Return the LP's hourly dispatch: :data:`~simulator.core.simulate.HOURLY_COLUMNS` + direct.

    With typical days (``tsa`` given and ``data.has_periods``) the representative days are laid
    out on the calendar through the day sequence (every real hour, ``years × 8760`` rows): each
    real day repeats the flows of its representative day, and ``soc_mwh`` is the state of charge
    reconstructed from the inter-day and intra-day SOC. Load and capacity factors are those of
    the representative days (rescaled medoids), not the real hours. With segments (``tsa`` a
    :class:`~solvers.segments.Segments`) every hour carries its run's mean flows and inputs, and
    ``soc_mwh`` follows those constant flows hour by hour through the run (:func:`step_soc_mwh`).
    """
    h = hourly_values(data, sol)
    cap = capacity_values(data, sol)
    ny, nt = data.years, data.hours
    inputs = {"load": data.load_mw, "wind": data.wind_cf, "solar": data.solar_cf}
    items = _item_flows(data, sol)
    if tsa is not None and (data.has_periods or data.has_steps):
        soc = period_soc_mwh(data, sol)[None] if data.has_periods else step_soc_mwh(data, sol, tsa)
        h = {k: tsa.expand(v) for k, v in h.items()}
        h["soc_mwh"] = soc.sum(axis=0)
        inputs = {k: tsa.expand(v) for k, v in inputs.items()}
        items = {k: tsa.expand(v) for k, v in items.items()}
        if items:  # each store's SOC through the runs or the day sequence
            for j, st in enumerate(data.store_names or ("storage",)):
                items[f"{st}_soc_mwh"] = soc[min(j, len(soc) - 1)]
        nt = h["direct_mw"].shape[1]
    df = pd.DataFrame(
        {
            "year": np.repeat(np.asarray(data.year_labels, dtype=np.int32), nt),
            "hour": np.tile(np.arange(nt, dtype=np.int32), ny),
            "load_mw": inputs["load"].ravel(),
            "wind_available_mw": (cap[0][:, None] * inputs["wind"]).ravel(),
            "solar_available_mw": (cap[1][:, None] * inputs["solar"]).ravel(),
            "renewable_to_load_mw": renewable_to_load(h["direct_mw"], h["discharge_mw"]).ravel(),
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
    if has_items(data):  # the columns of simulator.core.simulate.component_columns
        z, p = h["load_curtailed_mw"], h["process_mw"]
        df["demand_mw"] = park_demand(inputs["load"], p, 0.0, z).ravel()
        df["process_forced_mw"] = p.ravel()
        df["process_surplus_mw"] = np.zeros(p.size)
        df["product_shortfall_mwh"] = h["product_shortfall_mwh"].ravel()
        df["load_curtailed_mw"] = z.ravel()
        for name, v in items.items():
            df[name] = v.ravel()
    assert tuple(df.columns[: len(HOURLY_COLUMNS)]) == HOURLY_COLUMNS
    return df


def _item_flows(data: LPData, sol: SolveResult) -> dict[str, np.ndarray]:
    """Hourly flows per store, process and curtailable load by column name, ``(years, hours)``.

    Names as :func:`simulator.core.simulate.item_flows`; the LP's process power is all ``forced``
    (``surplus`` 0). Nothing for a park without several stores, processes or curtailable loads.
    """
    out: dict[str, np.ndarray] = {}
    if not has_items(data):
        return out
    c, q, soc = (per_item(data, sol, n) for n in STORE_VARIABLES)
    names = data.store_names or ("storage",)
    for j, st in enumerate(names):
        out[f"{st}_charge_mw"] = c[min(j, len(c) - 1)]
        out[f"{st}_discharge_mw"] = q[min(j, len(q) - 1)]
        out[f"{st}_soc_mwh"] = soc[min(j, len(soc) - 1)]
    p, b, s = (per_item(data, sol, n) for n in ("process_mw", "buffer_mwh",
                                                  "product_shortfall_mwh"))  # fmt: skip
    for r, pr in enumerate(data.process_names or ()):
        out[f"{pr}_forced_mw"] = p[r]
        out[f"{pr}_surplus_mw"] = np.zeros_like(p[r])
        out[f"{pr}_shortfall_mwh"] = s[r]
        out[f"{pr}_buffer_mwh"] = b[r]
    per = curtailed_per_load(data, sol)
    loads = data.curtailable_names or tuple(f"load{j}" for j in range(len(per)))
    for name, v in zip(loads, per, strict=True):
        out[f"{name}_curtailed_mw"] = v
    return out


def cost_breakdown(data: LPData, sol: SolveResult) -> pd.DataFrame:
    """Yearly costs of an LP solution, undiscounted [currency/yr], index = calendar year.

    Columns :data:`COST_COLUMNS` and ``discount_factor``; Σ_y discount_factor·total equals the
    LP objective.
    """
    cap = np.asarray(sol.values["cap"], dtype=float)  # unclipped: the objective's own values
    new = cap - data.existing[:, None]  # (assets, years)
    ann = annuity_factor(data.discount_rate, data.lifetime_years) * data.capex_per_unit
    om = data.fixed_om_share * data.capex_per_unit
    h = {
        k: (np.zeros((data.years, data.hours)) if k not in sol.values else sol.values[k])
        for k in ("import_mw", "coal_mw", "export_mw", "unserved_mw")
    }
    w = data.weight
    price = data.import_price_steps()
    yearly = ann[:, None] * new
    kind = _asset_kinds(data)
    table = {
        name: yearly[kind == j].sum(axis=0) for j, name in enumerate(ASSET_COST_NAMES.values())
    }
    if data.has_processes:
        table["process_annuity"] = yearly[kind == 4].sum(axis=0)
        s = per_item(data, sol, "product_shortfall_mwh")
        table["shortfall_cost"] = (
            data.process_shortfall_cost_per_mwh[:, None] * (w[None] * s).sum(axis=2)
        ).sum(axis=0)
    table["fixed_om"] = (om[:, None] * new).sum(axis=0)
    table["import_cost"] = (w * price * h["import_mw"]).sum(axis=1)
    table["fuel_cost"] = data.coal_fuel_cost_per_mwh * (w * h["coal_mw"]).sum(axis=1)
    table["export_revenue"] = data.export_price_per_mwh * (w * h["export_mw"]).sum(axis=1)
    table["unserved_cost"] = data.voll_per_mwh * (w * h["unserved_mw"]).sum(axis=1)
    if data.has_curtailable:
        z = curtailed_per_load(data, sol)
        table["curtail_cost"] = (
            data.curtail_cost_per_mwh[:, None] * (w[None] * z).sum(axis=2)
        ).sum(axis=0)
    if data.has_retrofit:
        depth = data.coal_min_load_share * data.coal_mw - np.asarray(sol.values["coal_min_load_mw"])
        table["retrofit_annuity"] = retrofit_cost_per_mw(data) * depth
    df = pd.DataFrame(table, index=pd.Index(list(data.year_labels), name="year"))
    costs = [c for c in COST_COLUMNS[:-1] if c != "export_revenue"]
    costs += [c for c in COMPONENT_COST_COLUMNS if c in table]
    df["total"] = df[costs].sum(axis=1) - df["export_revenue"]
    df["discount_factor"] = discount_factors(data)
    return df


def _asset_kinds(data: LPData) -> np.ndarray:
    """Cost group of each asset: 0 wind, 1 solar, 2 store energy, 3 store power, 4 process."""
    kinds = [0, 1] + [2, 3] * data.stores + [4, 4] * data.processes
    return np.asarray(kinds)


def capacity_table_of(data: LPData, sol: SolveResult) -> pd.DataFrame:
    """Capacities of an LP solution per year: ``year`` and one column per asset [MW, MWh].

    The columns are ``data.asset_names``: wind, solar, each store's ``NAME_mwh``/``NAME_mw``,
    each process's ``NAME_mw``/``NAME_buffer_mwh`` and, with a coal retrofit option,
    ``coal_min_load_mw`` (the minimum load m_y of each year). When the stores are not the one
    ``storage``, ``storage_mwh`` and ``storage_mw`` follow as the sums over the stores.
    """
    cap = capacity_values(data, sol)
    table = {"year": list(data.year_labels)}
    for j, a in enumerate(data.assets):
        table[a] = cap[j]
    if data.has_retrofit:
        table["coal_min_load_mw"] = coal_min_load_values(data, sol)
    if "storage_mwh" not in table:
        kind = _asset_kinds(data)
        table["storage_mwh"] = cap[kind == 2].sum(axis=0)
        table["storage_mw"] = cap[kind == 3].sum(axis=0)
    return pd.DataFrame(table)
