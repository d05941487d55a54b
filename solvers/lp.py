"""The sizing LP of parkbalance: its data (:class:`LPData`) and its one Pyomo model.

This module is the single definition of the linear programme of ``docs/model.md`` §5. Every
equation of that document is one indexed Pyomo component here, named like the equation
(``renewable_split``, ``balance``, ``storage_soc``, ...), built in a fixed order: sets →
variables → constraints → objective. A family that is switched off (no storage can be built, no
coal, a policy option left unset) is not created at all, so a scenario without extensions solves
exactly the LP of the issue.

The data are kept apart from the scenario: :class:`LPData` holds plain numpy arrays (load and
capacity factors per year and hour, hour weights), so that tests and a later typical-days feature
can build the same model from their own arrays. :func:`lp_data_from_scenario` fills it from a
:class:`~simulator.scenario.Scenario` and its :class:`~simulator.profiles.Profiles`.

Speed: each hourly family is one ``pyo.Constraint(Y, T, rule=...)``; the rule indexes flat lists of
variable data and precomputed Python floats, builds a ``LinearExpression`` directly (which the
standard-form compiler reads without walking an operator tree), and the cyclic garbage collector
is paused during the build (it otherwise rescans the growing heap of expression objects).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression
from pyomo.core.expr.relational_expr import EqualityExpression, InequalityExpression

from simulator.errors import InputError
from simulator.profiles import Profiles
from simulator.scenario import HOURS_PER_YEAR, Scenario
from simulator.vocabulary import ASSET_NAMES, LP_FLOWS, term

__all__ = [
    "ASSETS",
    "HOURLY_VARIABLES",
    "LPData",
    "annualised_cost_per_unit",
    "annuity_factor",
    "build_model",
    "discount_factors",
    "lp_data_from_scenario",
]

#: Capacity assets of the LP, in the order of every per-asset array of :class:`LPData`
#: (wind [MW], solar [MW], storage energy [MWh], storage power [MW]).
ASSETS: tuple[str, ...] = ASSET_NAMES

#: Hourly variables of the model: Pyomo name → symbol of ``docs/model.md`` §5 (all ≥ 0 but soc of
#: typical periods); each is the flow of the same symbol (:data:`simulator.vocabulary.LP_FLOWS`).
HOURLY_VARIABLES: dict[str, str] = {v: term(f).symbol for v, f in LP_FLOWS.items()}

_MT = MonomialTermExpression


def _as_2d(name: str, a: np.ndarray | Sequence, shape: tuple[int, int] | None) -> np.ndarray:
    arr = np.array(a, dtype=float, ndmin=2, copy=True)
    if arr.ndim != 2:
        raise ValueError(f"{name} must have shape (years, hours), got {arr.shape}")
    if shape is not None and arr.shape != shape:
        raise ValueError(f"{name} has shape {arr.shape}, expected {shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite")
    arr.setflags(write=False)
    return arr


def _per_asset(name: str, a: np.ndarray | Sequence | float, fill: float) -> np.ndarray:
    if a is None:
        arr = np.full(len(ASSETS), fill)
    else:
        arr = np.array(np.broadcast_to(np.asarray(a, dtype=float), (len(ASSETS),)))
    if np.any(np.isnan(arr)):
        raise ValueError(f"{name} must not contain NaN")
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class LPData:
    """Everything the sizing LP needs, as plain numbers and numpy arrays.

    Per-asset arrays have 4 entries in the order of :data:`ASSETS`:
    ``(wind_mw, solar_mw, storage_mwh, storage_mw)``.

    Attributes
    ----------
    load_mw : numpy.ndarray
        Park load L [MW], shape ``(years, hours)``.
    wind_cf, solar_cf : numpy.ndarray
        Capacity factors w, s [1], shape ``(years, hours)``.
    weight : numpy.ndarray, optional
        Weight of each hour in the yearly sums of the target, the policy rows and the objective
        [1], shape ``(years, hours)``; default all 1 (every hour of the year is modelled). The
        state of charge stays cyclic over the modelled hours of each year whatever the weights.
    hour_of_day : numpy.ndarray, optional
        Hour of day 0..23 of each modelled hour, shape ``(hours,)``, for the time-of-use import
        price; default ``arange(hours) % 24``.
    existing : numpy.ndarray
        Capacity in place before the first year [MW, MWh]; lower bound of every year.
    maximum : numpy.ndarray
        Largest capacity allowed [MW, MWh]; ``inf`` = no limit.
    capex_per_unit : numpy.ndarray
        Overnight capital cost [currency/MW, currency/MWh] (1000 × the per-kW/kWh figure).
    fixed_om_share : numpy.ndarray
        Fixed O&M per year as a share of capex [1/yr].
    lifetime_years : numpy.ndarray
        Economic lifetime for the annuity [yr].
    discount_rate : float
        r [1/yr]; year y (0-based) is discounted by (1 + r)^−y.
    charge_efficiency, discharge_efficiency : float
        η_c, η_d [1].
    min_soc : float
        Lowest state of charge as a share of the energy capacity [1].
    self_discharge_per_hour : float
        Share of stored energy lost each hour [1/h].
    coal_mw : float
        Captive coal capacity C [MW]; 0 = no coal plant.
    coal_min_load_share : float
        Must-run share of C in every hour [1].
    coal_fuel_cost_per_mwh : float
        Fuel cost of coal output [currency/MWh].
    import_max_mw, export_max_mw : float
        Grid connection limits [MW].
    import_price_per_mwh : numpy.ndarray
        Import price by hour of day, 24 values [currency/MWh].
    export_price_per_mwh : float
        Export price [currency/MWh].
    voll_per_mwh : float
        Cost of unserved energy [currency/MWh].
    target_share : numpy.ndarray or None
        Renewable share to meet in each year [1], shape ``(years,)``; NaN (or None for all
        years) = no target row.
    min_renewable_utilisation : float or sequence of float or None
        Floor of 1 − curtailed/available [1]: one value for every year or one per year (NaN =
        off in that year); None = off.
    max_unserved_share : float or None
        Largest unserved energy of each year as a share of its load [1] (``unserved_max``); 0 =
        the whole load is served; None (default) = no limit (value of lost load only).
    capacity_min : numpy.ndarray, optional
        Lower bound of each asset's capacity in each year beyond ``existing`` [MW, MWh], shape
        ``(4, years)`` in the order of :data:`ASSETS` (the assure loop's adequacy cuts,
        ``docs/model.md`` §6); clipped to ``maximum``. None (default) = ``existing`` only.
    storage_min_share : float
        Storage power ≥ this × (W + S) [1]; 0 = off.
    storage_min_hours : float
        Storage energy ≥ storage_min_share × this × (W + S) [h]; 0 = off.
    year_labels : tuple of int, optional
        Calendar year of each model year (for tables and messages); default 0, 1, ...
    period_hours : int, optional
        Typical periods (``docs/tsa.md``): the modelled hours of a year are ``hours //
        period_hours`` representative periods of this many hours each [h]. None (default) = the
        modelled hours are one chronological sequence (the LP of ``docs/model.md`` §5 unchanged).
    day_sequence : numpy.ndarray, optional
        With ``period_hours``: index of the representative period that stands for each real
        period of the year, shape ``(years, periods_per_year)`` (365 days for daily periods).
        Storage then links the representative periods through this sequence (Kotzur et al.
        2018); ``weight`` should count how many real periods each representative one stands for.
    step_hours : numpy.ndarray, optional
        Chronological segments (``docs/segments.md``): duration n of each modelled step [h], shape
        ``(years, hours)``; the flows of a step are its average power [MW] and the state of
        charge moves by the step's energy (storage_soc with n). None (default) = every step is
        one hour. Not together with ``period_hours``; ``weight`` should equal it.
    step_import_price_per_mwh : numpy.ndarray, optional
        Import price of each modelled step [currency/MWh], shape ``(years, hours)`` (the
        hour-weighted time-of-use price of a segment); None (default) = the price of
        ``hour_of_day``.
    """

    load_mw: np.ndarray
    wind_cf: np.ndarray
    solar_cf: np.ndarray
    weight: np.ndarray | None = None
    hour_of_day: np.ndarray | None = None
    existing: np.ndarray | Sequence[float] | None = None
    maximum: np.ndarray | Sequence[float] | None = None
    capex_per_unit: np.ndarray | Sequence[float] | None = None
    fixed_om_share: np.ndarray | Sequence[float] | None = None
    lifetime_years: np.ndarray | Sequence[float] | None = None
    discount_rate: float = 0.0
    charge_efficiency: float = 1.0
    discharge_efficiency: float = 1.0
    min_soc: float = 0.0
    self_discharge_per_hour: float = 0.0
    coal_mw: float = 0.0
    coal_min_load_share: float = 0.0
    coal_fuel_cost_per_mwh: float = 0.0
    import_max_mw: float = 0.0
    export_max_mw: float = 0.0
    import_price_per_mwh: np.ndarray | Sequence[float] | float = 0.0
    export_price_per_mwh: float = 0.0
    voll_per_mwh: float = 0.0
    target_share: np.ndarray | Sequence[float | None] | None = None
    min_renewable_utilisation: float | Sequence[float] | np.ndarray | None = None
    max_unserved_share: float | None = None
    capacity_min: np.ndarray | Sequence | None = None
    storage_min_share: float = 0.0
    storage_min_hours: float = 0.0
    year_labels: tuple[int, ...] | None = field(default=None)
    period_hours: int | None = None
    day_sequence: np.ndarray | Sequence | None = None
    step_hours: np.ndarray | Sequence | None = None
    step_import_price_per_mwh: np.ndarray | Sequence | None = None

    def __post_init__(self) -> None:
        """Check shapes and values; normalise every array (read-only numpy, float)."""
        s = object.__setattr__
        load = _as_2d("load_mw", self.load_mw, None)
        shape = load.shape
        s(self, "load_mw", load)
        s(self, "wind_cf", _as_2d("wind_cf", self.wind_cf, shape))
        s(self, "solar_cf", _as_2d("solar_cf", self.solar_cf, shape))
        w = np.ones(shape) if self.weight is None else self.weight
        s(self, "weight", _as_2d("weight", w, shape))
        if np.any(self.weight < 0):
            raise ValueError("weight must be ≥ 0")
        hod = np.arange(shape[1]) % 24 if self.hour_of_day is None else self.hour_of_day
        hod = np.array(hod, dtype=np.int64).reshape(-1)
        if hod.shape != (shape[1],) or np.any((hod < 0) | (hod > 23)):
            raise ValueError(f"hour_of_day needs {shape[1]} values in 0..23")
        hod.setflags(write=False)
        s(self, "hour_of_day", hod)
        s(self, "existing", _per_asset("existing", self.existing, 0.0))
        s(self, "maximum", _per_asset("maximum", self.maximum, np.inf))
        s(self, "capex_per_unit", _per_asset("capex_per_unit", self.capex_per_unit, 0.0))
        s(self, "fixed_om_share", _per_asset("fixed_om_share", self.fixed_om_share, 0.0))
        s(self, "lifetime_years", _per_asset("lifetime_years", self.lifetime_years, 20.0))
        if np.any(self.existing < 0) or np.any(self.maximum < self.existing):
            raise ValueError("need 0 ≤ existing ≤ maximum for every asset")
        if np.any(self.lifetime_years <= 0):
            raise ValueError("lifetime_years must be > 0")
        price = np.array(np.broadcast_to(np.asarray(self.import_price_per_mwh, dtype=float), (24,)))
        price.setflags(write=False)
        s(self, "import_price_per_mwh", price)
        if self.target_share is None:
            tgt = np.full(shape[0], np.nan)
        else:
            tgt = np.array([np.nan if v is None else float(v) for v in np.ravel(self.target_share)])
            if tgt.shape != (shape[0],):
                raise ValueError(f"target_share needs {shape[0]} values (one per year)")
        tgt.setflags(write=False)
        s(self, "target_share", tgt)
        labels = tuple(range(shape[0])) if self.year_labels is None else tuple(self.year_labels)
        if len(labels) != shape[0]:
            raise ValueError(f"year_labels needs {shape[0]} values")
        s(self, "year_labels", tuple(int(v) for v in labels))
        if not (0 < self.charge_efficiency <= 1 and 0 < self.discharge_efficiency <= 1):
            raise ValueError("efficiencies must be in (0, 1]")
        if not 0 <= self.self_discharge_per_hour < 1:
            raise ValueError("self_discharge_per_hour must be in [0, 1)")
        if self.coal_mw < 0 or self.import_max_mw < 0 or self.export_max_mw < 0:
            raise ValueError("coal_mw, import_max_mw and export_max_mw must be ≥ 0")
        self._check_periods(shape)
        self._check_steps(shape)
        self._check_rules(shape)

    def _check_rules(self, shape: tuple[int, int]) -> None:
        """Normalise the utilisation floors, the unserved limit and the capacity lower bounds."""
        u = self.min_renewable_utilisation
        if u is not None:
            arr = np.array(np.broadcast_to(np.asarray(u, dtype=float), (shape[0],)))
            if np.any(arr[np.isfinite(arr)] < 0) or np.any(arr[np.isfinite(arr)] > 1):
                raise ValueError("min_renewable_utilisation must be in [0, 1]")
            arr.setflags(write=False)
            object.__setattr__(self, "min_renewable_utilisation", arr)
        if self.max_unserved_share is not None and not 0 <= self.max_unserved_share <= 1:
            raise ValueError("max_unserved_share must be in [0, 1]")
        if self.capacity_min is not None:
            cm = np.array(self.capacity_min, dtype=float, ndmin=2)
            if cm.shape != (len(ASSETS), shape[0]) or np.any(np.isnan(cm)):
                raise ValueError(f"capacity_min must have shape ({len(ASSETS)}, {shape[0]})")
            cm = np.minimum(np.maximum(cm, self.existing[:, None]), self.maximum[:, None])
            cm.setflags(write=False)
            object.__setattr__(self, "capacity_min", cm)

    def _check_steps(self, shape: tuple[int, int]) -> None:
        """Validate ``step_hours`` and ``step_import_price_per_mwh``."""
        if self.step_hours is not None:
            if self.period_hours is not None:
                raise ValueError("step_hours and period_hours exclude each other")
            n = _as_2d("step_hours", self.step_hours, shape)
            if np.any(n <= 0):
                raise ValueError("step_hours must be > 0")
            object.__setattr__(self, "step_hours", n)
        if self.step_import_price_per_mwh is not None:
            price = _as_2d("step_import_price_per_mwh", self.step_import_price_per_mwh, shape)
            object.__setattr__(self, "step_import_price_per_mwh", price)

    def _check_periods(self, shape: tuple[int, int]) -> None:
        """Validate ``period_hours`` and ``day_sequence`` (both or neither)."""
        if self.period_hours is None and self.day_sequence is None:
            return
        if self.period_hours is None or self.day_sequence is None:
            raise ValueError("period_hours and day_sequence go together")
        ph = int(self.period_hours)
        if ph < 1 or shape[1] % ph:
            raise ValueError(f"period_hours must divide the {shape[1]} modelled hours")
        seq = np.array(self.day_sequence, dtype=np.int64, ndmin=2)
        n_rep = shape[1] // ph
        if seq.ndim != 2 or seq.shape[0] != shape[0] or seq.shape[1] < 1:
            raise ValueError(f"day_sequence must have shape (years={shape[0]}, days)")
        if np.any((seq < 0) | (seq >= n_rep)):
            raise ValueError(f"day_sequence values must be in 0..{n_rep - 1}")
        seq.setflags(write=False)
        object.__setattr__(self, "period_hours", ph)
        object.__setattr__(self, "day_sequence", seq)

    # ---- shape and switches --------------------------------------------------------------------
    @property
    def years(self) -> int:
        """Number of model years."""
        return self.load_mw.shape[0]

    @property
    def hours(self) -> int:
        """Modelled hours per year."""
        return self.load_mw.shape[1]

    @property
    def has_storage(self) -> bool:
        """Whether storage can exist (both energy and power may be above 0)."""
        return bool(self.maximum[2] > 0 and self.maximum[3] > 0)

    @property
    def has_periods(self) -> bool:
        """Whether the modelled hours are representative periods linked by ``day_sequence``."""
        return self.period_hours is not None

    @property
    def periods(self) -> int:
        """Representative periods per year (0 without typical periods)."""
        return self.hours // self.period_hours if self.has_periods else 0

    @property
    def days(self) -> int:
        """Real periods per year in ``day_sequence`` (0 without typical periods)."""
        return self.day_sequence.shape[1] if self.has_periods else 0

    @property
    def has_coal(self) -> bool:
        """Whether the park has a captive coal plant."""
        return self.coal_mw > 0

    @property
    def has_import(self) -> bool:
        """Whether the park may import."""
        return self.import_max_mw > 0

    @property
    def has_export(self) -> bool:
        """Whether the park may export."""
        return self.export_max_mw > 0

    @property
    def has_steps(self) -> bool:
        """Whether the modelled steps are chronological segments of ``step_hours``."""
        return self.step_hours is not None

    def import_price_steps(self) -> np.ndarray:
        """Import price of every modelled step [currency/MWh], shape ``(years, hours)``."""
        if self.step_import_price_per_mwh is not None:
            return self.step_import_price_per_mwh
        price = self.import_price_per_mwh[self.hour_of_day]
        return np.broadcast_to(price, (self.years, self.hours))

    def with_targets(self, target_share: Sequence[float | None] | np.ndarray | None) -> LPData:
        """Return a copy with other yearly targets [1] (NaN or None = no target row)."""
        return dataclasses.replace(self, target_share=target_share)

    def with_rules(
        self,
        *,
        target_share: Sequence[float | None] | np.ndarray | None = None,
        min_renewable_utilisation: Sequence[float] | np.ndarray | None = None,
        capacity_min: np.ndarray | None = None,
    ) -> LPData:
        """Return a copy with other yearly targets, utilisation floors or capacity lower bounds.

        Arguments left at None keep this instance's values (the assure loop's repairs).
        """
        changes: dict = {}
        if target_share is not None:
            changes["target_share"] = target_share
        if min_renewable_utilisation is not None:
            changes["min_renewable_utilisation"] = min_renewable_utilisation
        if capacity_min is not None:
            changes["capacity_min"] = capacity_min
        return dataclasses.replace(self, **changes)

    def capacity_lower(self) -> np.ndarray:
        """Lower bound of every capacity [MW, MWh], shape ``(4, years)``."""
        if self.capacity_min is not None:
            return self.capacity_min
        return np.repeat(self.existing[:, None], self.years, axis=1)

    def weighted_load_mwh(self) -> np.ndarray:
        """Σ_t weight·L of each year [MWh], shape ``(years,)``."""
        return (self.weight * self.load_mw).sum(axis=1)


def annuity_factor(discount_rate: float, lifetime_years: float | np.ndarray) -> np.ndarray:
    """Capital recovery factor r / (1 − (1 + r)^−n); 1/n when r = 0 [1/yr].

    Parameters
    ----------
    discount_rate : float
        r [1/yr].
    lifetime_years : float or numpy.ndarray
        n [yr].
    """
    n = np.asarray(lifetime_years, dtype=float)
    r = float(discount_rate)
    if r == 0.0:
        return 1.0 / n
    return r / (1.0 - (1.0 + r) ** (-n))


def annualised_cost_per_unit(data: LPData) -> np.ndarray:
    """Yearly cost of one unit of new capacity: (annuity + fixed O&M share)·capex [currency/MW/yr].

    Returns
    -------
    numpy.ndarray
        Four values in the order of :data:`ASSETS` (per MW, MW, MWh, MW).
    """
    ann = annuity_factor(data.discount_rate, data.lifetime_years)
    return (ann + data.fixed_om_share) * data.capex_per_unit


def discount_factors(data: LPData) -> np.ndarray:
    """(1 + r)^−y of each model year y = 0, 1, ... [1]."""
    return (1.0 + data.discount_rate) ** (-np.arange(data.years, dtype=float))


def check_lp_components(scenario: Scenario) -> None:
    """Refuse a park with components the optimiser does not size yet.

    Several stores, flexible processes, curtailable loads and a coal retrofit option are in the
    rule-based dispatch (``simulate``) but not yet in the LP; sizing such a park would ignore
    them and give a plan for another park, so it is an input error naming the field.

    Raises
    ------
    InputError
        Naming the scenario file and the first such field.
    """
    found = None
    if len(scenario.stores) > 1:
        found = "storage"
    elif scenario.processes:
        found = "processes"
    elif scenario.curtailable_loads:
        i = scenario.loads.index(scenario.curtailable_loads[0])
        found = f"loads[{i}].curtailable_mw"
    elif scenario.has_retrofit:
        found = "coal.retrofit_min_load_share"
    if found is not None:
        raise InputError(
            scenario.label,
            found,
            "the optimiser does not size parks with several stores, flexible processes, "
            "curtailable loads or a coal retrofit option yet; check a plan for it with "
            "`parkbalance simulate`",
        )


def lp_data_from_scenario(scenario: Scenario, profiles: Profiles) -> LPData:
    """Fill :class:`LPData` from a scenario and its hourly profiles.

    Parameters
    ----------
    scenario : Scenario
        The park.
    profiles : Profiles
        Hourly load [MW] and capacity factors [1], ``years * 8760`` values each.

    Returns
    -------
    LPData
        Every hour of every year with weight 1; targets from ``scenario.target_shares()``.
    """
    ny, nh = scenario.years, HOURS_PER_YEAR
    if profiles.load_mw.shape != (ny * nh,):
        raise ValueError(f"profiles cover {profiles.load_mw.shape[0]} hours, expected {ny * nh}")
    check_lp_components(scenario)
    w, so, st = scenario.wind, scenario.solar, scenario.store
    inf = np.inf

    def mx(v: float | None) -> float:
        return inf if v is None else float(v)

    coal = scenario.coal
    pol = scenario.policy
    # the carbon price on coal and import CO2 (docs/model.md §5) is part of their cost per MWh
    carbon = scenario.finance.carbon_price_per_t
    return LPData(
        load_mw=np.asarray(profiles.load_mw, dtype=float).reshape(ny, nh),
        wind_cf=np.asarray(profiles.wind_cf, dtype=float).reshape(ny, nh),
        solar_cf=np.asarray(profiles.solar_cf, dtype=float).reshape(ny, nh),
        hour_of_day=np.arange(nh) % 24,
        existing=[w.existing_mw, so.existing_mw, st.existing_mwh, st.existing_mw],
        maximum=[mx(w.max_mw), mx(so.max_mw), mx(st.max_mwh), mx(st.max_mw)],
        capex_per_unit=[
            1000.0 * w.capex_per_kw,
            1000.0 * so.capex_per_kw,
            1000.0 * st.capex_per_kwh,
            1000.0 * st.capex_per_kw,
        ],
        fixed_om_share=[w.fixed_om_share, so.fixed_om_share, st.fixed_om_share, st.fixed_om_share],
        lifetime_years=[w.lifetime_years, so.lifetime_years, st.lifetime_years, st.lifetime_years],
        discount_rate=scenario.finance.discount_rate,
        charge_efficiency=st.charge_efficiency,
        discharge_efficiency=st.discharge_efficiency,
        min_soc=st.min_soc,
        self_discharge_per_hour=st.self_discharge_per_hour,
        coal_mw=coal.capacity_mw if coal else 0.0,
        coal_min_load_share=coal.min_load_share if coal else 0.0,
        coal_fuel_cost_per_mwh=(
            coal.fuel_cost_per_mwh + carbon * coal.co2_t_per_mwh if coal else 0.0
        ),
        import_max_mw=scenario.grid.import_max_mw,
        export_max_mw=scenario.grid.export_max_mw,
        import_price_per_mwh=[
            p + carbon * scenario.grid.co2_t_per_mwh for p in scenario.grid.import_price_by_hour()
        ],
        export_price_per_mwh=scenario.grid.export_price_per_mwh,
        voll_per_mwh=pol.voll_per_mwh,
        target_share=scenario.target_shares(),
        min_renewable_utilisation=pol.min_renewable_utilisation,
        max_unserved_share=pol.max_unserved_share,
        storage_min_share=pol.storage_min_share,
        storage_min_hours=pol.storage_min_hours,
        year_labels=tuple(scenario.calendar_years),
    )


# ---- the model ---------------------------------------------------------------------------------


def _lin(args: list) -> LinearExpression:
    """Linear expression from VarData and MonomialTermExpression((coef, var)) arguments."""
    return LinearExpression(args)


def _eq(args: list, rhs: float) -> EqualityExpression:
    return EqualityExpression((LinearExpression(args), rhs))


def _le(args: list, rhs: float) -> InequalityExpression:
    return InequalityExpression((LinearExpression(args), rhs), False)


def _ge(args: list, rhs: float) -> InequalityExpression:
    return InequalityExpression((rhs, LinearExpression(args)), False)


def build_model(
    data: LPData, objective: Literal["cost", "max_share"] = "cost"
) -> pyo.ConcreteModel:
    """Build the sizing LP of ``docs/model.md`` §5 as one Pyomo model.

    Parameters
    ----------
    data : LPData
        Inputs.
    objective : {"cost", "max_share"}
        ``"cost"``: minimise the discounted cost subject to the yearly targets.
        ``"max_share"``: same constraints without the target rows; maximise the sum over years
        of each year's renewable share (every year with equal weight).

    Returns
    -------
    pyomo.environ.ConcreteModel
        Sets ``Y`` (years 0..), ``T`` (hours 0..), ``A`` (:data:`ASSETS`); variables ``cap[a, y]``
        and the hourly variables of :data:`HOURLY_VARIABLES` that the data switch on; one
        constraint component per equation family; objective ``objective``.
    """
    if objective not in ("cost", "max_share"):
        raise ValueError(f"objective must be 'cost' or 'max_share', not {objective!r}")
    m = pyo.ConcreteModel(name="parkbalance_sizing")
    with PauseGC():
        _add_sets(m, data)
        cap, hv = _add_variables(m, data)
        _add_renewable_split(m, data, cap, hv)
        _add_balance(m, data, hv)
        _add_storage(m, data, cap, hv)
        _add_capacity_nondecreasing(m, data)
        if objective == "cost":
            _add_target(m, data, hv)
        _add_utilisation_min(m, data, cap, hv)
        _add_unserved_max(m, data, hv)
        _add_storage_minimum(m, data, cap)
        _add_rule_rows(m, data, cap, hv)
        if objective == "cost":
            _add_cost_objective(m, data, hv)
        else:
            _add_share_objective(m, data, hv)
    return m


def _add_sets(m: pyo.ConcreteModel, data: LPData) -> None:
    m.Y = pyo.Set(initialize=range(data.years), ordered=True, doc="model years y = 0, 1, ...")
    m.T = pyo.Set(initialize=range(data.hours), ordered=True, doc="hours of a year t = 0, 1, ...")
    m.A = pyo.Set(initialize=ASSETS, ordered=True, doc="capacity assets a")
    if data.has_periods and data.has_storage:
        m.P = pyo.Set(initialize=range(data.periods), ordered=True, doc="representative periods")
        m.D = pyo.Set(initialize=range(data.days), ordered=True, doc="real periods of a year")


def _add_variables(m: pyo.ConcreteModel, data: LPData) -> tuple[dict, dict]:
    """Create cap[a, y] and the hourly variables; return per-asset lists and flat hourly lists.

    Constant limits are variable bounds: ``capacity_existing`` and ``capacity_max`` on cap,
    ``export_max``, ``import_max``, ``coal_min`` and ``coal_max`` on e, i and g.
    """
    lower = data.capacity_lower()
    lo = {a: lower[j].tolist() for j, a in enumerate(ASSETS)}
    hi = dict(zip(ASSETS, [None if np.isinf(v) else v for v in data.maximum.tolist()], strict=True))
    m.cap = pyo.Var(
        m.A,
        m.Y,
        bounds=lambda m, a, y: (lo[a][y], hi[a]),
        doc="capacity of asset a in year y [MW or MWh] (capacity_existing ≤ cap ≤ capacity_max)",
    )
    cap = {a: [m.cap[a, y] for y in range(data.years)] for a in ASSETS}
    present = {
        "direct_mw": (0.0, None),
        "charge_mw": (0.0, None) if data.has_storage else None,
        "discharge_mw": (0.0, None) if data.has_storage else None,
        # with typical periods soc is the intra-period SOC relative to the period start (free)
        "soc_mwh": ((None, None) if data.has_periods else (0.0, None))
        if data.has_storage
        else None,
        "export_mw": (0.0, data.export_max_mw) if data.has_export else None,  # export_max
        "curtailed_mw": (0.0, None),
        "coal_mw": (data.coal_min_load_share * data.coal_mw, data.coal_mw)  # coal_min, coal_max
        if data.has_coal
        else None,
        "import_mw": (0.0, data.import_max_mw) if data.has_import else None,  # import_max
        # unserved_max with a zero share: u_t ≤ 0 in every hour (a bound, no row)
        "unserved_mw": (0.0, 0.0) if data.max_unserved_share == 0 else (0.0, None),
    }
    hv = {}
    for name, bounds in present.items():
        if bounds is None:
            continue
        var = pyo.Var(m.Y, m.T, bounds=bounds, doc=f"{HOURLY_VARIABLES[name]} [MW or MWh]")
        m.add_component(name, var)
        hv[name] = list(var.values())  # flat, index y * hours + t
    if data.has_periods and data.has_storage:
        m.soc_inter_mwh = pyo.Var(
            m.Y, m.D, bounds=(0.0, None), doc="SOC at the start of real period d [MWh]"
        )
        m.soc_intra_max_mwh = pyo.Var(m.Y, m.P, doc="highest intra-period SOC of period p [MWh]")
        m.soc_intra_min_mwh = pyo.Var(m.Y, m.P, doc="lowest intra-period SOC of period p [MWh]")
    return cap, hv


def _add_renewable_split(m: pyo.ConcreteModel, data: LPData, cap: dict, hv: dict) -> None:
    """renewable_split[y, t]: d + c + e + k − w[t]·W_y − s[t]·S_y = 0."""
    outs = [hv[n] for n in ("direct_mw", "charge_mw", "export_mw", "curtailed_mw") if n in hv]
    wcf, scf = (-data.wind_cf).tolist(), (-data.solar_cf).tolist()
    wind, solar = cap["wind_mw"], cap["solar_mw"]
    nt = data.hours

    def rule(m: pyo.ConcreteModel, y: int, t: int) -> EqualityExpression:
        i = y * nt + t
        args = [v[i] for v in outs]
        if wcf[y][t]:
            args.append(_MT((wcf[y][t], wind[y])))
        if scf[y][t]:
            args.append(_MT((scf[y][t], solar[y])))
        return _eq(args, 0.0)

    m.renewable_split = pyo.Constraint(m.Y, m.T, rule=rule, doc="d + c + e + k = W_y w_t + S_y s_t")


def _add_balance(m: pyo.ConcreteModel, data: LPData, hv: dict) -> None:
    """balance[y, t]: d + q + g + i + u = L[t]."""
    ins = [
        hv[n]
        for n in ("direct_mw", "discharge_mw", "coal_mw", "import_mw", "unserved_mw")
        if n in hv
    ]
    load = data.load_mw.tolist()
    nt = data.hours

    def rule(m: pyo.ConcreteModel, y: int, t: int) -> EqualityExpression:
        i = y * nt + t
        return _eq([v[i] for v in ins], load[y][t])

    m.balance = pyo.Constraint(m.Y, m.T, rule=rule, doc="d + q + g + i + u = L_t")


def _add_storage(m: pyo.ConcreteModel, data: LPData, cap: dict, hv: dict) -> None:
    """storage_soc, soc_min, soc_max, charge_max, discharge_max (only when storage can exist)."""
    if not data.has_storage:
        return
    soc, c, q = hv["soc_mwh"], hv["charge_mw"], hv["discharge_mw"]
    energy, power = cap["storage_mwh"], cap["storage_mw"]
    nt = data.hours
    keep = 1.0 - data.self_discharge_per_hour
    eta_c = data.charge_efficiency
    inv_eta_d = 1.0 / data.discharge_efficiency
    if data.has_periods:
        _add_period_storage(m, data, cap, hv)
        _add_power_limits(m, data, power, c, q)
        return

    if data.has_steps:  # a step of n hours: decay (1 − σ)^n, flows for g_n = Σ_j (1 − σ)^j
        n = data.step_hours
        decay = (keep**n).tolist()
        g = (n if keep == 1.0 else (1.0 - keep**n) / (1.0 - keep)).tolist()
    else:
        decay = g = None

    def storage_soc(m: pyo.ConcreteModel, y: int, t: int) -> EqualityExpression:
        i = y * nt + t
        prev = i - 1 if t > 0 else y * nt + nt - 1  # cyclic within the year
        kt, gt = (keep, 1.0) if g is None else (decay[y][t], g[y][t])
        return _eq(
            [soc[i], _MT((-kt, soc[prev])), _MT((-eta_c * gt, c[i])), _MT((inv_eta_d * gt, q[i]))],
            0.0,
        )

    m.storage_soc = pyo.Constraint(
        m.Y, m.T, rule=storage_soc, doc="soc_t = (1 − σ) soc_{t−1} + η_c c_t − q_t / η_d, cyclic"
    )
    min_soc = data.min_soc
    if min_soc > 0:

        def soc_min(m: pyo.ConcreteModel, y: int, t: int) -> InequalityExpression:
            return _ge([soc[y * nt + t], _MT((-min_soc, energy[y]))], 0.0)

        m.soc_min = pyo.Constraint(m.Y, m.T, rule=soc_min, doc="soc_t ≥ min_soc · E_y")

    def soc_max(m: pyo.ConcreteModel, y: int, t: int) -> InequalityExpression:
        return _le([soc[y * nt + t], _MT((-1.0, energy[y]))], 0.0)

    m.soc_max = pyo.Constraint(m.Y, m.T, rule=soc_max, doc="soc_t ≤ E_y")
    _add_power_limits(m, data, power, c, q)


def _add_power_limits(m: pyo.ConcreteModel, data: LPData, power: list, c: list, q: list) -> None:
    """charge_max[y, t]: c ≤ P_y and discharge_max[y, t]: q ≤ P_y."""
    nt = data.hours

    def charge_max(m: pyo.ConcreteModel, y: int, t: int) -> InequalityExpression:
        return _le([c[y * nt + t], _MT((-1.0, power[y]))], 0.0)

    def discharge_max(m: pyo.ConcreteModel, y: int, t: int) -> InequalityExpression:
        return _le([q[y * nt + t], _MT((-1.0, power[y]))], 0.0)

    m.charge_max = pyo.Constraint(m.Y, m.T, rule=charge_max, doc="c_t ≤ P_y")
    m.discharge_max = pyo.Constraint(m.Y, m.T, rule=discharge_max, doc="q_t ≤ P_y")


def _add_period_storage(m: pyo.ConcreteModel, data: LPData, cap: dict, hv: dict) -> None:
    """Storage over typical periods linked through the year's period sequence (Kotzur 2018).

    ``soc_mwh[y, t]`` is the intra-period SOC relative to the start of its representative period
    p = t // period_hours; ``soc_inter_mwh[y, d]`` the SOC at the start of real period d. Families
    (``docs/tsa.md``):

    * ``storage_soc[y, t]``: soc_t = (1 − σ)·soc_{t−1}·[t not first in p] + η_c c_t − q_t/η_d
    * ``soc_intra_max[y, t]``: soc_t ≤ smax[y, p]; ``soc_intra_min[y, t]``: soc_t ≥ smin[y, p]
    * ``soc_inter_link[y, d]``: S[d + 1] = (1 − σ)^H·S[d] + soc[y, last hour of rep(d)],
      cyclic (S[D] = S[0])
    * ``soc_inter_max[y, d]``: S[d] + smax[y, rep(d)] ≤ E_y
    * ``soc_inter_min[y, d]``: (1 − σ)^H·S[d] + smin[y, rep(d)] ≥ m·E_y
    """
    soc, c, q = hv["soc_mwh"], hv["charge_mw"], hv["discharge_mw"]
    energy = cap["storage_mwh"]
    nt, ph = data.hours, data.period_hours
    keep = 1.0 - data.self_discharge_per_hour
    keep_period = keep**ph
    eta_c = data.charge_efficiency
    inv_eta_d = 1.0 / data.discharge_efficiency
    min_soc = data.min_soc
    seq = data.day_sequence.tolist()
    nd = data.days
    smax = [[m.soc_intra_max_mwh[y, p] for p in range(data.periods)] for y in range(data.years)]
    smin = [[m.soc_intra_min_mwh[y, p] for p in range(data.periods)] for y in range(data.years)]
    inter = [[m.soc_inter_mwh[y, d] for d in range(nd)] for y in range(data.years)]

    def storage_soc(m: pyo.ConcreteModel, y: int, t: int) -> EqualityExpression:
        i = y * nt + t
        args = [soc[i], _MT((-eta_c, c[i])), _MT((inv_eta_d, q[i]))]
        if t % ph:
            args.append(_MT((-keep, soc[i - 1])))
        return _eq(args, 0.0)

    m.storage_soc = pyo.Constraint(
        m.Y,
        m.T,
        rule=storage_soc,
        doc="soc_t = (1 − σ) soc_{t−1} + η_c c_t − q_t / η_d, from 0 at each period start",
    )

    def intra_max(m: pyo.ConcreteModel, y: int, t: int) -> InequalityExpression:
        return _le([soc[y * nt + t], _MT((-1.0, smax[y][t // ph]))], 0.0)

    def intra_min(m: pyo.ConcreteModel, y: int, t: int) -> InequalityExpression:
        return _ge([soc[y * nt + t], _MT((-1.0, smin[y][t // ph]))], 0.0)

    m.soc_intra_max = pyo.Constraint(m.Y, m.T, rule=intra_max, doc="soc_t ≤ smax[p(t)]")
    m.soc_intra_min = pyo.Constraint(m.Y, m.T, rule=intra_min, doc="soc_t ≥ smin[p(t)]")

    def inter_link(m: pyo.ConcreteModel, y: int, d: int) -> EqualityExpression:
        last = y * nt + seq[y][d] * ph + ph - 1
        nxt = inter[y][(d + 1) % nd]
        if nd == 1:  # one real period: S = keep^H·S + Δ
            return _eq([_MT((1.0 - keep_period, nxt)), _MT((-1.0, soc[last]))], 0.0)
        return _eq([nxt, _MT((-keep_period, inter[y][d])), _MT((-1.0, soc[last]))], 0.0)

    m.soc_inter_link = pyo.Constraint(
        m.Y, m.D, rule=inter_link, doc="S[d+1] = (1 − σ)^H S[d] + soc[rep(d), H − 1], cyclic"
    )

    def inter_max(m: pyo.ConcreteModel, y: int, d: int) -> InequalityExpression:
        return _le([inter[y][d], smax[y][seq[y][d]], _MT((-1.0, energy[y]))], 0.0)

    def inter_min(m: pyo.ConcreteModel, y: int, d: int) -> InequalityExpression:
        args = [_MT((keep_period, inter[y][d])), smin[y][seq[y][d]]]
        if min_soc > 0:
            args.append(_MT((-min_soc, energy[y])))
        return _ge(args, 0.0)

    m.soc_inter_max = pyo.Constraint(m.Y, m.D, rule=inter_max, doc="S[d] + smax[rep(d)] ≤ E_y")
    m.soc_inter_min = pyo.Constraint(
        m.Y, m.D, rule=inter_min, doc="(1 − σ)^H S[d] + smin[rep(d)] ≥ min_soc · E_y"
    )


def _add_capacity_nondecreasing(m: pyo.ConcreteModel, data: LPData) -> None:
    """capacity_nondecreasing[a, y]: cap[a, y] − cap[a, y − 1] ≥ 0 for y ≥ 1."""
    if data.years < 2:
        return
    m.Y_after_first = pyo.Set(initialize=range(1, data.years), ordered=True)

    def rule(m: pyo.ConcreteModel, a: str, y: int) -> InequalityExpression:
        return _ge([m.cap[a, y], _MT((-1.0, m.cap[a, y - 1]))], 0.0)

    m.capacity_nondecreasing = pyo.Constraint(
        m.A, m.Y_after_first, rule=rule, doc="cap[a, y] ≥ cap[a, y − 1]"
    )


def _yearly_sum_args(data: LPData, flat: list, y: int, coef: np.ndarray | None = None) -> list:
    """Arguments of Σ_t coef_t·weight[y, t]·x[y, t] (zero coefficients left out)."""
    nt = data.hours
    wy = data.weight[y] if coef is None else data.weight[y] * coef
    xs = flat[y * nt : (y + 1) * nt]
    if np.all(wy == 1.0):
        return list(xs)
    return [_MT((float(cw), x)) for cw, x in zip(wy.tolist(), xs, strict=True) if cw]


def _add_target(m: pyo.ConcreteModel, data: LPData, hv: dict) -> None:
    """target[y]: Σ_t weight·(d + q) ≥ target_y · Σ_t weight·L (years with a target only)."""
    years = [y for y in range(data.years) if np.isfinite(data.target_share[y])]
    if not years:
        return
    load = data.weighted_load_mwh()
    m.Y_target = pyo.Set(initialize=years, ordered=True, doc="years with a target")

    def rule(m: pyo.ConcreteModel, y: int) -> InequalityExpression:
        args = _yearly_sum_args(data, hv["direct_mw"], y)
        if "discharge_mw" in hv:
            args += _yearly_sum_args(data, hv["discharge_mw"], y)
        return _ge(args, float(data.target_share[y] * load[y]))

    m.target = pyo.Constraint(m.Y_target, rule=rule, doc="Σ_t (d + q) ≥ target_y Σ_t L")


def _add_utilisation_min(m: pyo.ConcreteModel, data: LPData, cap: dict, hv: dict) -> None:
    """utilisation_min[y]: Σ_t k ≤ (1 − u_min)·Σ_t (W_y·w + S_y·s) (weighted sums)."""
    u_min = data.min_renewable_utilisation
    if u_min is None or not np.isfinite(u_min).any():
        return
    years = [y for y in range(data.years) if np.isfinite(u_min[y])]
    m.Y_utilisation = pyo.Set(initialize=years, ordered=True, doc="years with a floor")
    wsum = (data.weight * data.wind_cf).sum(axis=1)
    ssum = (data.weight * data.solar_cf).sum(axis=1)

    def rule(m: pyo.ConcreteModel, y: int) -> InequalityExpression:
        args = _yearly_sum_args(data, hv["curtailed_mw"], y)
        args.append(_MT((-(1.0 - u_min[y]) * float(wsum[y]), cap["wind_mw"][y])))
        args.append(_MT((-(1.0 - u_min[y]) * float(ssum[y]), cap["solar_mw"][y])))
        return _le(args, 0.0)

    m.utilisation_min = pyo.Constraint(
        m.Y_utilisation, rule=rule, doc="Σ_t k ≤ (1 − u_min,y) Σ_t (W_y w_t + S_y s_t)"
    )


def _add_unserved_max(m: pyo.ConcreteModel, data: LPData, hv: dict) -> None:
    """unserved_max[y]: Σ_t weight·u ≤ ū · Σ_t weight·L (adequacy; ū = 0 is a bound on u)."""
    share = data.max_unserved_share
    if share is None or share == 0:
        return
    load = data.weighted_load_mwh()

    def rule(m: pyo.ConcreteModel, y: int) -> InequalityExpression:
        return _le(_yearly_sum_args(data, hv["unserved_mw"], y), float(share * load[y]))

    m.unserved_max = pyo.Constraint(m.Y, rule=rule, doc="Σ_t u ≤ ū Σ_t L")


def _add_storage_minimum(m: pyo.ConcreteModel, data: LPData, cap: dict) -> None:
    """storage_energy_min[y] and storage_power_min[y] (policy: storage per MW of renewables)."""
    share, hours = data.storage_min_share, data.storage_min_hours
    if share <= 0:
        return
    wind, solar = cap["wind_mw"], cap["solar_mw"]
    if hours > 0:
        k = share * hours

        def energy_rule(m: pyo.ConcreteModel, y: int) -> InequalityExpression:
            return _ge([cap["storage_mwh"][y], _MT((-k, wind[y])), _MT((-k, solar[y]))], 0.0)

        m.storage_energy_min = pyo.Constraint(
            m.Y, rule=energy_rule, doc="E_y ≥ share · hours · (W_y + S_y)"
        )

    def power_rule(m: pyo.ConcreteModel, y: int) -> InequalityExpression:
        return _ge([cap["storage_mw"][y], _MT((-share, wind[y])), _MT((-share, solar[y]))], 0.0)

    m.storage_power_min = pyo.Constraint(m.Y, rule=power_rule, doc="P_y ≥ share · (W_y + S_y)")


def _add_cost_objective(m: pyo.ConcreteModel, data: LPData, hv: dict) -> None:
    """Objective: Σ_y (1+r)^−y [Σ_a k_a (cap[a, y] − existing_a) + Σ_t weight·(operating cost)]."""
    df = discount_factors(data)
    k = annualised_cost_per_unit(data)
    args: list = []
    constant = -float(np.sum(df) * np.dot(k, data.existing))
    for y in range(data.years):
        for j, a in enumerate(ASSETS):
            if k[j]:
                args.append(_MT((float(df[y] * k[j]), m.cap[a, y])))
    shape = (data.years, data.hours)
    hourly_costs = {
        "import_mw": data.import_price_steps(),
        "coal_mw": np.full(shape, data.coal_fuel_cost_per_mwh),
        "export_mw": np.full(shape, -data.export_price_per_mwh),
        "unserved_mw": np.full(shape, data.voll_per_mwh),
    }
    for name, cost in hourly_costs.items():
        if name not in hv or not np.any(cost):
            continue
        for y in range(data.years):
            args += _yearly_sum_args(data, hv[name], y, coef=df[y] * cost[y])
    if constant:
        args.insert(0, constant)
    m.objective = pyo.Objective(expr=_lin(args), sense=pyo.minimize)


def _add_share_objective(m: pyo.ConcreteModel, data: LPData, hv: dict) -> None:
    """Objective (max_share): maximise Σ_y Σ_t weight·(d + q) / Σ_t weight·L."""
    load = data.weighted_load_mwh()
    args: list = []
    for y in range(data.years):
        if load[y] <= 0:
            continue
        scale = np.full(data.hours, 1.0 / load[y])
        args += _yearly_sum_args(data, hv["direct_mw"], y, coef=scale)
        if "discharge_mw" in hv:
            args += _yearly_sum_args(data, hv["discharge_mw"], y, coef=scale)
    m.objective = pyo.Objective(expr=_lin(args), sense=pyo.maximize)


def _add_rule_rows(m: pyo.ConcreteModel, data: LPData, cap: dict, hv: dict) -> None:
    """rule_<id>[y]: the hard rules of the scenario's rule sets (:mod:`solvers.lp_rules`)."""
    from solvers.lp_rules import add_rule_rows

    add_rule_rows(m, data, cap, hv)
