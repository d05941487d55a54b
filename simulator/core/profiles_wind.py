"""Synthesised wind: hub-height speed, the turbine and farm power curves, the speed scale.

Method: :mod:`simulator.core.profiles`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from simulator.core.profiles_weather import _monthly, _season_day, ar1_gaussian
from simulator.core.scenario import HOURS_PER_YEAR

__all__ = [
    "calibrate_wind_scale",
    "synth_wind_speed_m_s",
    "turbine_power_curve_cf",
    "wind_farm_power_curve_cf",
]

# --- wind parameters -------------------------------------------------------------------------
WEIBULL_SHAPE = 2.0
WIND_PHI_SLOW = 0.97
WIND_PHI_FAST = 0.7
WIND_SLOW_SHARE = 0.8
# Monthly relative mean speed (Inner Mongolia: windy spring, calm late summer).
WIND_SEASON_MONTHLY = (1.02, 1.04, 1.14, 1.24, 1.18, 1.00, 0.84, 0.80, 0.88, 0.98, 1.04, 1.02)
CUT_IN_M_S = 3.0
RATED_M_S = 11.5
CUT_OUT_M_S = 25.0
FARM_SPEED_SPREAD = 0.10
FARM_AVAILABILITY = 0.97


def turbine_power_curve_cf(
    speed_m_s: np.ndarray,
    cut_in_m_s: float = CUT_IN_M_S,
    rated_m_s: float = RATED_M_S,
    cut_out_m_s: float = CUT_OUT_M_S,
) -> np.ndarray:
    r"""Power of one turbine over its rating [1]: cubic between cut-in and rated speed.

    .. math:: P(v) = \frac{v^3 - v_{in}^3}{v_r^3 - v_{in}^3}\ (v_{in} \le v < v_r),\quad
              1\ (v_r \le v < v_{out}),\quad 0\ \text{otherwise}

    Parameters
    ----------
    speed_m_s : numpy.ndarray
        Hub-height wind speed [m/s].
    cut_in_m_s, rated_m_s, cut_out_m_s : float
        Cut-in, rated and cut-out speeds [m/s].

    Returns
    -------
    numpy.ndarray
        Capacity factor [1].
    """
    v = np.asarray(speed_m_s, dtype=np.float64)
    ramp = (v**3 - cut_in_m_s**3) / (rated_m_s**3 - cut_in_m_s**3)
    p = np.where(v < rated_m_s, ramp, 1.0)
    return np.where((v < cut_in_m_s) | (v >= cut_out_m_s), 0.0, p)


@functools.lru_cache(maxsize=8)
def _farm_curve_table(spread: float, availability: float) -> tuple[np.ndarray, np.ndarray]:
    grid = np.arange(0.0, 60.0 + 1e-9, 0.02)
    nodes, weights = np.polynomial.hermite_e.hermegauss(21)
    weights = weights / weights.sum()
    factor = np.maximum(1.0 + spread * nodes, 0.0)
    cf = availability * (turbine_power_curve_cf(np.outer(grid, factor)) @ weights)
    for a in (grid, cf):
        a.setflags(write=False)
    return grid, cf


def wind_farm_power_curve_cf(
    speed_m_s: np.ndarray,
    spread: float = FARM_SPEED_SPREAD,
    availability: float = FARM_AVAILABILITY,
) -> np.ndarray:
    r"""Power of a wind farm over its rating [1]: turbine curve smoothed over the farm.

    .. math:: P_{farm}(v) = A\;E_{\varepsilon \sim N(0,1)}\left[P(v\,(1 + \sigma\varepsilon))\right]

    evaluated with 21-node Gauss–Hermite quadrature on a 0.02 m/s table.

    Parameters
    ----------
    speed_m_s : numpy.ndarray
        Farm-mean hub-height wind speed [m/s].
    spread : float
        Relative standard deviation σ of the speed across the turbines [1].
    availability : float
        Technical availability and electrical losses A [1].

    Returns
    -------
    numpy.ndarray
        Capacity factor [1], in [0, availability].
    """
    grid, cf = _farm_curve_table(float(spread), float(availability))
    return np.interp(speed_m_s, grid, cf)


def synth_wind_speed_m_s(
    rng: np.random.Generator,
    weibull_scale_m_s: float,
    latitude_deg: float = 40.0,
    solar_hour: np.ndarray | None = None,
    n_hours: int = HOURS_PER_YEAR,
    weibull_shape: float = WEIBULL_SHAPE,
) -> np.ndarray:
    r"""Synthesise hourly hub-height wind speed: persistent, Weibull, seasonal and diurnal.

    .. math:: z = \sqrt{0.8}\,a_{0.97} + \sqrt{0.2}\,a_{0.7},\qquad
              v = c\,[-\ln\Phi(-z)]^{1/k}\,\frac{m_s(d)\,m_d(h)}{\overline{m_s m_d}}

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness (slow then fast AR(1) innovations).
    weibull_scale_m_s : float
        Weibull scale c [m/s]; the speed is proportional to it.
    latitude_deg : float
        Latitude [deg N] (selects the hemisphere of the seasonal table).
    solar_hour : numpy.ndarray or None
        Local solar time of each hour mid-point [h]; default ``h % 24 + 0.5``.
    n_hours : int
        Number of hours from 1 January 00:00 [h].
    weibull_shape : float
        Weibull shape k [1].

    Returns
    -------
    numpy.ndarray
        Wind speed [m/s].
    """
    z = np.sqrt(WIND_SLOW_SHARE) * ar1_gaussian(n_hours, WIND_PHI_SLOW, rng)
    z += np.sqrt(1.0 - WIND_SLOW_SHARE) * ar1_gaussian(n_hours, WIND_PHI_FAST, rng)
    from scipy.special import log_ndtr  # here: parks with measured profiles skip scipy

    w = (-log_ndtr(-z)) ** (1.0 / weibull_shape)
    h = np.arange(n_hours)
    if solar_hour is None:
        solar_hour = h % 24 + 0.5
    day = _season_day((h + 0.5) / 24.0, latitude_deg)
    m = _monthly(WIND_SEASON_MONTHLY, day) * (
        1.0
        + 0.07 * np.cos(2.0 * np.pi * (solar_hour - 1.0) / 24.0)
        + 0.03 * np.cos(4.0 * np.pi * (solar_hour - 16.0) / 24.0)
    )
    return weibull_scale_m_s * w * (m / m.mean())


def calibrate_wind_scale(
    unit_speed: np.ndarray,
    target_sum: float,
    power_curve: Callable[[np.ndarray], np.ndarray] = wind_farm_power_curve_cf,
) -> float:
    """Weibull scale ``c`` with ``sum(power_curve(c * unit_speed)) == target_sum`` (Brent).

    The bracket is found by stepping ``c`` up by 20 % from 1 m/s; then :func:`scipy.optimize.brentq`
    refines it to 1e-13 m/s.

    Parameters
    ----------
    unit_speed : numpy.ndarray
        Wind speed for a Weibull scale of 1 m/s [m/s per m/s].
    target_sum : float
        Wanted yearly sum of the capacity factor (full-load hours) [h].
    power_curve : callable
        Speed [m/s] to capacity factor [1].

    Returns
    -------
    float
        Weibull scale [m/s].

    Raises
    ------
    ValueError
        If no scale up to 60 m/s gives that many full-load hours.
    """
    from scipy.optimize import brentq  # here: parks with measured profiles skip scipy

    def f(c: float) -> float:
        return float(power_curve(c * unit_speed).sum()) - target_sum

    lo, best = 0.0, -target_sum
    c = 1.0
    while c <= 60.0:
        f_c = f(c)
        if f_c >= 0.0:
            return float(brentq(f, lo, c, xtol=1e-13, rtol=4.0 * np.finfo(float).eps))
        lo, best = c, max(best, f_c)
        c *= 1.2
    raise ValueError(
        f"{target_sum:g} full-load hours cannot be reached by the synthesised wind "
        f"(at most about {best + target_sum:.0f})"
    )
