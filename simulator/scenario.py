"""Scenario model: one industrial park per TOML file, validated with pydantic.

The schema lives here and only here. Every model forbids unknown keys and is frozen, so a typo in
a scenario file is an error that names the key (Calliope's habit). Capacities are in MW / MWh,
money in the scenario currency, capital costs per kW or kWh.

Defaults come from the reference parameter table summarised in ``scenarios/README.md``.

Types are strict: a number must be a TOML number (``"4000"`` and ``true`` are refused; an integer
is accepted where a float is expected), a flag a TOML boolean. Every number has a physically sane
range (the ``MAX_*`` constants below, listed in ``docs/data.md``), so that a huge but finite input
cannot overflow the optimiser, the dispatch or the JSON writer.
"""

from __future__ import annotations

import numbers
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from simulator.errors import InputError

__all__ = [
    "ALLOW_OUTSIDE_ENV",
    "HOURS_PER_YEAR",
    "MAX_ANNUAL_MWH",
    "MAX_CAPEX_PER_KW",
    "MAX_CO2_T_PER_MWH",
    "MAX_MW",
    "MAX_MWH",
    "MAX_PRICE_PER_MWH",
    "Coal",
    "Finance",
    "Grid",
    "Load",
    "MeasuredProfile",
    "Policy",
    "Process",
    "ProfileFiles",
    "RuleSetting",
    "Scenario",
    "Site",
    "Solar",
    "Storage",
    "Wind",
    "builtin_scenarios",
    "default_targets",
    "load_scenario",
    "resolve_scenario_path",
    "scenario_from_dict",
    "scenario_variants",
]

#: Hours in a model year: 8760 hours from 1 January 00:00 local time (leap days are not modelled).
HOURS_PER_YEAR = 8760

#: Environment variable that, set to ``1``, allows input files outside the scenario's folder.
ALLOW_OUTSIDE_ENV = "PARKBALANCE_ALLOW_OUTSIDE"
#: Largest power of any capacity, limit or load value [MW] (1 TW: ten times China's peak load).
MAX_MW = 1.0e6
#: Largest storage energy [MWh].
MAX_MWH = 1.0e8
#: Largest yearly energy of one load [MWh/yr] (100 TWh/yr).
MAX_ANNUAL_MWH = 1.0e8
#: Largest capital cost [currency/kW] or [currency/kWh].
MAX_CAPEX_PER_KW = 1.0e5
#: Largest absolute energy price or fuel cost [currency/MWh].
MAX_PRICE_PER_MWH = 1.0e5
#: Largest value of lost load [currency/MWh].
MAX_VOLL_PER_MWH = 1.0e6
#: Largest emission factor [tCO2/MWh] (lignite is about 1.2).
MAX_CO2_T_PER_MWH = 2.0
#: Largest scenario file read [bytes].
MAX_SCENARIO_BYTES = 10 * 1024 * 1024
#: Longest text of a name [characters].
MAX_NAME_CHARS = 200
#: Names that stores and processes may not take (they name the other assets).
RESERVED_NAMES = frozenset({"wind", "solar", "coal", "grid", "load", "process", "year", "hour"})


def _whole_number(v: object) -> object:
    """Let a whole float (25.0, from sweeps over a key) or a numpy integer through an int field.

    Booleans, text and fractions stay as they are, so the strict int check refuses them.
    """
    if isinstance(v, bool):
        return v
    if isinstance(v, numbers.Integral):
        return int(v)
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


#: An integer count or year: a TOML integer (a whole float is accepted too; true and "3" are not).
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
NonNeg = Annotated[float, Field(ge=0.0)]
Positive = Annotated[float, Field(gt=0.0)]
PowerMW = Annotated[float, Field(ge=0.0, le=MAX_MW)]
EnergyMWh = Annotated[float, Field(ge=0.0, le=MAX_MWH)]
AnnualMWh = Annotated[float, Field(ge=0.0, le=MAX_ANNUAL_MWH)]
Capex = Annotated[float, Field(ge=0.0, le=MAX_CAPEX_PER_KW)]
Price = Annotated[float, Field(ge=-MAX_PRICE_PER_MWH, le=MAX_PRICE_PER_MWH)]
Cost = Annotated[float, Field(ge=0.0, le=MAX_PRICE_PER_MWH)]
Co2 = Annotated[float, Field(ge=0.0, le=MAX_CO2_T_PER_MWH)]
PathText = Annotated[str, Field(min_length=1, max_length=1000)]
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS)]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False, strict=True
    )


class Site(_Model):
    """Where the park is; calibration of synthesised weather."""

    latitude_deg: Annotated[float, Field(ge=-90.0, le=90.0)]
    """Latitude [deg N]."""
    longitude_deg: Annotated[float, Field(ge=-180.0, le=180.0)]
    """Longitude [deg E]."""
    utc_offset_h: Annotated[float, Field(ge=-12.0, le=14.0)] = 8.0
    """Local standard time offset from UTC [h]; China Standard Time is +8."""
    solar_full_load_hours: Annotated[float, Field(gt=0.0, le=4000.0)] = 1650.0
    """Yearly energy of synthesised solar divided by its capacity [h/yr]."""
    wind_full_load_hours: Annotated[float, Field(gt=0.0, le=6000.0)] = 2700.0
    """Yearly energy of synthesised wind divided by its capacity [h/yr]."""


