"""parkbalance: hourly balance, sizing and sensitivity studies for low- and zero-carbon parks.

Public API
----------
load_scenario(name_or_path) -> Scenario
simulate(scenario, wind_mw=..., solar_mw=..., storage_mwh=..., storage_mw=...) -> SimulationResult
build_profiles(scenario, weather_year=0) -> Profiles
sweep(scenario, grid, ...) -> xarray.Dataset

The names are imported on first use (PEP 562), so that ``import simulator`` and the command line
start without loading numba, pvlib and xarray until a command needs them.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

__all__ = [
    "InputError",
    "ParkbalanceError",
    "Profiles",
    "Scenario",
    "SimulationResult",
    "build_profiles",
    "builtin_scenarios",
    "load_scenario",
    "simulate",
    "sweep",
]

__version__ = "0.1.0"

#: Where each public name lives.
_HOMES = {
    "InputError": "simulator.core.errors",
    "ParkbalanceError": "simulator.core.errors",
    "Profiles": "simulator.core.profiles",
    "build_profiles": "simulator.core.profiles",
    "Scenario": "simulator.core.scenario",
    "builtin_scenarios": "simulator.core.scenario",
    "load_scenario": "simulator.core.scenario",
    "SimulationResult": "simulator.core.simulate",
    "simulate": "simulator.core.simulate",
    "sweep": "simulator.studies.sweep",
}


def lazy_namespace(module: str, homes: dict[str, str]) -> tuple[Any, Any]:
    """``__getattr__`` and ``__dir__`` of a package whose public names load on first use.

    Parameters
    ----------
    module : str
        The package (``"simulator"``, ``"solvers"``).
    homes : dict
        Public name → the module that defines it.
    """
    namespace = sys.modules[module].__dict__

    def getattr_(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return sorted(set(namespace) | set(namespace.get("__all__", ())))

    return getattr_, dir_


__getattr__, __dir__ = lazy_namespace(__name__, _HOMES)


