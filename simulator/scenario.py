"""Scenario model: one industrial park per TOML file, validated with pydantic.

The schema lives here and only here. Every model forbids unknown keys and is frozen, so a typo in
a scenario file is an error that names the key (Calliope's habit). Capacities are in MW / MWh,
money in the scenario currency, capital costs per kW or kWh.

Defaults come from ``../shared/reference/parameters.csv`` (see ``scenarios/README.md``).
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from simulator.errors import InputError

__all__ = [
    "HOURS_PER_YEAR",
    "Coal",
    "Finance",
    "Grid",
    "Load",
    "Policy",
    "ProfileFiles",
    "Scenario",
    "Site",
    "Solar",
    "Storage",
    "Wind",
    "builtin_scenarios",
    "default_targets",
    "load_scenario",
    "resolve_scenario_path",
]

#: Hours in a model year: 8760 hours from 1 January 00:00 local time (leap days are not modelled).
HOURS_PER_YEAR = 8760

Share = Annotated[float, Field(ge=0.0, le=1.0)]
NonNeg = Annotated[float, Field(ge=0.0)]
Positive = Annotated[float, Field(gt=0.0)]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False
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


class ProfileFiles(_Model):
    """Measured capacity-factor profiles that replace synthesis (paths relative to the scenario)."""

    wind_cf: str | None = None
    """CSV of hourly wind capacity factor [0-1]: 8760 rows (reused each year) or 8760*years."""
    solar_cf: str | None = None
    """CSV of hourly solar capacity factor [0-1]: 8760 rows (reused each year) or 8760*years."""


LoadArchetype = Literal["flat", "two-shift", "three-shift", "data-centre", "electrolyser", "csv"]


class Load(_Model):
    """One park load (a plant, a line, a data centre, an electrolyser)."""

    name: str
    archetype: LoadArchetype
    """Shape of the hourly profile; ``csv`` reads hourly MW from ``csv``."""
    annual_mwh: NonNeg | list[NonNeg] | None = None
    """Yearly energy [MWh]: one value for all years or one per year; scales the archetype."""
    csv: str | None = None
    """With ``archetype = "csv"``: hourly load [MW], 8760 or 8760*years rows."""

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
        return self


class _Generator(_Model):
    existing_mw: NonNeg = 0.0
    """Capacity in place before the first year [MW]."""
    max_mw: NonNeg | None = None
    """Largest capacity the site allows [MW]; none = no limit."""
    fixed_om_share: Annotated[float, Field(ge=0.0, le=0.5)]
    """Fixed operation and maintenance per year as a share of capex [1/yr]."""
    capex_per_kw: NonNeg
    """Overnight capital cost [currency/kW]."""
    lifetime_years: Annotated[int, Field(ge=1, le=100)]
    """Economic lifetime for the annuity [yr]."""

    @model_validator(mode="after")
    def _check_max(self) -> _Generator:
        if self.max_mw is not None and self.max_mw < self.existing_mw:
            raise ValueError(f"max_mw {self.max_mw} is below existing_mw {self.existing_mw}")
        return self


class Wind(_Generator):
    """Wind farm of the park."""

    capex_per_kw: NonNeg = 4000.0
    fixed_om_share: Annotated[float, Field(ge=0.0, le=0.5)] = 0.02
    lifetime_years: Annotated[int, Field(ge=1, le=100)] = 20


class Solar(_Generator):
    """Solar PV of the park (AC capacity)."""

    capex_per_kw: NonNeg = 3000.0
    fixed_om_share: Annotated[float, Field(ge=0.0, le=0.5)] = 0.015
    lifetime_years: Annotated[int, Field(ge=1, le=100)] = 25


class Storage(_Model):
    """Battery storage; energy and power are sized separately."""

    existing_mwh: NonNeg = 0.0
    existing_mw: NonNeg = 0.0
    max_mwh: NonNeg | None = None
    max_mw: NonNeg | None = None
    capex_per_kwh: NonNeg = 450.0
    """Energy part of the capital cost [currency/kWh]."""
    capex_per_kw: NonNeg = 200.0
    """Power part of the capital cost [currency/kW]."""
    fixed_om_share: Annotated[float, Field(ge=0.0, le=0.5)] = 0.02
    lifetime_years: Annotated[int, Field(ge=1, le=100)] = 15
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

    capacity_mw: NonNeg
    min_load_share: Share = 0.30
    """Minimum stable load as a share of capacity [1]; must-run in every hour."""
    fuel_cost_per_mwh: NonNeg = 220.0
    co2_t_per_mwh: NonNeg = 0.85


class Grid(_Model):
    """The park's connection to the public grid."""

    import_max_mw: NonNeg = 0.0
    export_max_mw: NonNeg = 0.0
    import_price_per_mwh: float | list[float] = 350.0
    """One price, or 24 prices by hour of day (time-of-use) [currency/MWh]."""
    export_price_per_mwh: float = 0.0
    co2_t_per_mwh: NonNeg = 0.5703
    """Emission factor of imported electricity [tCO2/MWh] (national grid average 2022, MEE 2024)."""

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