class MeasuredProfile(_Model):
    """A measured profile in CSV or Excel files, with how to read it (``docs/data.md``).

    A plain string instead of this table keeps its old meaning: a one-column CSV of hourly values,
    8760 rows (reused each year) or 8760*years rows.
    """

    file: PathText | Annotated[list[PathText], Field(min_length=1, max_length=100)]
    """CSV (.csv, .txt) or Excel (.xlsx) file, or a list of them read one after the other; paths
    relative to the scenario file and inside its folder unless ``profiles.allow_outside``."""
    sheet: Name | Annotated[int, Field(ge=1, le=1000)] | None = None
    """Excel sheet by name or 1-based position; default the first."""
    header_row: Annotated[int, Field(ge=1, le=100)] = 1
    """1-based line (Excel row) of the column headers; lines above it are skipped."""
    column: Name | Annotated[int, Field(ge=1, le=1000)] | None = None
    """Value column by header name or 1-based position; default the only non-time column."""
    time_column: Name | Annotated[int, Field(ge=1, le=1000)] | None = None
    """Timestamp column by header name or 1-based position; default the first column when its
    first value is a date and time, else none (rows are then consecutive steps from 1 January)."""
    unit: Literal["cf", "mw", "kw"] | None = None
    """``cf`` capacity factor [1] (default of wind and solar), ``mw`` (default of loads) or ``kw``
    power; wind and solar in MW or kW need ``installed_mw``."""
    installed_mw: Annotated[float, Field(gt=0.0, le=MAX_MW)] | None = None
    """Installed capacity behind a wind or solar series in MW or kW [MW]: CF = power / this."""
    decimal: Literal[".", ","] = "."
    """Decimal mark of the numbers; ``","`` for ``10,5`` (then the columns are separated by
    semicolons or tabs, or the numbers are quoted)."""
    thousands: Literal["auto", ",", ".", " ", "none"] = "auto"
    """Thousands separator; ``auto`` accepts ``1,180.5`` (with the decimal point) and refuses an
    ambiguous ``1,180`` unless another number of the file shows the convention."""
    delimiter: Literal["auto", ",", ";", "tab"] = "auto"
    """Column separator of a CSV; ``auto`` picks the one found in the header line."""
    encoding: Literal["auto", "utf-8", "gbk", "gb18030", "utf-16"] = "auto"
    """Text encoding of a CSV; ``auto``: UTF-8 (BOM or not), UTF-16 with a BOM, else GB18030
    (a superset of GBK and GB2312)."""
    step_minutes: Annotated[int, Field(ge=1, le=60)] | None = None
    """Time step of a file without timestamps [min] (default 60); with timestamps it is inferred
    and, when given, checked. 60 must be a multiple of it."""
    time_label: Literal["start", "end"] = "start"
    """Whether a timestamp marks the start (``00:00`` = 00:00–01:00) or the end of its step."""
    utc_offset_h: Annotated[float, Field(ge=-12.0, le=14.0)] | None = None
    """UTC offset of timestamps without a zone [h]; default ``site.utc_offset_h``. Timestamps are
    converted to the site's local standard time."""
    leap_day: Literal["drop-feb29", "drop-dec31"] = "drop-feb29"
    """How a leap year becomes 8760 hours: drop 29 February (default) or 31 December."""
    fill: Literal["none", "interpolate"] = "none"
    """Missing or empty steps: ``none`` = error naming the first one, ``interpolate`` = linear
    in time over gaps of at most ``fill_max_hours``."""
    fill_max_hours: Annotated[float, Field(gt=0.0, le=168.0)] = 6.0
    """Longest gap that ``fill = "interpolate"`` repairs [h]."""
    duplicates: Literal["error", "first", "mean"] = "error"
    """Repeated timestamps: an error naming the row, keep the first, or average them."""
    measured_years: Literal["horizon", "weather"] = "horizon"
    """``horizon``: 1 measured year (reused every year) or one per horizon year; ``weather``
    (wind and solar only): each measured year is a weather year, weather year k uses measured
    year k in every horizon year."""

    @model_validator(mode="after")
    def _check(self) -> MeasuredProfile:
        if self.thousands == self.decimal:
            raise ValueError(f"thousands and decimal are both {self.decimal!r}")
        if self.installed_mw is not None and self.unit in (None, "cf"):
            raise ValueError("installed_mw is used with unit = 'mw' or 'kw' only")
        return self

    @property
    def files(self) -> list[str]:
        """The file paths as given, in order."""
        return [self.file] if isinstance(self.file, str) else list(self.file)


ProfileSource = PathText | MeasuredProfile


class ProfileFiles(_Model):
    """Measured wind and solar profiles that replace synthesis (paths relative to the scenario)."""

    wind_cf: ProfileSource | None = None
    """Wind: a CSV path of hourly capacity factor [0-1] (8760 rows, reused each year, or
    8760*years), or a measured-profile table (CSV/Excel, timestamps, MW, weather years)."""
    solar_cf: ProfileSource | None = None
    """Solar: like ``wind_cf``."""
    allow_outside: bool = False
    """Allow profile and load files outside the scenario file's folder (default: refused, as is
    the environment variable ``PARKBALANCE_ALLOW_OUTSIDE=1`` unset)."""


LoadArchetype = Literal["flat", "two-shift", "three-shift", "data-centre", "electrolyser", "csv"]


