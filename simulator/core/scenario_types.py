"""The scenario schema's building blocks.

Limits, number types, the strict base model, the site and measured-profile tables;
:mod:`simulator.core.scenario` is the schema's entry point.
"""

from __future__ import annotations

import numbers
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

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
