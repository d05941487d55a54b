"""Hourly profiles of a park: load [MW], wind and solar capacity factors [1].

PLACEHOLDER SHAPES — being replaced by the full synthesis (pvlib solar geometry, persistent wind,
load archetypes). The public interface below (``Profiles``, ``build_profiles``) is fixed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.scenario import HOURS_PER_YEAR, Scenario

__all__ = ["Profiles", "build_profiles"]


@dataclass(frozen=True)
class Profiles:
    """Hourly inputs of the dispatch for the whole horizon (``years * 8760`` values each).

    Attributes
    ----------
    load_mw : numpy.ndarray
        Total park load [MW].
    wind_cf : numpy.ndarray
        Wind capacity factor [1], in [0, 1].
    solar_cf : numpy.ndarray
        Solar capacity factor [1], in [0, 1].
    years : int
        Number of years.
    """

    load_mw: np.ndarray
    wind_cf: np.ndarray
    solar_cf: np.ndarray
    years: int

    @property
    def hours(self) -> int:
        """Number of hours in the horizon."""
        return self.years * HOURS_PER_YEAR


def build_profiles(scenario: Scenario, weather_year: int = 0) -> Profiles:
    """Build the hourly profiles of a scenario (placeholder implementation)."""
    n = scenario.years * HOURS_PER_YEAR
    t = np.arange(n)
    hod = t % 24
    rng = np.random.default_rng([scenario.seed, weather_year])
    solar = np.clip(np.sin((hod - 6) / 12 * np.pi), 0, None) * 0.9
    solar *= scenario.site.solar_full_load_hours / solar[:HOURS_PER_YEAR].sum()
    wind = np.clip(0.3 + 0.2 * np.sin(t / 50.0) + 0.1 * rng.standard_normal(n), 0, 1)
    wind *= scenario.site.wind_full_load_hours / wind[:HOURS_PER_YEAR].sum()
    load = np.zeros(n)
    for ld in scenario.loads:
        ann = scenario.annual_load_mwh(ld) or [8760.0] * scenario.years
        load += np.repeat(np.asarray(ann) / HOURS_PER_YEAR, HOURS_PER_YEAR)
    return Profiles(load, np.clip(wind, 0, 1), np.clip(solar, 0, 1), scenario.years)
