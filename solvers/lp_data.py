"""The sizing LP's inputs: :class:`LPData` (plain numpy arrays) and the cost helpers.

:class:`LPData` holds every number the LP of ``docs/model.md`` §5 reads, grouped by component
(renewables, storage, coal, grid, loads, curtailable loads, policy), so that tests and the time
aggregations (typical days, segments) build the same model from their own arrays.
:func:`solvers.lp_scenario.lp_data_from_scenario` fills it from a scenario.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from simulator.core.vocabulary import ASSET_NAMES, COAL_MIN_ASSET, LP_FLOWS, asset_terms, term
from solvers.lp_items import StoreParams, check_processes, check_stores

__all__ = [
    "ASSETS",
    "HOURLY_VARIABLES",
    "LPData",
    "StoreParams",
    "annualised_cost_per_unit",
    "annuity_factor",
    "discount_factors",
    "retrofit_cost_per_mw",
]

#: Capacity assets of the LP's ``cap[a, y]``, in the order of every per-asset array of
#: :class:`LPData` (wind [MW], solar [MW], storage energy [MWh], storage power [MW]).
ASSETS: tuple[str, ...] = ASSET_NAMES

#: Hourly variables of the model: Pyomo name → symbol of ``docs/model.md`` §5 (all ≥ 0 but soc of
#: typical periods); each is the flow of the same symbol
#: (:data:`simulator.core.vocabulary.LP_FLOWS`). The (y, t) variables only; components' other
#: variables (``load_curtailed_mw[l, y, t]``, ``coal_min_load_mw[y]``) are in
#: :mod:`solvers.lp_families`.
HOURLY_VARIABLES: dict[str, str] = {v: term(f).symbol for v, f in LP_FLOWS.items()}


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


def _per_asset(
    name: str, a: np.ndarray | Sequence | float, fill: float, n: int = len(ASSETS)
) -> np.ndarray:
    if a is None:
        arr = np.full(n, fill)
    else:
        arr = np.array(np.broadcast_to(np.asarray(a, dtype=float), (n,)))
    if np.any(np.isnan(arr)):
        raise ValueError(f"{name} must not contain NaN")
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class LPData:
    """Everything the sizing LP needs, as plain numbers and numpy arrays.

    Per-asset arrays have one entry per capacity of :attr:`assets`, by default the 4 of
    :data:`ASSETS` ``(wind_mw, solar_mw, storage_mwh, storage_mw)``; with several stores or
    flexible processes :func:`simulator.core.vocabulary.asset_terms` of ``store_names`` and
    ``process_names`` (wind, solar, each store's energy and power, each process's capacity and
    buffer).

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
    charge_efficiency, discharge_efficiency : float or sequence of float
        η_c, η_d [1]; one value per store with several stores (:meth:`store`).
    min_soc : float or sequence of float
        Lowest state of charge as a share of the energy capacity [1], per store.
    self_discharge_per_hour : float or sequence of float
        Share of stored energy lost each hour [1/h], per store.
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
        ``(assets, years)`` in the order of :attr:`assets` (the assure loop's adequacy cuts,
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
    curtailable_mw : numpy.ndarray, optional
        Curtailable loads (可中断负荷): the power each can drop in an hour [MW], shape
        ``(loads,)``; None or empty (default) = none (the family ``curtail_*`` is not built).
    curtail_cost_per_mwh : numpy.ndarray, optional
        Cost of each curtailed MWh of each curtailable load [currency/MWh], shape ``(loads,)``.
    curtail_budget_mwh : numpy.ndarray, optional
        Largest curtailed energy per year of each curtailable load [MWh], shape ``(loads,)``;
        ``inf`` = no yearly limit (default).
    curtailable_names : tuple of str, optional
        Names of the curtailable loads (for the hourly table's ``NAME_curtailed_mw`` columns).
    coal_retrofit_min_load_share : float, optional
        Coal flexibility retrofit: the lowest minimum load reachable as a share of C [1]
        (≤ ``coal_min_load_share``); the minimum load m_y of each year is then a decision
        ``coal_min_load_mw[y]`` in [this·C, coal_min_load_share·C], never rising. None (default)
        = no retrofit option (m_y = coal_min_load_share·C, a bound on g).
    coal_retrofit_capex_per_mw : float
        Cost of the full retrofit depth per MW of coal capacity [currency/MW] (1000 × the per-kW
        figure), pro rata for a partial depth.
    coal_retrofit_lifetime_years : float
        Economic lifetime of the retrofit for its annuity [yr].
    store_names : tuple of str, optional
        Names of the stores in dispatch order (``docs/model.md`` §5, stores indexed by
        technology); None (default) = one store ``storage`` (capacities ``storage_mwh``,
        ``storage_mw``). With several stores the four store parameters above take one value
        per store.
    process_names : tuple of str, optional
        Names of the flexible processes (``[[processes]]``); None or empty (default) = none.
    process_demand_mwh : numpy.ndarray, optional
        Product demand D_t of each process [MWh per hour, energy equivalent], shape
        ``(processes, years, hours)`` (the mean of a step with segments).
    process_min_load_share : sequence of float, optional
        λ of each process: lowest power as a share of its capacity [1] (default 0).
    process_shortfall_cost_per_mwh : sequence of float, optional
        Cost of each MWh of product demand not met, per process [currency/MWh] (default 0).
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
    curtailable_mw: np.ndarray | Sequence[float] | None = None
    curtail_cost_per_mwh: np.ndarray | Sequence[float] | None = None
    curtail_budget_mwh: np.ndarray | Sequence[float] | None = None
    curtailable_names: tuple[str, ...] | None = None
    coal_retrofit_min_load_share: float | None = None
    coal_retrofit_capex_per_mw: float = 0.0
    coal_retrofit_lifetime_years: float = 15.0
    store_names: tuple[str, ...] | None = None
    process_names: tuple[str, ...] | None = None
    process_demand_mwh: np.ndarray | Sequence | None = None
    process_min_load_share: np.ndarray | Sequence[float] | None = None
    process_shortfall_cost_per_mwh: np.ndarray | Sequence[float] | None = None

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
        check_stores(self)
        check_processes(self, shape)
        n = len(self.assets)
        s(self, "existing", _per_asset("existing", self.existing, 0.0, n))
        s(self, "maximum", _per_asset("maximum", self.maximum, np.inf, n))
        s(self, "capex_per_unit", _per_asset("capex_per_unit", self.capex_per_unit, 0.0, n))
        s(self, "fixed_om_share", _per_asset("fixed_om_share", self.fixed_om_share, 0.0, n))
        s(self, "lifetime_years", _per_asset("lifetime_years", self.lifetime_years, 20.0, n))
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
        if self.coal_mw < 0 or self.import_max_mw < 0 or self.export_max_mw < 0:
            raise ValueError("coal_mw, import_max_mw and export_max_mw must be ≥ 0")
        self._check_periods(shape)
        self._check_steps(shape)
        self._check_rules(shape)
        self._check_curtailable()
        self._check_retrofit()

    def _check_curtailable(self) -> None:
        """Normalise the curtailable loads' arrays (one value per load)."""
        cap = np.array([] if self.curtailable_mw is None else self.curtailable_mw, float).ravel()
        n = cap.size

        def per_load(name: str, value: object, fill: float) -> np.ndarray:
            # None or empty (a copy of data without such loads) = the default of every load
            empty = value is None or np.size(value) == 0
            a = np.full(n, fill) if empty else np.array(value, float).ravel()
            if a.shape != (n,) or np.any(np.isnan(a)) or np.any(a < 0):
                raise ValueError(f"{name} needs {n} values ≥ 0 (one per curtailable load)")
            a.setflags(write=False)
            return a

        object.__setattr__(self, "curtailable_mw", per_load("curtailable_mw", cap, 0.0))
        for name, fill in (("curtail_cost_per_mwh", 0.0), ("curtail_budget_mwh", np.inf)):
            object.__setattr__(self, name, per_load(name, getattr(self, name), fill))
        if not np.all(np.isfinite(self.curtailable_mw)):
            raise ValueError("curtailable_mw must be finite")
        names = self.curtailable_names
        if names is not None and len(names) != n:
            names = None if len(names) == 0 or n == 0 else names
            if names is not None:
                raise ValueError(f"curtailable_names needs {n} names")
        object.__setattr__(self, "curtailable_names", None if names is None else tuple(names))

    def _check_retrofit(self) -> None:
        """Check the coal retrofit option against the coal plant."""
        r = self.coal_retrofit_min_load_share
        if r is None:
            return
        if not 0 <= r <= self.coal_min_load_share:
            raise ValueError("coal_retrofit_min_load_share must be in [0, coal_min_load_share]")
        if self.coal_retrofit_capex_per_mw < 0 or self.coal_retrofit_lifetime_years <= 0:
            raise ValueError("need coal_retrofit_capex_per_mw ≥ 0 and a lifetime > 0")

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
            na = len(self.assets)
            if cm.shape != (na, shape[0]) or np.any(np.isnan(cm)):
                raise ValueError(f"capacity_min must have shape ({na}, {shape[0]})")
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
    def assets(self) -> tuple[str, ...]:
        """Capacities of ``cap[a, y]`` in the order of every per-asset array."""
        if self.store_names is None and not self.process_names:
            return ASSETS
        stores = self.store_names or ("storage",)
        return tuple(t.name for t in asset_terms(stores, self.process_names or (), False))

    @property
    def stores(self) -> int:
        """Number of stores (1 without ``store_names``)."""
        return 1 if self.store_names is None else len(self.store_names)

    @property
    def processes(self) -> int:
        """Number of flexible processes."""
        return len(self.process_names or ())

    @property
    def has_processes(self) -> bool:
        """Whether the park has flexible processes (the ``process_*`` families)."""
        return self.processes > 0

    def store(self, j: int) -> StoreParams:
        """Parameters and capacity names of store ``j`` (list order)."""
        a = self.assets

        def pick(v: float | np.ndarray) -> float:
            return float(v) if np.ndim(v) == 0 else float(v[j])

        return StoreParams(
            energy=a[2 + 2 * j],
            power=a[3 + 2 * j],
            charge_efficiency=pick(self.charge_efficiency),
            discharge_efficiency=pick(self.discharge_efficiency),
            min_soc=pick(self.min_soc),
            self_discharge_per_hour=pick(self.self_discharge_per_hour),
        )

    def process_assets(self, r: int) -> tuple[str, str]:
        """Capacity [MW] and buffer [MWh] asset names of process ``r``."""
        k = 2 + 2 * self.stores + 2 * r
        return self.assets[k], self.assets[k + 1]

    @property
    def has_storage(self) -> bool:
        """Whether storage can exist (both energy and power of some store may be above 0)."""
        return any(
            self.maximum[2 + 2 * j] > 0 and self.maximum[3 + 2 * j] > 0 for j in range(self.stores)
        )

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
    def has_curtailable(self) -> bool:
        """Whether the park has curtailable loads."""
        return self.curtailable_mw.size > 0

    @property
    def has_retrofit(self) -> bool:
        """Whether the coal minimum load is a decision (a coal plant with a retrofit option)."""
        return self.has_coal and self.coal_retrofit_min_load_share is not None

    @property
    def asset_names(self) -> tuple[str, ...]:
        """Capacities of a plan of this LP: :attr:`assets` (+ ``coal_min_load_mw``)."""
        return self.assets + ((COAL_MIN_ASSET.name,) if self.has_retrofit else ())

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
        """Lower bound of every capacity [MW, MWh], shape ``(assets, years)``."""
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
        One value per asset of ``data.assets`` (per MW or MWh).
    """
    ann = annuity_factor(data.discount_rate, data.lifetime_years)
    return (ann + data.fixed_om_share) * data.capex_per_unit


def discount_factors(data: LPData) -> np.ndarray:
    """(1 + r)^−y of each model year y = 0, 1, ... [1]."""
    return (1.0 + data.discount_rate) ** (-np.arange(data.years, dtype=float))


def retrofit_cost_per_mw(data: LPData) -> float:
    """Yearly cost of one MW of retrofit depth, min_load_share·C − m_y [currency/MW/yr].

    The full depth (min_load_share − retrofit_min_load_share)·C costs
    ``coal_retrofit_capex_per_mw``·C, pro rata for a partial depth, as an annuity over
    ``coal_retrofit_lifetime_years``; 0 without a retrofit option or a depth of 0.
    """
    if not data.has_retrofit:
        return 0.0
    span = data.coal_min_load_share - data.coal_retrofit_min_load_share
    if span <= 0:
        return 0.0
    ann = float(annuity_factor(data.discount_rate, data.coal_retrofit_lifetime_years))
    return ann * data.coal_retrofit_capex_per_mw / span