class Load(_Model):
    """One park load (a plant, a line, a data centre, an electrolyser)."""

    name: Name
    """Name of the load, unique in the scenario."""
    archetype: LoadArchetype
    """Shape of the hourly profile; ``csv`` reads hourly MW from ``csv``."""
    annual_mwh: AnnualMWh | list[AnnualMWh] | None = None
    """Yearly energy [MWh], 0 to 1e8 (100 TWh): one value for all years or one per year; scales
    the archetype."""
    csv: ProfileSource | None = None
    """With ``archetype = "csv"``: hourly load [MW], a CSV path (8760 or 8760*years rows) or a
    measured-profile table (CSV/Excel, timestamps, kW); each value 0 to 1e6 MW."""
    curtailable_mw: PowerMW = 0.0
    """Power the load can drop in an hour of deficit (可中断负荷) [MW], 0 to 1e6; 0 = none."""
    curtail_cost_per_mwh: Cost = 0.0
    """Cost of each curtailed MWh in the optimiser [currency/MWh], 0 to 100,000."""
    max_curtailed_mwh_per_year: AnnualMWh | None = None
    """Largest curtailed energy per year [MWh]; none = no yearly limit."""

    @model_validator(mode="after")
    def _check_source(self) -> Load:
        if self.archetype == "csv":
            if not self.csv:
                raise ValueError("archetype 'csv' needs a csv = \"file.csv\" key")
        else:
            if self.csv:
                raise ValueError(f"csv is only used with archetype 'csv', not {self.archetype!r}")
            if self.annual_mwh is None:
                raise ValueError(f"archetype {self.archetype!r} needs annual_mwh")
        if isinstance(self.annual_mwh, list) and len(self.annual_mwh) == 0:
            raise ValueError("annual_mwh must not be an empty list")
        if isinstance(self.csv, MeasuredProfile):
            if self.csv.unit == "cf":
                raise ValueError("csv.unit of a load is 'mw' or 'kw', not 'cf'")
            if self.csv.measured_years == "weather":
                raise ValueError("csv.measured_years = 'weather' is for wind and solar only")
            if self.csv.installed_mw is not None:
                raise ValueError("csv.installed_mw is for wind and solar only")
        return self


class _Generator(_Model):
    existing_mw: PowerMW = 0.0
    """Capacity in place before the first year [MW], 0 to 1e6."""
    max_mw: PowerMW | None = None
    """Largest capacity the site allows [MW], 0 to 1e6; none = no limit."""
    fixed_om_share: Annotated[float, Field(ge=0.0, le=0.5)]
    """Fixed operation and maintenance per year as a share of capex [1/yr]."""
    capex_per_kw: Capex
    """Overnight capital cost [currency/kW], 0 to 100,000."""
    lifetime_years: Annotated[WholeNumber, Field(ge=1, le=100)]
    """Economic lifetime for the annuity [yr]."""

    @model_validator(mode="after")
    def _check_max(self) -> _Generator:
        if self.max_mw is not None and self.max_mw < self.existing_mw:
            raise ValueError(f"max_mw {self.max_mw} is below existing_mw {self.existing_mw}")
        return self


class Wind(_Generator):
    """Wind farm of the park."""

    capex_per_kw: Capex = 4000.0
    fixed_om_share: Annotated[float, Field(ge=0.0, le=0.5)] = 0.02
    lifetime_years: Annotated[WholeNumber, Field(ge=1, le=100)] = 20


class Solar(_Generator):
    """Solar PV of the park (AC capacity)."""

    capex_per_kw: Capex = 3000.0
    fixed_om_share: Annotated[float, Field(ge=0.0, le=0.5)] = 0.015
    lifetime_years: Annotated[WholeNumber, Field(ge=1, le=100)] = 25


#: A component name that becomes part of file and column names (``battery`` → ``battery_mwh``).
Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]


class Storage(_Model):
    """A store (battery, long-duration store); energy and power are sized separately."""

    name: Ident = "storage"
    """Name of the store, unique in the scenario (lower case, digits, ``_``); its capacities
    are ``NAME_mwh`` and ``NAME_mw``. A single ``[storage]`` table is named ``storage``."""
    existing_mwh: EnergyMWh = 0.0
    """Energy capacity in place before the first year [MWh], 0 to 1e8."""
    existing_mw: PowerMW = 0.0
    """Power capacity in place before the first year [MW], 0 to 1e6."""
    max_mwh: EnergyMWh | None = None
    """Largest energy capacity [MWh], 0 to 1e8; none = no limit."""
    max_mw: PowerMW | None = None
    """Largest power capacity [MW], 0 to 1e6; none = no limit."""
    capex_per_kwh: Capex = 450.0
    """Energy part of the capital cost [currency/kWh], 0 to 100,000."""
    capex_per_kw: Capex = 200.0
    """Power part of the capital cost [currency/kW], 0 to 100,000."""
    fixed_om_share: Annotated[float, Field(ge=0.0, le=0.5)] = 0.02
    lifetime_years: Annotated[WholeNumber, Field(ge=1, le=100)] = 15
    charge_efficiency: Annotated[float, Field(gt=0.0, le=1.0)] = 0.938
    """Share of charged power that reaches the store [1]; 0.938² ≈ 0.88 round trip."""
    discharge_efficiency: Annotated[float, Field(gt=0.0, le=1.0)] = 0.938
    min_soc: Share = 0.05
    """Lowest state of charge as a share of energy capacity [1]."""
    initial_soc: Share = 0.5
    """State of charge before the first hour as a share of energy capacity [1]."""
    self_discharge_per_hour: Annotated[float, Field(ge=0.0, lt=1.0)] = 0.0
    """Share of stored energy lost each hour [1/h]."""

    @model_validator(mode="after")
    def _check(self) -> Storage:
        if self.max_mwh is not None and self.max_mwh < self.existing_mwh:
            raise ValueError(f"max_mwh {self.max_mwh} is below existing_mwh {self.existing_mwh}")
        if self.max_mw is not None and self.max_mw < self.existing_mw:
            raise ValueError(f"max_mw {self.max_mw} is below existing_mw {self.existing_mw}")
        if self.initial_soc < self.min_soc:
            raise ValueError(f"initial_soc {self.initial_soc} is below min_soc {self.min_soc}")
        return self


