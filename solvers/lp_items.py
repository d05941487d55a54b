"""Stores and flexible processes of :class:`~solvers.lp_data.LPData`: their checks and parameters.

Several stores (indexed by technology) and flexible processes with product buffers
(``docs/model.md`` §5) add per-item numbers to the LP's inputs; this module normalises and checks
them, so that :mod:`solvers.lp_data` keeps the LP's shared inputs only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from solvers.lp_data import LPData

__all__ = ["StoreParams", "check_processes", "check_stores"]

#: The store parameters that take one value per store with several stores.
STORE_FIELDS = ("charge_efficiency", "discharge_efficiency", "min_soc", "self_discharge_per_hour")


class StoreParams(NamedTuple):
    """One store of the LP.

    Attributes
    ----------
    energy, power : str
        Its capacity names in ``cap[a, y]`` (``storage_mwh``/``storage_mw``, ``lds_mwh``/...).
    charge_efficiency, discharge_efficiency : float
        η_c, η_d [1].
    min_soc : float
        Lowest state of charge as a share of the energy capacity [1].
    self_discharge_per_hour : float
        σ, share of stored energy lost each hour [1/h].
    """

    energy: str
    power: str
    charge_efficiency: float
    discharge_efficiency: float
    min_soc: float
    self_discharge_per_hour: float


def check_stores(data: LPData) -> None:
    """Normalise the store parameters: scalars for one store, one value per store otherwise."""
    names = data.store_names
    if names is not None:
        names = tuple(str(n) for n in names)
        if not names or len(set(names)) != len(names):
            raise ValueError("store_names needs one or more distinct names")
        object.__setattr__(data, "store_names", names)
    n = 1 if names is None else len(names)
    for name in STORE_FIELDS:
        v = getattr(data, name)
        if np.ndim(v) == 0:
            arr = np.asarray(float(v))
            if n > 1:
                arr = np.full(n, float(v))
        else:
            arr = np.array(v, dtype=float).ravel()
            if arr.shape != (n,):
                raise ValueError(f"{name} needs {n} values (one per store)")
        arr.setflags(write=False)
        object.__setattr__(data, name, float(arr) if arr.ndim == 0 else arr)
    eta = np.concatenate([np.ravel(data.charge_efficiency), np.ravel(data.discharge_efficiency)])
    if not np.all((eta > 0) & (eta <= 1)):
        raise ValueError("efficiencies must be in (0, 1]")
    sd = np.ravel(data.self_discharge_per_hour)
    if not np.all((sd >= 0) & (sd < 1)):
        raise ValueError("self_discharge_per_hour must be in [0, 1)")
    ms = np.ravel(data.min_soc)
    if not np.all((ms >= 0) & (ms <= 1)):
        raise ValueError("min_soc must be in [0, 1]")


def check_processes(data: LPData, shape: tuple[int, int]) -> None:
    """Normalise the flexible processes' arrays (demand ``(processes, years, hours)``, λ, cost)."""
    names = tuple(str(n) for n in (data.process_names or ()))
    n = len(names)
    s = object.__setattr__
    s(data, "process_names", names or None)
    if data.process_demand_mwh is None:
        demand = np.zeros((n, *shape))
    else:
        demand = np.array(data.process_demand_mwh, dtype=float).reshape(-1, *shape)
    if demand.shape != (n, *shape) or not np.all(np.isfinite(demand)) or np.any(demand < 0):
        raise ValueError(f"process_demand_mwh needs shape ({n}, {shape[0]}, {shape[1]}), ≥ 0")
    demand.setflags(write=False)
    s(data, "process_demand_mwh", demand)
    for name, lo, hi in (("process_min_load_share", 0.0, 1.0),
                         ("process_shortfall_cost_per_mwh", 0.0, np.inf)):  # fmt: skip
        v = getattr(data, name)
        a = np.zeros(n) if v is None or np.size(v) == 0 else np.array(v, dtype=float).ravel()
        if a.shape != (n,) or np.any(np.isnan(a)) or np.any(a < lo) or np.any(a > hi):
            raise ValueError(f"{name} needs {n} values in [{lo}, {hi}] (one per process)")
        a.setflags(write=False)
        s(data, name, a)
