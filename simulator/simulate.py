"""Simulate a park for given capacities: profiles → dispatch kernel → hourly table, yearly KPIs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulator import _callable_module
from simulator.dispatch import FLOWS, dispatch_hourly
from simulator.errors import InputError
from simulator.kpis import KPI_NAMES, kpis_from_sums
from simulator.profiles import Profiles, build_profiles
from simulator.scenario import HOURS_PER_YEAR, Scenario
from simulator.vocabulary import ASSET_NAMES, HOURLY_COLUMNS, renewable_to_load

__all__ = [
    "CAPACITY_NAMES",
    "HOURLY_COLUMNS",
    "SimulationResult",
    "capacity_table",
    "check_coal_must_run",
    "simulate",
]

#: Capacities of a simulation, per year (:data:`simulator.vocabulary.ASSETS`).
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
        One row per year (index ``year``) with :data:`simulator.kpis.KPI_NAMES`.
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


def capacity_table(scenario: Scenario, **capacities: CapacityArg) -> pd.DataFrame:
    """Per-year capacities: each argument is None (the scenario's existing), a number, or a list.

    Raises
    ------
    InputError
        A list of the wrong length, or a negative or non-finite value (source ``--wind-mw`` etc.).
    """
    existing = {
        "wind_mw": scenario.wind.existing_mw,
        "solar_mw": scenario.solar.existing_mw,
        "storage_mwh": scenario.storage.existing_mwh,
        "storage_mw": scenario.storage.existing_mw,
    }
    unknown = set(capacities) - set(CAPACITY_NAMES)
    if unknown:
        raise TypeError(f"unknown capacity argument(s): {sorted(unknown)}")
    table = {"year": scenario.calendar_years}
    for name in CAPACITY_NAMES:
        v = capacities.get(name)
        option = "--" + name.replace("_", "-")
        if v is None:
            arr = np.full(scenario.years, existing[name])
        else:
            arr = np.atleast_1d(np.asarray(v, dtype=float))
            if arr.size == 1:
                arr = np.full(scenario.years, arr[0])
            elif arr.size != scenario.years:
                raise InputError(
                    option,
                    None,
                    f"has {arr.size} values; give one or {scenario.years} (one per year)",
                )
        if not np.all(np.isfinite(arr)) or np.any(arr < 0):
            raise InputError(option, None, "capacities must be finite and ≥ 0")
        table[name] = arr
    return pd.DataFrame(table)


def check_coal_must_run(scenario: Scenario, load_mw: np.ndarray) -> None:
    """Raise an InputError if the coal must-run exceeds the park load in some hour."""
    if scenario.coal is None:
        return
    must_run_mw = scenario.coal.min_load_share * scenario.coal.capacity_mw
    bad = np.flatnonzero(load_mw < must_run_mw - 1e-9)
    if bad.size:
        t = int(bad[0])
        year = scenario.start_year + t // HOURS_PER_YEAR
        raise InputError(
            scenario.label,
            "coal.min_load_share",
            f"coal must-run {must_run_mw:.1f} MW exceeds the park load {load_mw[t]:.1f} MW "
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

    Returns
    -------
    SimulationResult
        Hourly table and yearly KPIs.
    """
    caps = capacity_table(
        scenario, wind_mw=wind_mw, solar_mw=solar_mw, storage_mwh=storage_mwh, storage_mw=storage_mw
    )
    if profiles is None:
        profiles = build_profiles(scenario, weather_year=weather_year)
    check_coal_must_run(scenario, profiles.load_mw)
    flows, sums = run_dispatch(scenario, profiles, caps)
    kpis = kpi_table(scenario, sums)
    hourly = hourly_table(scenario, profiles, caps, flows)
    return SimulationResult(scenario=scenario, capacities=caps, hourly=hourly, kpis=kpis)


def run_dispatch(
    scenario: Scenario, profiles: Profiles, caps: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """Call the dispatch kernel with the scenario's parameters; returns (flows, yearly sums)."""
    st = scenario.storage
    coal_mw = scenario.coal.capacity_mw if scenario.coal else 0.0
    coal_share = scenario.coal.min_load_share if scenario.coal else 0.0
    # one kernel specialisation for every caller (cached by ``python -m simulator.sweep_warm``):
    # writable C-contiguous float64 arrays (pandas may hand out read-only views), float scalars
    def arr(a) -> np.ndarray:
        return np.array(a, dtype=np.float64, order="C", copy=True)

    return dispatch_hourly(
        arr(profiles.load_mw),
        arr(profiles.wind_cf),
        arr(profiles.solar_cf),
        arr(caps["wind_mw"]),
        arr(caps["solar_mw"]),
        arr(caps["storage_mwh"]),
        arr(caps["storage_mw"]),
        int(HOURS_PER_YEAR),
        float(st.charge_efficiency),
        float(st.discharge_efficiency),
        float(st.min_soc),
        float(st.initial_soc),
        float(st.self_discharge_per_hour),
        float(coal_mw),
        float(coal_share),
        float(scenario.grid.import_max_mw),
        float(scenario.grid.export_max_mw),
    )


def kpi_table(scenario: Scenario, sums: np.ndarray) -> pd.DataFrame:
    """Yearly KPI table (index ``year``) from the kernel's yearly sums."""
    k = kpis_from_sums(
        sums,
        np.asarray(scenario.target_shares()),
        scenario.coal.co2_t_per_mwh if scenario.coal else 0.0,
        scenario.grid.co2_t_per_mwh,
    )
    df = pd.DataFrame({name: k[name] for name in KPI_NAMES})
    df.index = pd.Index(scenario.calendar_years, name="year")
    return df


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
                f["renewable_direct_mw"], f["storage_discharge_mw"]
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
        }
    )


# ``simulator.simulate`` names both this module and its function: keep it callable.
_callable_module(__name__)
