"""parkbalance: hourly balance, sizing and sensitivity studies for low- and zero-carbon parks.

Public API
----------
load_scenario(name_or_path) -> Scenario
simulate(scenario, wind_mw=..., solar_mw=..., storage_mwh=..., storage_mw=...) -> SimulationResult
build_profiles(scenario, weather_year=0) -> Profiles
sweep(scenario, grid, ...) -> xarray.Dataset
"""

from simulator.errors import InputError, ParkbalanceError
from simulator.profiles import Profiles, build_profiles
from simulator.scenario import Scenario, builtin_scenarios, load_scenario
from simulator.simulate import SimulationResult, simulate
from simulator.sweep import sweep

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
