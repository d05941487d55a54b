"""Weather helpers of the synthesised profiles, and the air temperature.

Seed words, the Gaussian AR(1) of every synthesised series, monthly tables read by day of year,
local solar time, and :func:`synth_temperature_c` (method: :mod:`simulator.core.profiles`).
"""

from __future__ import annotations

import numpy as np

from simulator.core.scenario import HOURS_PER_YEAR

__all__ = ["DAYS_PER_YEAR", "ar1_gaussian", "synth_temperature_c"]

#: Days in a model year (8760 h / 24).
DAYS_PER_YEAR = HOURS_PER_YEAR // 24

# --- temperature parameters ------------------------------------------------------------------
# |latitude| [deg] -> annual mean [C] and half of the July-January difference [C].
_T_LAT_DEG = (0.0, 10.0, 20.0, 30.0, 39.6, 50.0, 60.0, 90.0)
_T_MEAN_C = (27.0, 27.0, 24.0, 16.5, 4.0, -2.0, -5.0, -20.0)
_T_HALF_RANGE_C = (1.0, 1.5, 7.0, 12.0, 19.0, 23.0, 20.0, 20.0)
T_DIURNAL_HALF_RANGE_C = 5.5

_MONTH_MID_DAY = (
    np.cumsum([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30])
    + np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]) / 2.0
)


def _u64(x: int) -> int:
    """Map any Python int to a SeedSequence word (non-negative)."""
    return int(x) % (1 << 64)


def ar1_gaussian(n: int, phi: float, rng: np.random.Generator) -> np.ndarray:
    r"""Stationary Gaussian AR(1) series with unit variance.

    .. math:: a_t = \phi\,a_{t-1} + \sqrt{1-\phi^2}\,e_t,\qquad a_0 \sim N(0, 1)

    Parameters
    ----------
    n : int
        Length [steps].
    phi : float
        Lag-1 autocorrelation [1], in [0, 1).
    rng : numpy.random.Generator
        Source of the innovations ``e``.

    Returns
    -------
    numpy.ndarray
        ``n`` values [1].
    """
    e = rng.standard_normal(n)
    e[0] /= np.sqrt(1.0 - phi * phi)
    # The recursion in plain floats, in the order of scipy.signal.lfilter([s], [1, -phi], e)
    # (y_t = phi*y_{t-1} + s*e_t, no fused multiply-add): the same bits, without importing
    # scipy.signal (about 0.5 s, paid even by parks whose profiles are all measured, for the
    # temperature). A few ms per year of hours.
    y = 0.0
    out = (np.sqrt(1.0 - phi * phi) * e).tolist()
    for t, x in enumerate(out):
        y = phi * y + x
        out[t] = y
    return np.array(out, dtype=np.float64)


def _season_day(day: np.ndarray, latitude_deg: float) -> np.ndarray:
    """Day of year to read seasonal tables with: shifted half a year south of the equator."""
    return day + (182.5 if latitude_deg < 0 else 0.0)


def _monthly(values: tuple[float, ...], day: np.ndarray) -> np.ndarray:
    """Periodic linear interpolation of 12 mid-month values at ``day`` (0-based day of year)."""
    return np.interp(day, _MONTH_MID_DAY, values, period=365.0)


def _solar_hour(hours: np.ndarray, longitude_deg: float, utc_offset_h: float) -> np.ndarray:
    """Local mean solar time of hour mid-points [h], equation of time neglected."""
    return np.mod(hours % 24 + 0.5 + (longitude_deg - 15.0 * utc_offset_h) / 15.0, 24.0)


# =============================================================================================
# temperature
# =============================================================================================
def synth_temperature_c(
    latitude_deg: float,
    rng: np.random.Generator,
    n_hours: int = HOURS_PER_YEAR,
    solar_hour: np.ndarray | None = None,
    daily_clear_sky_index: np.ndarray | None = None,
) -> np.ndarray:
    r"""Hourly outdoor air temperature with season, daily cycle and weather anomalies [C].

    .. math:: T = \bar T - A\cos\frac{2\pi(d - 16.5)}{365} + D\,(0.4 + 0.6k_d)
              \cos\frac{2\pi(h - 15)}{24} + \epsilon_{day} + \epsilon_{hour}

    :math:`\bar T` and :math:`A` are interpolated in :math:`|\varphi|` from an East-Asian
    continental table (4 °C and 19 °C at 39.6°: −15 °C January, +23 °C July).

    Parameters
    ----------
    latitude_deg : float
        Latitude [deg N].
    rng : numpy.random.Generator
        Source of the daily and hourly anomalies.
    n_hours : int
        Number of hours from 1 January 00:00 local time [h].
    solar_hour : numpy.ndarray or None
        Local solar time of each hour mid-point [h]; default ``h % 24 + 0.5``.
    daily_clear_sky_index : numpy.ndarray or None
        Clear-sky index per day [1]; cloudy days get a smaller daily range. Default: all 1.

    Returns
    -------
    numpy.ndarray
        Air temperature [C].
    """
    h = np.arange(n_hours)
    if solar_hour is None:
        solar_hour = h % 24 + 0.5
    abs_lat = abs(latitude_deg)
    mean_c = np.interp(abs_lat, _T_LAT_DEG, _T_MEAN_C)
    half_range_c = np.interp(abs_lat, _T_LAT_DEG, _T_HALF_RANGE_C)
    t_day = (h + 0.5) / 24.0
    season = mean_c - half_range_c * np.cos(
        2.0 * np.pi * (_season_day(t_day, latitude_deg) - 16.5) / 365.0
    )
    n_days = -(-n_hours // 24)
    kd = np.ones(n_days) if daily_clear_sky_index is None else daily_clear_sky_index
    diurnal = (
        T_DIURNAL_HALF_RANGE_C
        * (0.4 + 0.6 * kd[h // 24])
        * np.cos(2.0 * np.pi * (solar_hour - 15.0) / 24.0)
    )
    daily_anom = 3.0 * ar1_gaussian(n_days, 0.7, rng)
    anom = np.interp(t_day, np.arange(n_days) + 0.5, daily_anom)
    anom += 0.6 * ar1_gaussian(n_hours, 0.8, rng)
    return season + diurnal + anom