class Policy(_Model):
    """Switchable regional policy rules (off by default)."""

    min_renewable_utilisation: Share | None = None
    """新能源利用率 floor: 1 − curtailed/available ≥ this, each year [1]; none = off."""
    storage_min_share: Share = 0.0
    """Storage power ≥ this share of wind + solar MW [1]; 0 = off."""
    storage_min_hours: NonNeg = 0.0
    """Storage energy ≥ storage_min_share · this · (wind + solar MW) [h]; 0 = off."""
    voll_per_mwh: NonNeg = 0.0
    """Value of lost load: cost of unserved energy in the optimiser [currency/MWh]."""
    max_unserved_share: Share = 0.0
    """Adequacy: unserved energy of each year ≤ this share of the year's load [1]; 0 = the park
    serves its whole load in every hour. A hard rule in the optimiser and in the verdict."""


class Finance(_Model):
    """Money."""

    discount_rate: Annotated[float, Field(ge=0.0, le=0.5)] = 0.08
    currency: str = "CNY"


class Scenario(_Model):
    """One park: where it is, what it uses, what it has, what it may build, what it must meet."""

    name: str
    park_type: Literal["low-carbon", "zero-carbon"]
    start_year: Annotated[int, Field(ge=2000, le=2100)]
    years: Annotated[int, Field(ge=1, le=30)]
    targets: list[Share] | None = None
    """Renewable consumption share to meet in each year [1]; default from park_type."""
    seed: int = 0
    """Seed of the synthesised profiles."""
    description: str = ""
    site: Site
    profiles: ProfileFiles = ProfileFiles()
    loads: Annotated[list[Load], Field(min_length=1)]
    wind: Wind = Wind()
    solar: Solar = Solar()
    storage: Storage = Storage()
    coal: Coal | None = None
    grid: Grid = Grid()
    policy: Policy = Policy()
    finance: Finance = Finance()

    # Where the file was read from (for relative profile paths and error messages); not a TOML key.
    source_path: Path | None = Field(default=None, exclude=True)

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
        return self

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
        """Resolve a path given in the scenario file relative to that file."""
        p = Path(relative)
        if not p.is_absolute() and self.source_path is not None:
            p = self.source_path.parent / p
        return p

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


def _loc_to_field(loc: tuple) -> str | None:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            # pydantic adds the union member type names ("float", "list[...]") to the location
            if part in ("float", "int", "str", "constrained-float", "constrained-int"):
                continue
            if part.startswith(("list[", "function-")):
                continue
            out += ("." if out else "") + part
    return out or None


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
        # of the alternatives of a union, the deepest location is the most precise one
        err = max(exc.errors(), key=lambda e: len(e["loc"]))
        field = _loc_to_field(tuple(err["loc"]))
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        elif err["type"] == "missing":
            msg = "required key is missing"
        msg = msg.removeprefix("Value error, ")
        if "input" in err and err["type"] not in ("extra_forbidden", "missing"):
            inp = err["input"]
            if isinstance(inp, int | float | str | bool) and len(str(inp)) < 40:
                msg += f" (got {inp!r})"
        raise InputError(source, field, msg) from None
    if source is not None:
        sc = sc.model_copy(update={"source_path": Path(source).resolve()})
    return sc


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Read and validate a scenario: a built-in name (``"ordos-low-carbon"``) or a TOML path.

    Parameters
    ----------
    name_or_path : str or Path
        Built-in scenario name or path of a TOML file.

    Returns
    -------
    Scenario
        The validated, frozen scenario.

    Raises
    ------
    InputError
        Missing file, broken TOML, unknown key, wrong type or bad value; the message names the file
        and the field.
    """
    path = resolve_scenario_path(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(path, None, f"cannot read file ({exc.strerror})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, None, f"broken TOML: {exc}") from None
    return scenario_from_dict(data, path)
