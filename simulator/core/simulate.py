"""Simulate a park for given capacities: profiles → dispatch kernel → hourly table, yearly KPIs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulator.core import dispatch_pack
from simulator.core.dispatch import (
    FLOWS,
    N_CURTAIL_FLOWS,
    N_CURTAIL_SUMS,
    N_PROCESS_FLOWS,
    N_PROCESS_SUMS,
    N_STORE_FLOWS,
    N_STORE_SUMS,
    SUMS,
    dispatch_hourly,
)
from simulator.core.errors import InputError
from simulator.core.kpis import COMPONENT_KPI_NAMES, KPI_NAMES, kpis_from_sums
from simulator.core.profiles import Profiles, build_profiles
from simulator.core.scenario import HOURS_PER_YEAR, Scenario
from simulator.core.vocabulary import (
    ASSET_NAMES,
    HOURLY_COLUMNS,
    park_demand,
    process_assets,
    renewable_to_load,
    store_assets,
)

__all__ = [
    "CAPACITY_NAMES",
    "HOURLY_COLUMNS",
    "SimulationResult",
    "capacity_table",
    "check_coal_must_run",
    "simulate",
]

#: Capacities of a simulation, per year (:data:`simulator.core.vocabulary.ASSETS`).
CAPACITY_NAMES = ASSET_NAMES

CapacityArg = float | Sequence[float] | np.ndarray | None


@dataclass(frozen=True)
class SimulationResult:
    """What one simulation produced.

    Attributes
    ----------
    scenario : Scenario
    capacities : pandas.DataFrame
        One row per year: ``year, wind_mw, solar_mw, storage_mwh, storage_mw``.
    hourly : pandas.DataFrame
        One row per hour with :data:`HOURLY_COLUMNS` (renewable_to_load_mw = d + q) plus
        ``renewable_direct_mw``.
    kpis : pandas.DataFrame
        One row per year (index ``year``) with :data:`simulator.core.kpis.KPI_NAMES`.
    """

    scenario: Scenario
    capacities: pd.DataFrame
    hourly: pd.DataFrame
    kpis: pd.DataFrame

    def kpi_records(self) -> list[dict]:
        """Return the yearly KPIs as kpis.json records (``{"year": 2025, ...}``)."""
        return kpi_records(self.kpis)


def kpi_records(kpis: pd.DataFrame) -> list[dict]:
    """Turn a yearly KPI table into JSON-ready records with plain Python types."""
    out = []
    for year, row in kpis.iterrows():
        rec: dict = {"year": int(year)}
        for k, v in row.items():
            if isinstance(v, bool | np.bool_):
                rec[k] = bool(v)
            elif k == "unserved_hours":
                rec[k] = int(v)
            else:
                rec[k] = float(v)
        out.append(rec)
    return out


def existing_capacities(scenario: Scenario) -> dict[str, float]:
    """Each asset of the scenario as it stands before the first year [MW, MWh]."""
    out = {"wind_mw": scenario.wind.existing_mw, "solar_mw": scenario.solar.existing_mw}
    for st in scenario.stores:
        e, p = store_assets(st.name)
        out[e.name], out[p.name] = st.existing_mwh, st.existing_mw
    for pr in scenario.processes:
        cap, buf = process_assets(pr.name)
        out[cap.name], out[buf.name] = pr.existing_mw, pr.buffer_existing_mwh
    if scenario.has_retrofit:
        assert scenario.coal is not None
        out["coal_min_load_mw"] = scenario.coal.min_load_share * scenario.coal.capacity_mw
    return out


def capex_per_unit(scenario: Scenario) -> dict[str, float]:
    """Overnight capital cost of each asset per MW or MWh [currency/MW, currency/MWh].

    The coal minimum load (a retrofit depth, not a capacity) has no entry.
    """
    out = {
        "wind_mw": scenario.wind.capex_per_kw * 1e3,
        "solar_mw": scenario.solar.capex_per_kw * 1e3,
    }
    for st in scenario.stores:
        e, p = store_assets(st.name)
        out[e.name], out[p.name] = st.capex_per_kwh * 1e3, st.capex_per_kw * 1e3
    for pr in scenario.processes:
        cap, buf = process_assets(pr.name)
        out[cap.name], out[buf.name] = pr.capex_per_kw * 1e3, pr.buffer_capex_per_kwh * 1e3
    return out


def capacity_table(scenario: Scenario, **capacities: CapacityArg) -> pd.DataFrame:
    """Per-year capacities: each argument is None (the scenario's existing), a number, or a list.

    The arguments are the scenario's assets (:meth:`Scenario.asset_names`: ``wind_mw``,
    ``solar_mw``, each store's ``NAME_mwh`` and ``NAME_mw``, each process's ``NAME_mw`` and
    ``NAME_buffer_mwh``, ``coal_min_load_mw`` with a retrofit option).

    Raises
    ------
    InputError
        A list of the wrong length, or a negative or non-finite value (naming the argument).
    """
    existing = existing_capacities(scenario)
    names = scenario.asset_names()
    unknown = {k for k, v in capacities.items() if v is not None} - set(names)
    if unknown:
        raise InputError(
            scenario.label,
            sorted(unknown)[0],
            f"not a capacity of this park (its capacities: {', '.join(names)})",
        )
    table = {"year": scenario.calendar_years}
    for name in names:
        v = capacities.get(name)
        if v is None:
            arr = np.full(scenario.years, existing[name])
        else:
            arr = np.atleast_1d(np.asarray(v, dtype=float))
            if arr.size == 1:
                arr = np.full(scenario.years, arr[0])
            elif arr.size != scenario.years:
                raise InputError(
                    name,
                    None,
                    f"has {arr.size} values; give one or {scenario.years} (one per year)",
                )
        if not np.all(np.isfinite(arr)) or np.any(arr < 0):
            raise InputError(name, None, "capacities must be finite and ≥ 0")
        table[name] = arr
    return pd.DataFrame(table)


def check_coal_must_run(
    scenario: Scenario,
    load_mw: np.ndarray,
    must_run_mw: np.ndarray | float | None = None,
    field: str = "coal_min_load_mw",
) -> None:
    """Raise an InputError if the coal must-run exceeds the park load in some hour.

    Parameters
    ----------
    scenario : Scenario
        The park.
    load_mw : numpy.ndarray
        Hourly park load of the horizon [MW].
    must_run_mw : float or numpy.ndarray, optional
        The must-run of each year [MW] (a plan's ``coal_min_load_mw``); default
        ``coal.min_load_share`` × capacity (and the field named is ``coal.min_load_share``).
    field : str
        The field the error names when ``must_run_mw`` is given.
    """
    if scenario.coal is None:
        return
    if must_run_mw is None:
        field = "coal.min_load_share"
        must_run_mw = scenario.coal.min_load_share * scenario.coal.capacity_mw
    years = load_mw.shape[0] // HOURS_PER_YEAR
    per_hour = np.repeat(np.broadcast_to(np.asarray(must_run_mw, float), (years,)), HOURS_PER_YEAR)
    bad = np.flatnonzero(load_mw < per_hour - 1e-9)
    if bad.size:
        t = int(bad[0])
        year = scenario.start_year + t // HOURS_PER_YEAR
        raise InputError(
            scenario.label,
            field,
            f"coal must-run {per_hour[t]:.1f} MW exceeds the park load {load_mw[t]:.1f} MW "
            f"in year {year} hour {t % HOURS_PER_YEAR} ({bad.size} hours in all)",
        )


def simulate(
    scenario: Scenario,
    wind_mw: CapacityArg = None,
    solar_mw: CapacityArg = None,
    storage_mwh: CapacityArg = None,
    storage_mw: CapacityArg = None,
    *,
    profiles: Profiles | None = None,
    weather_year: int = 0,
    **capacities: CapacityArg,
) -> SimulationResult:
    """Run the rule-based hourly dispatch of a park for given capacities.

    Parameters
    ----------
    scenario : Scenario
        The park.
    wind_mw, solar_mw, storage_mwh, storage_mw : float or sequence of float, optional
        Capacities [MW, MWh]: one value for all years or one per year; default the scenario's
        existing capacities.
    profiles : Profiles, optional
        Hourly inputs; built from the scenario when not given.
    weather_year : int
        Which synthesised weather realisation to use when building profiles.
    **capacities : float or sequence of float
        The park's other capacities by asset name (:meth:`Scenario.asset_names`): stores
        ``NAME_mwh``/``NAME_mw``, processes ``NAME_mw``/``NAME_buffer_mwh``,
        ``coal_min_load_mw``.

    Returns
    -------
    SimulationResult
        Hourly table and yearly KPIs.
    """
    caps = capacity_table(
        scenario,
        wind_mw=wind_mw,
        solar_mw=solar_mw,
        storage_mwh=storage_mwh,
        storage_mw=storage_mw,
        **capacities,
    )
    if profiles is None:
        profiles = build_profiles(scenario, weather_year=weather_year)
    must_run = caps["coal_min_load_mw"].to_numpy(float) if "coal_min_load_mw" in caps else None
    check_coal_must_run(scenario, profiles.load_mw, must_run)
    flows, sums = run_dispatch(scenario, profiles, caps)
    kpis = kpi_table(scenario, sums)
    hourly = hourly_table(scenario, profiles, caps, flows)
    return SimulationResult(scenario=scenario, capacities=caps, hourly=hourly, kpis=kpis)


def run_dispatch(
    scenario: Scenario, profiles: Profiles, caps: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """Call the dispatch kernel with the scenario's packs; returns (flows, yearly sums)."""
    ser, par, cap = dispatch_pack.pack(scenario, profiles, caps)
    return dispatch_hourly(ser, par, cap, int(HOURS_PER_YEAR))


def has_components(scenario: Scenario) -> bool:
    """Whether the park has flexible processes, curtailable loads or several stores.

    Their KPIs and hourly columns are then reported.
    """
    return bool(scenario.processes or scenario.curtailable_loads or len(scenario.stores) > 1)


def kpi_table(scenario: Scenario, sums: np.ndarray) -> pd.DataFrame:
    """Yearly KPI table (index ``year``) from the kernel's yearly sums."""
    k = kpis_from_sums(
        sums[:, : len(SUMS)],
        np.asarray(scenario.target_shares()),
        scenario.coal.co2_t_per_mwh if scenario.coal else 0.0,
        scenario.grid.co2_t_per_mwh,
    )
    names = KPI_NAMES + (COMPONENT_KPI_NAMES if has_components(scenario) else ())
    df = pd.DataFrame({name: k[name] for name in names})
    if has_components(scenario):
        for name, col in item_sums(scenario, sums).items():
            df[name] = col
    df.index = pd.Index(scenario.calendar_years, name="year")
    return df


def item_sums(scenario: Scenario, sums: np.ndarray) -> dict[str, np.ndarray]:
    """Yearly sums per store, process and curtailable load [MWh], by column name."""
    out: dict[str, np.ndarray] = {}
    r = len(SUMS)
    for st in scenario.stores:
        out[f"{st.name}_charge_mwh"] = sums[:, r]
        out[f"{st.name}_discharge_mwh"] = sums[:, r + 1]
        r += N_STORE_SUMS
    for pr in scenario.processes:
        out[f"{pr.name}_forced_mwh"] = sums[:, r]
        out[f"{pr.name}_surplus_mwh"] = sums[:, r + 1]
        out[f"{pr.name}_shortfall_mwh"] = sums[:, r + 2]
        out[f"{pr.name}_renewable_mwh"] = sums[:, r + 3]
        r += N_PROCESS_SUMS
    for ld in scenario.curtailable_loads:
        out[f"{ld.name}_curtailed_mwh"] = sums[:, r]
        r += N_CURTAIL_SUMS
    return out


def item_flows(scenario: Scenario, flows: np.ndarray) -> dict[str, np.ndarray]:
    """Hourly flows per store, process and curtailable load, by column name."""
    out: dict[str, np.ndarray] = {}
    r = len(FLOWS)
    for st in scenario.stores:
        out[f"{st.name}_charge_mw"] = flows[r]
        out[f"{st.name}_discharge_mw"] = flows[r + 1]
        out[f"{st.name}_soc_mwh"] = flows[r + 2]
        r += N_STORE_FLOWS
    for pr in scenario.processes:
        out[f"{pr.name}_forced_mw"] = flows[r]
        out[f"{pr.name}_surplus_mw"] = flows[r + 1]
        out[f"{pr.name}_shortfall_mwh"] = flows[r + 2]
        out[f"{pr.name}_buffer_mwh"] = flows[r + 3]
        r += N_PROCESS_FLOWS
    for ld in scenario.curtailable_loads:
        out[f"{ld.name}_curtailed_mw"] = flows[r]
        r += N_CURTAIL_FLOWS
    return out


def hourly_table(
    scenario: Scenario, profiles: Profiles, caps: pd.DataFrame, flows: np.ndarray
) -> pd.DataFrame:
    """Hourly table with :data:`HOURLY_COLUMNS` (and ``renewable_direct_mw``)."""
    years = scenario.years
    f = {name: flows[i] for i, name in enumerate(FLOWS)}
    per_hour = np.repeat
    return pd.DataFrame(
        {
            "year": per_hour(np.asarray(scenario.calendar_years, dtype=np.int32), HOURS_PER_YEAR),
            "hour": np.tile(np.arange(HOURS_PER_YEAR, dtype=np.int32), years),
            "load_mw": profiles.load_mw,
            "wind_available_mw": per_hour(caps["wind_mw"].to_numpy(), HOURS_PER_YEAR)
            * profiles.wind_cf,
            "solar_available_mw": per_hour(caps["solar_mw"].to_numpy(), HOURS_PER_YEAR)
            * profiles.solar_cf,
            "renewable_to_load_mw": renewable_to_load(
                f["renewable_direct_mw"], f["storage_discharge_mw"], f["process_surplus_mw"]
            ),
            "storage_charge_mw": f["storage_charge_mw"],
            "storage_discharge_mw": f["storage_discharge_mw"],
            "soc_mwh": f["soc_mwh"],
            "export_mw": f["export_mw"],
            "curtailed_mw": f["curtailed_mw"],
            "coal_mw": f["coal_mw"],
            "import_mw": f["import_mw"],
            "unserved_mw": f["unserved_mw"],
            "renewable_direct_mw": f["renewable_direct_mw"],
            **(
                component_columns(scenario, profiles.load_mw, flows, f)
                if has_components(scenario)
                else {}
            ),
        }
    )


def component_columns(
    scenario: Scenario, load_mw: np.ndarray, flows: np.ndarray, f: dict
) -> dict[str, np.ndarray]:
    """Hourly columns of processes, curtailable loads and several stores."""
    return {
        "demand_mw": park_demand(
            load_mw, f["process_forced_mw"], f["process_surplus_mw"], f["load_curtailed_mw"]
        ),
        "process_forced_mw": f["process_forced_mw"],
        "process_surplus_mw": f["process_surplus_mw"],
        "product_shortfall_mwh": f["product_shortfall_mwh"],
        "load_curtailed_mw": f["load_curtailed_mw"],
        **item_flows(scenario, flows),
    }

