"""Synthesised solar capacity factors: sun position, clear-sky index, plane of array, PV output.

Method: :mod:`simulator.core.profiles`.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np
import pandas as pd

from simulator.core.profiles_weather import DAYS_PER_YEAR, _monthly, _season_day, ar1_gaussian
from simulator.core.scenario import HOURS_PER_YEAR

__all__ = [
    "SolarGeometry",
    "calibrate_clipped_scale",
    "plane_of_array_w_m2",
    "pv_ac_unclipped",
    "solar_geometry",
    "synth_clear_sky_index",
]

# --- solar parameters ------------------------------------------------------------------------
SITE_ELEVATION_M = 1300.0
"""Elevation used for clear-sky air mass [m] (Ordos plateau; the scenario has no elevation key)."""
ALBEDO = 0.2
DC_AC_RATIO = 1.25
GAMMA_PDC_PER_C = -0.0037
NOCT_C = 45.0
DC_LOSSES = 0.14
INVERTER_EFFICIENCY = 0.96
# Monthly mean daily clear-sky index (Inner Mongolia: sunny spring/autumn, monsoon Jul-Aug).
CLEAR_SKY_INDEX_MONTHLY = (0.76, 0.76, 0.77, 0.78, 0.78, 0.72, 0.64, 0.65, 0.74, 0.79, 0.77, 0.75)
CLEAR_SKY_CONCENTRATION = 4.0
CLOUD_PHI_DAILY = 0.5
CLOUD_PHI_HOURLY = 0.8


class SolarGeometry(NamedTuple):
    """Sun position and clear sky at the hour mid-points of one year (read-only arrays).

    Attributes
    ----------
    zenith_deg, apparent_zenith_deg, azimuth_deg : numpy.ndarray
        Solar zenith, refraction-corrected zenith and azimuth (clockwise from north) [deg].
    dni_extra_w_m2 : numpy.ndarray
        Extraterrestrial normal irradiance [W/m2].
    ghi_clear_w_m2 : numpy.ndarray
        Clear-sky global horizontal irradiance, Ineichen–Perez [W/m2].
    day_of_year : numpy.ndarray
        1-based day of year [d].
    """

    zenith_deg: np.ndarray
    apparent_zenith_deg: np.ndarray
    azimuth_deg: np.ndarray
    dni_extra_w_m2: np.ndarray
    ghi_clear_w_m2: np.ndarray
    day_of_year: np.ndarray


@functools.lru_cache(maxsize=64)
def solar_geometry(
    latitude_deg: float,
    longitude_deg: float,
    utc_offset_h: float,
    year: int,
    elevation_m: float = SITE_ELEVATION_M,
) -> SolarGeometry:
    """Sun position and clear-sky GHI for the 8760 hour mid-points of a local year (cached).

    Parameters
    ----------
    latitude_deg : float
        Latitude [deg N].
    longitude_deg : float
        Longitude [deg E].
    utc_offset_h : float
        Local standard time minus UTC [h].
    year : int
        Calendar year; hour 0 starts 1 January 00:00 local time.
    elevation_m : float
        Site elevation for the air mass [m].

    Returns
    -------
    SolarGeometry
        Read-only arrays of 8760 values.
    """
    import pvlib  # imported on use (~0.8 s): measured solar profiles never need it

    start = pd.Timestamp(f"{year}-01-01 00:30", tz="UTC") - pd.Timedelta(hours=utc_offset_h)
    times = pd.date_range(start, periods=HOURS_PER_YEAR, freq="h")
    pos = pvlib.solarposition.ephemeris(times, latitude_deg, longitude_deg)
    app_zen = pos["apparent_zenith"].to_numpy(np.float64)
    doy = np.arange(HOURS_PER_YEAR) // 24 + 1
    dni_extra = np.asarray(pvlib.irradiance.get_extra_radiation(doy), dtype=np.float64)
    am_rel = pvlib.atmosphere.get_relative_airmass(app_zen)
    am_abs = pvlib.atmosphere.get_absolute_airmass(am_rel, pvlib.atmosphere.alt2pres(elevation_m))
    linke = pvlib.clearsky.lookup_linke_turbidity(times, latitude_deg, longitude_deg).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):  # night hours: air mass is NaN
        cs = pvlib.clearsky.ineichen(
            app_zen, am_abs, linke, altitude=elevation_m, dni_extra=dni_extra
        )
    ghi_clear = np.nan_to_num(np.asarray(cs["ghi"], dtype=np.float64), nan=0.0)
    ghi_clear[app_zen >= 90.0] = 0.0
    geo = SolarGeometry(
        zenith_deg=pos["zenith"].to_numpy(np.float64),
        apparent_zenith_deg=app_zen,
        azimuth_deg=pos["azimuth"].to_numpy(np.float64),
        dni_extra_w_m2=dni_extra,
        ghi_clear_w_m2=np.maximum(ghi_clear, 0.0),
        day_of_year=doy,
    )
    for a in geo:
        a.setflags(write=False)
    return geo


def synth_clear_sky_index(
    rng: np.random.Generator, latitude_deg: float = 40.0, n_days: int = DAYS_PER_YEAR
) -> tuple[np.ndarray, np.ndarray]:
    r"""Daily and hourly clear-sky index (GHI over clear-sky GHI) with persistent cloudiness.

    .. math:: k_d = B^{-1}\!\left(\Phi(a_d);\ \mu_m\nu,\ (1-\mu_m)\nu\right),\qquad
              k_h = \mathrm{clip}\left(k_d + 1.2\,k_d(1-k_d)\,a_h,\ 0.03,\ 1.08\right)

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness (two AR(1) series are drawn: days, then hours).
    latitude_deg : float
        Latitude [deg N]; south of the equator the monthly means are shifted half a year.
    n_days : int
        Number of days [d].

    Returns
    -------
    hourly : numpy.ndarray
        ``24 * n_days`` hourly clear-sky indices [1].
    daily : numpy.ndarray
        ``n_days`` daily clear-sky indices [1], in (0, 1).
    """
    day = _season_day(np.arange(n_days) + 0.5, latitude_deg)
    mean = _monthly(CLEAR_SKY_INDEX_MONTHLY, day)
    a_d = ar1_gaussian(n_days, CLOUD_PHI_DAILY, rng)
    from scipy.special import betaincinv, ndtr  # here: parks with measured profiles skip scipy

    u = np.clip(ndtr(a_d), 1e-9, 1.0 - 1e-9)
    nu = CLEAR_SKY_CONCENTRATION
    daily = np.clip(betaincinv(mean * nu, (1.0 - mean) * nu, u), 0.02, 0.999)
    a_h = ar1_gaussian(24 * n_days, CLOUD_PHI_HOURLY, rng)
    kd_h = np.repeat(daily, 24)
    hourly = np.clip(kd_h + 1.2 * kd_h * (1.0 - kd_h) * a_h, 0.03, 1.08)
    return hourly, daily


def plane_of_array_w_m2(
    geometry: SolarGeometry,
    clear_sky_index: np.ndarray,
    surface_tilt_deg: float,
    surface_azimuth_deg: float,
    albedo: float = ALBEDO,
) -> np.ndarray:
    """Irradiance on a fixed tilted plane under the given cloudiness [W/m2].

    GHI is the clear-sky index times clear-sky GHI; Erbs (1982) splits it into DNI and DHI;
    Hay–Davies transposes it to the plane.

    Parameters
    ----------
    geometry : SolarGeometry
        Sun position and clear sky of the year.
    clear_sky_index : numpy.ndarray
        Hourly GHI over clear-sky GHI [1].
    surface_tilt_deg : float
        Tilt from horizontal [deg].
    surface_azimuth_deg : float
        Azimuth the plane faces, clockwise from north [deg] (180 = south).
    albedo : float
        Ground reflectance [1].

    Returns
    -------
    numpy.ndarray
        Plane-of-array global irradiance [W/m2], zero at night.
    """
    import pvlib

    ghi = clear_sky_index * geometry.ghi_clear_w_m2
    split = pvlib.irradiance.erbs(ghi, geometry.zenith_deg, geometry.day_of_year)
    poa = pvlib.irradiance.get_total_irradiance(
        surface_tilt_deg,
        surface_azimuth_deg,
        geometry.apparent_zenith_deg,
        geometry.azimuth_deg,
        np.asarray(split["dni"]),
        ghi,
        np.asarray(split["dhi"]),
        dni_extra=geometry.dni_extra_w_m2,
        albedo=albedo,
        model="haydavies",
    )["poa_global"]
    poa = np.nan_to_num(np.asarray(poa, dtype=np.float64), nan=0.0)
    poa[geometry.ghi_clear_w_m2 <= 0.0] = 0.0
    return np.maximum(poa, 0.0)


def pv_ac_unclipped(
    poa_w_m2: np.ndarray,
    temp_air_c: np.ndarray,
    dc_ac_ratio: float = DC_AC_RATIO,
    gamma_pdc_per_c: float = GAMMA_PDC_PER_C,
    noct_c: float = NOCT_C,
    dc_losses: float = DC_LOSSES,
    inverter_efficiency: float = INVERTER_EFFICIENCY,
) -> np.ndarray:
    r"""PV output per unit of AC (inverter) rating before clipping [1] (PVWatts-like).

    .. math:: T_c = T_a + G\,(NOCT - 20)/800,\qquad
              P = \eta_{inv}\,r\,\frac{G}{1000}\,[1 + \gamma(T_c - 25)]\,(1 - L)

    Parameters
    ----------
    poa_w_m2 : numpy.ndarray
        Plane-of-array irradiance [W/m2].
    temp_air_c : numpy.ndarray
        Air temperature [C].
    dc_ac_ratio : float
        DC over AC rating [1].
    gamma_pdc_per_c : float
        Temperature coefficient of DC power [1/C].
    noct_c : float
        Nominal operating cell temperature [C].
    dc_losses : float
        Soiling, wiring, mismatch and other DC losses [1].
    inverter_efficiency : float
        Inverter efficiency [1].

    Returns
    -------
    numpy.ndarray
        AC output over AC rating, may exceed 1 (clipping is applied later) [1].
    """
    temp_cell_c = temp_air_c + poa_w_m2 * (noct_c - 20.0) / 800.0
    p_dc = dc_ac_ratio * poa_w_m2 / 1000.0 * (1.0 + gamma_pdc_per_c * (temp_cell_c - 25.0))
    return np.maximum(inverter_efficiency * (1.0 - dc_losses) * p_dc, 0.0)


def calibrate_clipped_scale(x: np.ndarray, target_sum: float) -> float:
    r"""Scale ``s`` with :math:`\sum_i \min(s\,x_i, 1) = ` ``target_sum``, solved exactly.

    Sort ``x`` descending; with the ``k`` largest clipped, :math:`f(s) = k + s\,S_k` where
    :math:`S_k` sums the rest. The break points :math:`f(1/x_k)` are increasing, so ``k`` is found
    with one ``searchsorted`` and ``s = (target - k) / S_k``.

    Parameters
    ----------
    x : numpy.ndarray
        Non-negative values before scaling and clipping [1].
    target_sum : float
        Wanted sum after scaling and clipping [1]; below the number of positive ``x``.

    Returns
    -------
    float
        The scale [1].

    Raises
    ------
    ValueError
        If the target cannot be reached (too few positive values).
    """
    xs = np.sort(x[x > 0.0])[::-1]
    n = xs.size
    if not 0.0 < target_sum < n:
        raise ValueError(f"sum {target_sum} cannot be reached with {n} positive values")
    tail = np.cumsum(xs[::-1])[::-1]  # tail[k] = sum of xs[k:]
    breaks = np.arange(n) + tail / xs  # f(1/xs[k])
    k = int(np.searchsorted(breaks, target_sum))
    return float((target_sum - k) / tail[k])