class Coal(_Model):
    """Captive coal plant (自备电厂)."""

    capacity_mw: PowerMW
    """Capacity [MW], 0 to 1e6."""
    min_load_share: Share = 0.30
    """Minimum stable load as a share of capacity [1]; must-run in every hour."""
    fuel_cost_per_mwh: Cost = 220.0
    """Fuel cost per MWh generated [currency/MWh], 0 to 100,000."""
    co2_t_per_mwh: Co2 = 0.85
    """Emission factor [tCO2/MWh], 0 to 2."""
    retrofit_min_load_share: Share | None = None
    """Flexibility retrofit (灵活性改造): the lowest minimum load a retrofit can reach, as a share
    of capacity [1] (≤ ``min_load_share``); none = no retrofit option. The minimum load of each
    year is then a decision between this and ``min_load_share``, never rising."""
    retrofit_capex_per_kw: Capex = 0.0
    """Cost of the full retrofit depth (``min_load_share`` → ``retrofit_min_load_share``) per kW
    of unit capacity, pro rata for a partial depth [currency/kW]."""
    retrofit_lifetime_years: Annotated[WholeNumber, Field(ge=1, le=100)] = 15
    """Economic lifetime of the retrofit for its annuity [yr]."""

    @model_validator(mode="after")
    def _check_retrofit(self) -> Coal:
        r = self.retrofit_min_load_share
        if r is not None and r > self.min_load_share:
            raise ValueError(
                f"retrofit_min_load_share {r} is above min_load_share {self.min_load_share}"
            )
        return self


class Process(_Model):
    """A flexible industrial process with a product buffer (``[[processes]]``).

    An electrolyser with a hydrogen tank, a cement mill with a clinker silo, a pumping station
    with a reservoir.

    Power p lies between ``min_load_share``·P and P; the product, in energy-equivalent MWh, is
    kept in a buffer of size B and withdrawn at the product demand D_t (docs/model.md).
    """

    name: Ident
    """Name, unique among stores and processes; capacities ``NAME_mw`` and ``NAME_buffer_mwh``."""
    existing_mw: PowerMW = 0.0
    """Process capacity in place before the first year [MW]."""
    max_mw: PowerMW | None = None
    """Largest process capacity [MW]; none = ``existing_mw`` (not sized)."""
    capex_per_kw: Capex = 0.0
    """Capital cost of process capacity [currency/kW]."""
    fixed_om_share: Annotated[float, Field(ge=0.0, le=0.5)] = 0.02
    """Fixed O&M per year as a share of capex [1/yr]."""
    lifetime_years: Annotated[WholeNumber, Field(ge=1, le=100)] = 20
    """Economic lifetime [yr]."""
    min_load_share: Share = 0.0
    """Lowest running power as a share of process capacity [1]."""
    buffer_existing_mwh: EnergyMWh = 0.0
    """Product buffer in place before the first year [MWh energy equivalent]."""
    buffer_max_mwh: EnergyMWh | None = None
    """Largest product buffer [MWh]; none = ``buffer_existing_mwh`` (not sized)."""
    buffer_capex_per_kwh: Capex = 0.0
    """Capital cost of buffer capacity [currency/kWh energy equivalent]."""
    buffer_lifetime_years: Annotated[WholeNumber, Field(ge=1, le=100)] = 20
    """Economic lifetime of the buffer [yr]."""
    buffer_initial_share: Share = 0.5
    """Buffer level before the first hour as a share of its capacity [1]."""
    demand_mw: PowerMW | None = None
    """Constant product demand [MWh per hour, energy equivalent]."""
    demand_mwh_per_year: AnnualMWh | None = None
    """Yearly product demand, spread evenly over the hours [MWh/yr energy equivalent]."""
    demand_csv: ProfileSource | None = None
    """Hourly product demand [MWh per hour], a CSV path or a measured-profile table (unit mw)."""
    demand_t_per_year: Annotated[float, Field(ge=0.0, le=1.0e8)] | None = None
    """Hydrogen demand [t/yr], spread evenly; needs ``kwh_per_kg``."""
    demand_kg_per_h: Annotated[float, Field(ge=0.0, le=1.0e9)] | None = None
    """Hydrogen demand [kg/h], constant; needs ``kwh_per_kg``."""
    kwh_per_kg: Annotated[float, Field(gt=0.0, le=200.0)] = 56.0
    """Electricity per kg of hydrogen [kWh/kg] (56: the Ordos 240 MW project, range 50-60)."""
    shortfall_cost_per_mwh: Cost = 10000.0
    """Cost of each MWh of product demand not met, in the optimiser [currency/MWh]."""

    @model_validator(mode="after")
    def _check(self) -> Process:
        given = [
            k
            for k in ("demand_mw", "demand_mwh_per_year", "demand_csv", "demand_t_per_year",
                      "demand_kg_per_h")
            if getattr(self, k) is not None
        ]  # fmt: skip
        if len(given) != 1:
            raise ValueError(
                "give exactly one of demand_mw, demand_mwh_per_year, demand_csv, "
                f"demand_t_per_year, demand_kg_per_h (got {', '.join(given) or 'none'})"
            )
        if self.max_mw is not None and self.max_mw < self.existing_mw:
            raise ValueError(f"max_mw {self.max_mw} is below existing_mw {self.existing_mw}")
        if self.buffer_max_mwh is not None and self.buffer_max_mwh < self.buffer_existing_mwh:
            raise ValueError(
                f"buffer_max_mwh {self.buffer_max_mwh} is below buffer_existing_mwh "
                f"{self.buffer_existing_mwh}"
            )
        return self

    def constant_demand_mw(self) -> float | None:
        """Product demand as a constant hourly value [MWh/h], or None for a CSV profile."""
        if self.demand_mw is not None:
            return float(self.demand_mw)
        if self.demand_mwh_per_year is not None:
            return float(self.demand_mwh_per_year) / HOURS_PER_YEAR
        if self.demand_t_per_year is not None:
            return float(self.demand_t_per_year) * self.kwh_per_kg / HOURS_PER_YEAR
        if self.demand_kg_per_h is not None:
            return float(self.demand_kg_per_h) * self.kwh_per_kg / 1000.0
        return None


