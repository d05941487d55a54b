"""The scenario schema's component tables.

Loads, wind, solar, stores, coal, flexible processes, the grid, policy rules and money;
:mod:`simulator.core.scenario` is the schema's entry point.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from simulator.core.scenario_types import (
    HOURS_PER_YEAR,
    MAX_VOLL_PER_MWH,
    AnnualMWh,
    Capex,
    Co2,
    Cost,
    EnergyMWh,
    MeasuredProfile,
    Name,
    PowerMW,
    Price,
    ProfileSource,
    Share,
    WholeNumber,
    _Model,
)

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
        from simulator.core.rules import RULE_DEFS, RULE_SETS, selected_rule_sets

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