class Grid(_Model):
    """The park's connection to the public grid."""

    import_max_mw: PowerMW = 0.0
    """Import limit of the connection [MW], 0 to 1e6."""
    export_max_mw: PowerMW = 0.0
    """Export limit of the connection [MW], 0 to 1e6."""
    import_price_per_mwh: Price | list[Price] = 350.0
    """One price, or 24 prices by hour of day (time-of-use) [currency/MWh], each within
    ±100,000."""
    export_price_per_mwh: Price = 0.0
    """Price paid for exported energy [currency/MWh], within ±100,000."""
    co2_t_per_mwh: Co2 = 0.5703
    """Emission factor of imported electricity [tCO2/MWh], 0 to 2 (national grid average 2022,
    MEE 2024)."""

    @field_validator("import_price_per_mwh")
    @classmethod
    def _check_tou(cls, v: float | list[float]) -> float | list[float]:
        if isinstance(v, list) and len(v) != 24:
            raise ValueError(f"needs one number or 24 numbers (one per hour of day), got {len(v)}")
        return v

    def import_price_by_hour(self) -> list[float]:
        """Return the import price for each hour of day 0..23 [currency/MWh]."""
        v = self.import_price_per_mwh
        return list(v) if isinstance(v, list) else [float(v)] * 24


NonNegTce = Annotated[float, Field(ge=0.0, le=1.0e9)]


class RuleSetting(_Model):
    """A scenario's change to one rule of its packs (``[policy.rules.RULE_ID]``)."""

    mode: Literal["hard", "check", "off"] | None = None
    """``hard`` (LP row and check), ``check`` (verdict only) or ``off``; none = the pack's."""
    limit: (
        Annotated[float, Field(ge=0.0, le=100.0)]
        | Annotated[list[Annotated[float, Field(ge=0.0, le=100.0)]], Field(min_length=1)]
        | None
    ) = None
    """The limit [share or tCO2/tce], 0 to 100, one value or one per year; none = the pack's."""


class Policy(_Model):
    """Switchable regional policy rules (off by default)."""

    min_renewable_utilisation: Share | None = None
    """新能源利用率 floor: 1 − curtailed/available ≥ this, each year [1]; none = off."""
    storage_min_share: Share = 0.0
    """Storage power ≥ this share of wind + solar MW [1]; 0 = off."""
    storage_min_hours: Annotated[float, Field(ge=0.0, le=100.0)] = 0.0
    """Storage energy ≥ storage_min_share · this · (wind + solar MW) [h], ≤ 100 h; 0 = off."""
    voll_per_mwh: Annotated[float, Field(ge=0.0, le=MAX_VOLL_PER_MWH)] = 0.0
    """Value of lost load: cost of unserved energy in the optimiser [currency/MWh], ≤ 1e6."""
    max_unserved_share: Share = 0.0
    """Adequacy: unserved energy of each year ≤ this share of the year's load [1]; 0 = the park
    serves its whole load in every hour. A hard rule in the optimiser and in the verdict."""
    rule_set: Name | None = None
    """Rule set (pack) the park follows (``parkbalance rules`` lists them, ``docs/rules.md``);
    none = ``inner-mongolia-2022`` unless ``rule_sets`` is given."""
    rule_sets: Annotated[list[Name], Field(min_length=1, max_length=20)] | None = None
    """Several packs at once (each rule once); replaces ``rule_set``, which it must then list."""
    rules: dict[str, RuleSetting] | None = None
    """Per-rule changes by rule id: ``[policy.rules.gd_self_use_share] mode = "check"``,
    ``limit = 0.5`` (or one limit per year)."""
    electricity_tce_per_mwh: Annotated[float, Field(gt=0.0, le=1.0)] = 0.1229
    """Electricity in standard coal for the energy-use metrics [tce/MWh], above 0 to 1: 0.1229 =
    calorific equivalent (当量值, GB/T 2589-2020); about 0.30 = equal value (等价值)."""
    nonelectric_tce: NonNegTce | list[NonNegTce] = 0.0
    """The park's yearly non-electric energy use (heat, fuels, process coal) [tce/yr], 0 to 1e9,
    one value or one per year."""
    nonelectric_co2_t: NonNegTce | list[NonNegTce] = 0.0
    """CO2 of that non-electric energy use [tCO2/yr], 0 to 1e9, one value or one per year."""
    nonelectric_clean_share: Share = 0.0
    """Clean share of the non-electric energy use [1]."""
    grid_clean_share: Share = 0.0
    """Clean (non-fossil) share of ordinary grid imports in the clean-energy share [1]; 0 counts
    imports as not clean unless bought as green power."""
    green_import_share: Share = 0.0
    """Share of imports bought as green power (绿电交易) [1]: clean and free of CO2 in the
    rule-set metrics (the ``co2_t`` KPI is unchanged)."""
    green_direct_project: Literal["other", "hydrogen"] = "other"
    """Kind of green-power direct-connection project for its export cap: ``hydrogen``
    (hydrogen-based fuels, 40% to 2027, 20% from 2028) or ``other`` (no export)."""

    @model_validator(mode="after")
    def _check_rule_sets(self) -> Policy:
        from simulator.rules import RULE_DEFS, RULE_SETS, selected_rule_sets

        if (
            self.rule_set is not None
            and self.rule_sets is not None
            and self.rule_set not in self.rule_sets
        ):
            raise ValueError(
                f"rule_set: {self.rule_set!r} is not in rule_sets; give rule_set or rule_sets "
                "(rule_sets, when both are given, must list rule_set)"
            )
        packs = selected_rule_sets(self)
        for name in packs:
            if name not in RULE_SETS:
                raise ValueError(
                    f"rule_set: unknown rule set {name!r} (known: {', '.join(RULE_SETS)})"
                )
        if len(set(packs)) != len(packs):
            raise ValueError("rule_sets: a rule set is listed twice")
        ids = [r for p in packs for r in RULE_SETS[p].rules]
        for rid, setting in (self.rules or {}).items():
            if rid not in ids:
                raise ValueError(
                    f"rules.{rid}: not a rule of {', '.join(packs)} (rules: {', '.join(ids)})"
                )
            if RULE_DEFS[rid].legacy_keys:
                raise ValueError(
                    f"rules.{rid}: set with {RULE_DEFS[rid].legacy_keys} instead"
                )
            lims = setting.limit if isinstance(setting.limit, list) else [setting.limit]
            if RULE_DEFS[rid].unit == "share" and any(v is not None and v > 1 for v in lims):
                raise ValueError(f"rules.{rid}.limit: a share, 0 to 1")
        return self


class Finance(_Model):
    """Money."""

    discount_rate: Annotated[float, Field(ge=0.0, le=0.5)] = 0.08
    """Real discount rate [1/yr], 0 to 0.5."""
    currency: Annotated[str, Field(min_length=1, max_length=10)] = "CNY"
    """Currency of every money field (a code such as CNY)."""
    carbon_price_per_t: Annotated[float, Field(ge=0.0, le=1.0e4)] = 0.0
    """Carbon price on the CO2 of coal and imports in the optimiser [currency/tCO2], 0 to 10,000."""


class Scenario(_Model):
    """One park: where it is, what it uses, what it has, what it may build, what it must meet."""

    name: Name
    """Name of the park (1 to 200 characters)."""
    park_type: Literal["low-carbon", "zero-carbon"]
    """Policy class of the park; sets the default targets."""
    start_year: Annotated[WholeNumber, Field(ge=2000, le=2100)]
    """Calendar year of the first horizon year, 2000 to 2100."""
    years: Annotated[WholeNumber, Field(ge=1, le=30)]
    """Number of horizon years, 1 to 30."""
    targets: list[Share] | None = None
    """Renewable consumption share to meet in each year [1], each 0 to 1; default from
    park_type."""
    seed: Annotated[WholeNumber, Field(ge=-(2**63), lt=2**64)] = 0
    """Seed of the synthesised profiles (a 64-bit integer)."""
    description: Annotated[str, Field(max_length=10_000)] = ""
    """Free text, at most 10,000 characters."""
    site: Site
    profiles: ProfileFiles = ProfileFiles()
    loads: Annotated[list[Load], Field(min_length=1)]
    wind: Wind = Wind()
    solar: Solar = Solar()
    storage: Storage | Annotated[list[Storage], Field(min_length=1, max_length=10)] = Storage()
    processes: Annotated[list[Process], Field(max_length=10)] = []
    coal: Coal | None = None
    grid: Grid = Grid()
    policy: Policy = Policy()
    finance: Finance = Finance()

    # Where the file was read from (for relative profile paths and error messages); not a TOML key.
    source_path: Path | None = Field(default=None, exclude=True)
    # The file's variants and the overrides this scenario was resolved with (not TOML keys; see
    # :func:`load_scenario`); kept by ``model_copy``.
    _variants: tuple[str, ...] = PrivateAttr(default=())
    _overrides: dict = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _check_years(self) -> Scenario:
        if self.targets is not None and len(self.targets) != self.years:
            raise ValueError(f"targets has {len(self.targets)} values but years = {self.years}")
        for i, load in enumerate(self.loads):
            if isinstance(load.annual_mwh, list) and len(load.annual_mwh) not in (1, self.years):
                raise ValueError(
                    f"loads[{i}].annual_mwh has {len(load.annual_mwh)} values; "
                    f"give one or {self.years} (one per year)"
                )
        pol = self.policy
        for key in ("nonelectric_tce", "nonelectric_co2_t"):
            v = getattr(pol, key)
            if isinstance(v, list) and len(v) not in (1, self.years):
                raise ValueError(f"policy.{key}: has {len(v)} values; give one or {self.years}")
        for rid, setting in (pol.rules or {}).items():
            lim = setting.limit
            if isinstance(lim, list) and len(lim) not in (1, self.years):
                raise ValueError(
                    f"policy.rules.{rid}.limit: has {len(lim)} values; give one or {self.years}"
                )
        seen: dict[str, int] = {}
        for i, load in enumerate(self.loads):
            if load.name in seen:
                raise ValueError(
                    f"loads[{i}].name: duplicate load name (also loads[{seen[load.name]}].name);"
                    " names must be unique"
                )
            seen[load.name] = i
        names: dict[str, str] = {}
        parts = [(f"storage[{i}]", st.name) for i, st in enumerate(self.stores)] + [
            (f"processes[{i}]", pr.name) for i, pr in enumerate(self.processes)
        ]
        for where, name in parts:
            if name in names or name in RESERVED_NAMES:
                other = names.get(name, "a built-in asset")
                raise ValueError(
                    f"{where}.name: {name!r} is also {other}; store and process names must be "
                    "unique and differ from wind, solar, coal, grid"
                )
            names[name] = where
        return self

    @property
    def stores(self) -> tuple[Storage, ...]:
        """The park's stores in dispatch order (a single ``[storage]`` table is one store)."""
        st = self.storage
        return tuple(st) if isinstance(st, list) else (st,)

    @property
    def store(self) -> Storage:
        """The first store (the one of a single ``[storage]`` table)."""
        return self.stores[0]

    @property
    def has_retrofit(self) -> bool:
        """Whether the coal minimum load is a decision (a flexibility retrofit option is given)."""
        return self.coal is not None and self.coal.retrofit_min_load_share is not None

    def asset_terms(self) -> tuple:
        """Return the park's capacities per year, in the order of every per-asset array.

        See :func:`simulator.vocabulary.asset_terms`.
        """
        from simulator.vocabulary import asset_terms

        return asset_terms(
            [st.name for st in self.stores], [pr.name for pr in self.processes], self.has_retrofit
        )

    def asset_names(self) -> tuple[str, ...]:
        """Names of :meth:`asset_terms` (``wind_mw, solar_mw, storage_mwh, storage_mw, ...``)."""
        return tuple(t.name for t in self.asset_terms())

    @property
    def curtailable_loads(self) -> tuple[Load, ...]:
        """Loads with ``curtailable_mw > 0``, in list order (the order they are curtailed)."""
        return tuple(ld for ld in self.loads if ld.curtailable_mw > 0)

    # ---- derived quantities -------------------------------------------------------------------
    @property
    def calendar_years(self) -> list[int]:
        """Calendar years of the horizon."""
        return [self.start_year + k for k in range(self.years)]

    def target_shares(self) -> list[float]:
        """Renewable consumption share target of each year [1]."""
        if self.targets is not None:
            return [float(t) for t in self.targets]
        return default_targets(self.park_type, self.years)

    def annual_load_mwh(self, load: Load) -> list[float] | None:
        """Yearly energy of one load [MWh], one value per year, or None (csv used as is)."""
        if load.annual_mwh is None:
            return None
        v = load.annual_mwh
        if isinstance(v, list):
            return [float(x) for x in v] * (self.years if len(v) == 1 else 1)
        return [float(v)] * self.years

    def resolve(self, relative: str) -> Path:
        """Resolve a path given in the scenario file relative to that file (no checks)."""
        p = Path(relative)
        if not p.is_absolute() and self.source_path is not None:
            p = self.source_path.parent / p
        return p

    def allows_outside_paths(self) -> bool:
        """Whether input files may lie outside the scenario's folder.

        True when the scenario sets ``profiles.allow_outside = true`` or the environment variable
        ``PARKBALANCE_ALLOW_OUTSIDE`` is ``1``.
        """
        return self.profiles.allow_outside or os.environ.get(ALLOW_OUTSIDE_ENV, "") == "1"

    def input_path(self, relative: str, field: str | None = None) -> Path:
        """Resolve an input file of the scenario and check that it may be read.

        Parameters
        ----------
        relative : str
            Path as written in the scenario (relative to the scenario file).
        field : str, optional
            Scenario field for messages (``"profiles.wind_cf"``).

        Returns
        -------
        Path
            The resolved path (symbolic links followed).

        Raises
        ------
        InputError
            The file (after following links) lies outside the scenario's folder (the current
            folder for a scenario without a file) and outside paths are not allowed.
        """
        p = self.resolve(relative)
        real = Path(os.path.realpath(p))
        base = Path(
            os.path.realpath(self.source_path.parent if self.source_path is not None else ".")
        )
        if not self.allows_outside_paths() and not real.is_relative_to(base):
            raise InputError(
                self.label,
                field,
                f"{relative} is outside the scenario's folder {base}; move it there or set "
                f"profiles.allow_outside = true (or {ALLOW_OUTSIDE_ENV}=1)",
            )
        return real

    def input_files(self) -> list[tuple[str, Path]]:
        """Every data file the scenario reads, as (path as written, resolved path) pairs.

        Wind and solar profiles, then load CSVs, each file of a multi-file profile in order; for
        digests of the inputs (sweeps). The paths are not checked.
        """
        sources = [self.profiles.wind_cf, self.profiles.solar_cf] + [ld.csv for ld in self.loads]
        sources += [pr.demand_csv for pr in self.processes]
        out: list[tuple[str, Path]] = []
        for src in sources:
            if src is None:
                continue
            files = [src] if isinstance(src, str) else src.files
            out += [(f, self.resolve(f)) for f in files]
        return out

    @property
    def applied_variants(self) -> list[str]:
        """Names of the file's ``[variants.NAME]`` applied by :func:`load_scenario`, in order."""
        return list(self._variants)

    @property
    def applied_overrides(self) -> dict:
        """The ``--set`` overrides applied after the variants, ``{dotted key: value}``."""
        return dict(self._overrides)

    def with_applied(self, variants: list[str], overrides: dict) -> Scenario:
        """Return a copy that records the variants and overrides it was resolved with."""
        sc = self.model_copy()
        sc._variants = tuple(variants)
        sc._overrides = dict(overrides)
        return sc

    @property
    def label(self) -> str:
        """File name for messages: the scenario file, or the scenario name."""
        return str(self.source_path) if self.source_path is not None else self.name


def default_targets(park_type: str, years: int) -> list[float]:
    """Policy targets by year: linear from the first to the third year, then held.

    Low-carbon parks 30% → 50%, zero-carbon parks 50% → 80% (``reference/policy.md``).

    Parameters
    ----------
    park_type : {"low-carbon", "zero-carbon"}
        Type of park.
    years : int
        Number of years in the horizon.

    Returns
    -------
    list of float
        Target share of each year [1].
    """
    first, final = (0.30, 0.50) if park_type == "low-carbon" else (0.50, 0.80)
    out = []
    for k in range(years):
        frac = min(k, 2) / 2.0
        out.append(round(first + (final - first) * frac, 10))
    return out


def _scenarios_dir() -> Path:
    return Path(str(resources.files("scenarios")))


def builtin_scenarios() -> dict[str, Path]:
    """Return the built-in scenario files by name."""
    return {p.stem: p for p in sorted(_scenarios_dir().glob("*.toml"))}


def resolve_scenario_path(name_or_path: str | Path) -> Path:
    """Return the file of a built-in scenario name, or the given path.

    Raises
    ------
    InputError
        When it is neither an existing file nor a built-in name.
    """
    p = Path(name_or_path)
    if p.is_file():
        return p
    builtins = builtin_scenarios()
    if str(name_or_path) in builtins:
        return builtins[str(name_or_path)]
    raise InputError(
        str(name_or_path),
        None,
        "no such scenario file or built-in scenario (built-in: " + ", ".join(builtins) + ")",
    )


_UNION_MEMBER_NAMES = frozenset(
    {
        "float",
        "int",
        "str",
        "bool",
        "constrained-float",
        "constrained-int",
        "constrained-str",
        "MeasuredProfile",
    }
)
_TYPE_MISMATCH = frozenset(
    {"string_type", "model_type", "model_attributes_type", "list_type", "dict_type", "int_type",
     "float_type", "bool_type"}
)  # fmt: skip
_FIELD_PREFIX = re.compile(r"^([A-Za-z_][\w.\[\]]*): (.+)$")


def _loc_to_field(loc: tuple) -> str | None:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            # pydantic adds the union member type names ("float", "list[...]") to the location
            if part in _UNION_MEMBER_NAMES:
                continue
            if part.startswith(("list[", "function-")):
                continue
            out += ("." if out else "") + part
    return out or None


def _error_field(exc: ValidationError) -> tuple[str | None, str]:
    """Return the field and message of a validation error's most precise entry."""
    # of the alternatives of a union, the deepest location is the most precise one, and an
    # alternative of the right type (a table with a bad value) beats one of the wrong type
    err = max(exc.errors(), key=lambda e: (len(e["loc"]), e["type"] not in _TYPE_MISMATCH))
    field = _loc_to_field(tuple(err["loc"]))
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    elif err["type"] == "missing":
        msg = "required key is missing"
    msg = msg.removeprefix("Value error, ")
    m = _FIELD_PREFIX.match(msg)
    if field is None and m:  # a check of the whole scenario names its field first
        field, msg = m.group(1), m.group(2)
    if "input" in err and err["type"] not in ("extra_forbidden", "missing"):
        inp = err["input"]
        if isinstance(inp, int | float | str | bool) and len(str(inp)) < 40:
            msg += f" (got {inp!r})"
    return field, msg


def scenario_from_dict(data: dict, source: str | Path | None = None) -> Scenario:
    """Validate a scenario given as a dict (as read from TOML).

    Raises
    ------
    InputError
        Naming the source and the first offending field.
    """
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as exc:
        field, msg = _error_field(exc)
        raise InputError(source, field, msg) from None
    if source is not None:
        sc = sc.model_copy(update={"source_path": Path(source).resolve()})
    return sc


def _read_toml(path: Path) -> dict:
    try:
        if path.stat().st_size > MAX_SCENARIO_BYTES:
            raise InputError(path, None, "file is larger than 10 MB; not a scenario file")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, None, f"cannot read file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")  # a UTF-8 byte-order mark is accepted
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            path,
            f"line {line}",
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the scenario as UTF-8",
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, None, f"broken TOML: {exc}") from None


def scenario_variants(name_or_path: str | Path) -> dict[str, dict]:
    """Return the ``[variants.NAME]`` tables of a scenario file by name, in the file's order.

    Raises
    ------
    InputError
        As :func:`load_scenario` for a missing or broken file.
    """
    data = _read_toml(resolve_scenario_path(name_or_path))
    table = data.get("variants", {})
    return dict(table) if isinstance(table, dict) else {}


def load_scenario(
    name_or_path: str | Path,
    overrides: Mapping[str, Any] | Sequence[Any] | None = None,
    variants: Sequence[str] | str | None = None,
) -> Scenario:
    """Read and validate a scenario: a built-in name (``"ordos-low-carbon"``) or a TOML path.

    Parameters
    ----------
    name_or_path : str or Path
        Built-in scenario name or path of a TOML file.
    overrides : mapping or sequence of str, optional
        Changes applied last: ``{"wind.capex_per_kw": 3500, "loads[0].annual_mwh": 1e6}`` or
        ``["wind.capex_per_kw=3500", "targets=[0.3,0.5,0.6]"]`` (``--set`` texts, values read
        as TOML), or :class:`simulator.overrides.Override` objects; :mod:`simulator.overrides`.
    variants : sequence of str, optional
        Names of the file's ``[variants.NAME]`` tables, applied in order before ``overrides``.

    Returns
    -------
    Scenario
        The validated, frozen scenario, with ``source_path`` the file (so relative data paths
        resolve as usual) and the variants and overrides recorded
        (:attr:`Scenario.applied_variants`, :attr:`Scenario.applied_overrides`; the provenance
        record of every output lists them).

    Raises
    ------
    InputError
        Missing file, broken TOML, unknown key, wrong type or bad value; the message names the file
        and the field, or for a bad override the option (``--set``) or ``variants.NAME`` and the
        key; an unknown variant names the file and the variants it has.
    """
    from simulator.overrides import blame, flat_overrides, resolve_data

    path = resolve_scenario_path(name_or_path)
    data = _read_toml(path)
    if isinstance(variants, str):
        variants = [variants]
    data, from_variants, from_sets, names = resolve_data(data, path, variants, overrides)
    applied = from_variants + from_sets
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as exc:
        field, msg = _error_field(exc)
        culprit = blame(applied, field)
        if culprit is not None:
            key = (
                culprit.field
                if field is None or len(field) < len(culprit.key)
                else (culprit.prefix + field)
            )
            raise InputError(culprit.source, key, msg) from None
        if applied:
            used = [f"--variant {n}" for n in names] + [
                f"{ov.source} {ov.field}" for ov in from_sets
            ]
            msg += f" (after {', '.join(used)})"
        raise InputError(path, field, msg) from None
    sc = sc.model_copy(update={"source_path": Path(path).resolve()})
    if applied:
        sc = sc.with_applied(names, flat_overrides(from_sets))
    return sc
