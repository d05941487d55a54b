r"""Hourly profiles of a park: load [MW], wind and solar capacity factors [1].

A model year is 8760 consecutive hours from 1 January 00:00 *local standard time*
(``site.utc_offset_h``); leap days are not modelled, so a leap year simply ends at 30 December
23:00. Hour ``h`` stands for the interval ``[h, h+1)`` and is evaluated at its mid-point ``h+0.5``.
Horizon year ``y`` is calendar year ``start_year + y``.

Method
------
Randomness. Weather of horizon year ``y`` comes from
``SeedSequence([seed, weather_year, y])``, spawned into independent streams for wind, solar
(clouds) and air temperature; another ``weather_year`` gives another weather realisation. Loads use
``SeedSequence([seed, LOAD_STREAM, crc32(name), y])`` and so do not change with ``weather_year``;
only the cooling share of a data centre does, through the temperature.

Solar (fixed plane, tilt :math:`\beta = |\varphi| - 5°`, facing the equator).
Sun position from :func:`pvlib.solarposition.ephemeris` at the hour mid-points, clear-sky GHI from
Ineichen–Perez with the pvlib Linke-turbidity climatology (cached per site and year). A daily
clear-sky index :math:`k_d` is a Beta variable (mean :math:`\mu_m` from a monthly table: sunny
spring and autumn, cloudy July–August monsoon; concentration :math:`\nu = 4`) driven through the
probability integral transform by a Gaussian AR(1) across days (:math:`\phi_d = 0.5`). The hourly
index is :math:`k = \mathrm{clip}(k_d + 1.2\,k_d(1-k_d)\,z_h,\ 0.03,\ 1.08)` with :math:`z_h`
an hourly Gaussian AR(1) (:math:`\phi_h = 0.8`), so broken-cloud days vary most.
:math:`GHI = k\,GHI_{cs}` is split into DNI and DHI with Erbs (1982) and transposed with
Hay–Davies (albedo 0.2). Cell temperature :math:`T_c = T_a + G_{poa}(NOCT-20)/800`,

.. math:: P_{dc} = r_{dc/ac}\,\frac{G_{poa}}{1000}\,[1 + \gamma (T_c - 25)]\,(1 - L),\qquad
          CF = \min(s\,\eta_{inv} P_{dc},\ 1)

with :math:`r_{dc/ac} = 1.25`, :math:`\gamma = -0.0037/°C`, :math:`L = 0.14`,
:math:`\eta_{inv} = 0.96` (PVWatts). The scale :math:`s` (effective DC size) is solved exactly (sort
and cumulative sums, no iteration) so that :math:`\sum CF = ` ``solar_full_load_hours`` each year,
inverter clipping included. CF is zero when the sun is below the horizon.

Wind. Standard-normal :math:`z = \sqrt{0.8}\,a_{slow} + \sqrt{0.2}\,a_{fast}`, two hourly
AR(1) processes (:math:`\phi = 0.97` synoptic, :math:`0.7` gusty), mapped to a Weibull variable
(shape :math:`k = 2`) by :math:`w = [-\ln \Phi(-z)]^{1/k}`. Speed
:math:`v = c\,w\,m_s(d)\,m_d(h)/\overline{m}` with a monthly seasonal factor (Inner Mongolia: windy
March–May, calm July–August) and a diurnal factor at hub height
:math:`m_d = 1 + 0.07\cos(2\pi(h-1)/24) + 0.03\cos(4\pi(h-16)/24)` in local solar time (nocturnal
low-level jet, late-morning minimum when mixing starts, partial afternoon recovery). Lag-1
autocorrelation of the speed is about 0.91 (0.89–0.93 over seeds). Turbine curve: 0 below 3 m/s,
cubic :math:`(v^3 - 3^3)/(11.5^3 - 3^3)` to rated 11.5 m/s, 1 up to cut-out 25 m/s; the farm curve
averages it over a ±10 % (1σ) spread of speeds across the farm (Gauss–Hermite, 21 nodes) and
multiplies by an availability of 0.97. The Weibull scale :math:`c` is found by Brent's method so
that :math:`\sum CF = ` ``wind_full_load_hours`` each year, then a final factor (≈ 1 ± 1e-12)
makes the sum exact.

Air temperature. :math:`T = \bar T(|\varphi|) - A(|\varphi|)\cos(2\pi(d - 16.5)/365)
+ D\,(0.4 + 0.6 k_d)\cos(2\pi(h - 15)/24) + \epsilon`, with the annual mean and half-range
interpolated from an East-Asian continental table (4 °C and 19 °C at 39.6° N: −15 °C in January,
+23 °C in July), :math:`D = 5.5` °C, and :math:`\epsilon` a daily AR(1) anomaly (σ 3 °C,
:math:`\phi = 0.7`, interpolated to hours) plus an hourly AR(1) (σ 0.6 °C, :math:`\phi = 0.8`).
Southern-hemisphere sites have all seasonal tables shifted by half a year.

Loads. Each archetype is a positive shape scaled so that each year's energy equals
``scenario.annual_load_mwh(load)[y]``:

* ``flat``: 1 ± 1 % hourly AR(1) noise (clipped to ±3 %); two maintenance stops a year (one in each
  half-year), 2–4 days at 30–50 % load.
* ``two-shift``: weekdays 06–22 h at full load (lunch dip at 12 h), night base 0.22; Saturday
  daytime 35 %, Sunday and the National-Day week 15 % of the weekday swing; Spring-Festival shutdown
  from three days before to six days after Chinese New Year (base 0.12).
* ``three-shift``: 24 h operation, 6 % dips at shift changes 00/08/16 h, Saturday 0.93,
  Sunday 0.90, Chinese New Year ±3 days 0.85.
* ``data-centre``: IT load 1 ± 1 % with a ±2 % afternoon/evening swing, plus cooling
  :math:`0.08 + 0.012\,\max(T - 12, 0)` times IT (PUE ≈ 1.08 in winter, ≈ 1.3 at 30 °C).
* ``electrolyser``: 0.97 ± 1 %, three stops of 1–3 days at 5 % (standby), 85 % in the six coldest
  weeks (1 January – 10 February, 16–31 December).
* ``csv``: hourly MW from a file, used as is, or each year scaled to ``annual_mwh`` when given.

Measured profiles. ``scenario.profiles.wind_cf`` / ``solar_cf`` and load CSVs are a path (one
header line and one numeric column, 8760 rows reused every year or ``8760 * years`` rows, read
bit-identically to earlier versions) or a :class:`~simulator.scenario.MeasuredProfile` table
(CSV/Excel, timestamps, sub-hourly steps, MW, several weather years) read by
:mod:`simulator.measured`; see ``docs/data.md``. Errors name the file and the data row (1-based,
header not counted; the file line is given too). With ``measured_years = "weather"`` weather year
``k`` is measured year ``k`` (:func:`measured_weather_years` says how many there are).
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.special import betaincinv, log_ndtr, ndtr

from simulator.errors import InputError
from simulator.measured import MeasuredSeries, read_measured
from simulator.scenario import HOURS_PER_YEAR, Load, MeasuredProfile, Scenario

__all__ = [
    "DAYS_PER_YEAR",
    "LOAD_STREAM",
    "Profiles",
    "SolarGeometry",
    "ar1_gaussian",
    "build_profiles",
    "calibrate_clipped_scale",
    "calibrate_wind_scale",
    "check_weather_years",
    "chinese_new_year_day",
    "load_shape",
    "measured_weather_years",
    "pv_ac_unclipped",
    "plane_of_array_w_m2",
    "read_profile_csv",
    "solar_geometry",
    "synth_clear_sky_index",
    "synth_temperature_c",
    "synth_wind_speed_m_s",
    "turbine_power_curve_cf",
    "wind_farm_power_curve_cf",
]

#: Days in a model year (8760 h / 24).
DAYS_PER_YEAR = HOURS_PER_YEAR // 24
#: Second word of the seed sequence of load randomness (keeps it apart from weather).
LOAD_STREAM = 0x4C4F4144  # "LOAD"

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

# Chinese New Year (Spring Festival), Gregorian date, 2000-2050.
_CNY = {
    2000: (2, 5), 2001: (1, 24), 2002: (2, 12), 2003: (2, 1), 2004: (1, 22), 2005: (2, 9),
    2006: (1, 29), 2007: (2, 18), 2008: (2, 7), 2009: (1, 26), 2010: (2, 14), 2011: (2, 3),
    2012: (1, 23), 2013: (2, 10), 2014: (1, 31), 2015: (2, 19), 2016: (2, 8), 2017: (1, 28),
    2018: (2, 16), 2019: (2, 5), 2020: (1, 25), 2021: (2, 12), 2022: (2, 1), 2023: (1, 22),
    2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13),
    2030: (2, 3), 2031: (1, 23), 2032: (2, 11), 2033: (1, 31), 2034: (2, 19), 2035: (2, 8),
    2036: (1, 28), 2037: (2, 15), 2038: (2, 4), 2039: (1, 24), 2040: (2, 12), 2041: (2, 1),
    2042: (1, 22), 2043: (2, 10), 2044: (1, 30), 2045: (2, 17), 2046: (2, 6), 2047: (1, 26),
    2048: (2, 14), 2049: (2, 2), 2050: (1, 23),
}  # fmt: skip


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
    temperature_c : numpy.ndarray or None
        Synthesised outdoor air temperature [C].
    wind_speed_m_s : numpy.ndarray or None
        Synthesised hub-height wind speed [m/s]; None when wind comes from a CSV.
    load_by_name_mw : dict of str to numpy.ndarray
        Each load [MW] by its name (names are unique).
    notes : tuple of str
        What reading measured files repaired or dropped (leap days, gaps, sub-hourly steps),
        each prefixed by its scenario field.
    """

    load_mw: np.ndarray
    wind_cf: np.ndarray
    solar_cf: np.ndarray
    years: int
    temperature_c: np.ndarray | None = None
    wind_speed_m_s: np.ndarray | None = None
    load_by_name_mw: dict[str, np.ndarray] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def hours(self) -> int:
        """Number of hours in the horizon."""
        return self.years * HOURS_PER_YEAR


# =============================================================================================
# small helpers
# =============================================================================================
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
    from scipy.signal import lfilter  # imported on use (~0.7 s): not on every import

    e = rng.standard_normal(n)
    e[0] /= np.sqrt(1.0 - phi * phi)
    return lfilter([np.sqrt(1.0 - phi * phi)], [1.0, -phi], e)


def _season_day(day: np.ndarray, latitude_deg: float) -> np.ndarray:
    """Day of year to read seasonal tables with: shifted half a year south of the equator."""
    return day + (182.5 if latitude_deg < 0 else 0.0)


def _monthly(values: tuple[float, ...], day: np.ndarray) -> np.ndarray:
    """Periodic linear interpolation of 12 mid-month values at ``day`` (0-based day of year)."""
    return np.interp(day, _MONTH_MID_DAY, values, period=365.0)


def _solar_hour(hours: np.ndarray, longitude_deg: float, utc_offset_h: float) -> np.ndarray:
    """Local mean solar time of hour mid-points [h], equation of time neglected."""
    return np.mod(hours % 24 + 0.5 + (longitude_deg - 15.0 * utc_offset_h) / 15.0, 24.0)


def chinese_new_year_day(year: int) -> int:
    """Day of year (0-based) of Chinese New Year.

    Parameters
    ----------
    year : int
        Calendar year.

    Returns
    -------
    int
        0-based day of year. Outside 2000–2050 the 19-year Metonic cycle is used (±2 days).
    """
    y = year
    while y > 2050:
        y -= 19
    while y < 2000:
        y += 19
    month, day = _CNY[y]
    delta = np.datetime64(f"{y}-{month:02d}-{day:02d}") - np.datetime64(f"{y}-01-01")
    return int(delta.astype(np.int64))


class _Calendar(NamedTuple):
    hour: np.ndarray  # local clock hour 0..23
    day: np.ndarray  # 0-based day of year, per hour
    weekday: np.ndarray  # Monday = 0, per hour
    month: np.ndarray  # 1..12, per hour
    day_of_month: np.ndarray  # 1..31, per hour


@functools.lru_cache(maxsize=256)
def _calendar(year: int) -> _Calendar:
    h = np.arange(HOURS_PER_YEAR)
    t = np.datetime64(f"{year}-01-01T00", "h") + h
    days = t.astype("datetime64[D]")
    months = t.astype("datetime64[M]")
    cal = _Calendar(
        hour=h % 24,
        day=h // 24,
        weekday=(days.astype(np.int64) + 3) % 7,  # 1970-01-01 was a Thursday
        month=months.astype(np.int64) % 12 + 1,
        day_of_month=(days - months).astype(np.int64) + 1,
    )
    for a in cal:
        a.setflags(write=False)
    return cal


# =============================================================================================
# solar
# =============================================================================================
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


# =============================================================================================
# wind
# =============================================================================================
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


# =============================================================================================
# loads
# =============================================================================================
def _stops(
    rng: np.random.Generator,
    windows: list[tuple[int, int]],
    min_days: int,
    max_days: int,
    level: tuple[float, float],
) -> np.ndarray:
    """Hourly multiplier with one maintenance stop starting (08 h) in each window of days."""
    mult = np.ones(HOURS_PER_YEAR)
    for first, last in windows:
        start_day = int(rng.integers(first, last + 1))
        days = int(rng.integers(min_days, max_days + 1))
        lvl = float(rng.uniform(*level))
        a = start_day * 24 + 8
        mult[a : min(a + days * 24, HOURS_PER_YEAR)] = lvl
    return mult


def _noise(rng: np.random.Generator, sigma: float, phi: float, clip: float) -> np.ndarray:
    return np.clip(sigma * ar1_gaussian(HOURS_PER_YEAR, phi, rng), -clip, clip)


def _flat(cal: _Calendar, rng: np.random.Generator) -> np.ndarray:
    base = 1.0 + _noise(rng, 0.01, 0.9, 0.03)
    return base * _stops(rng, [(10, 170), (190, 350)], 2, 4, (0.30, 0.50))


def _two_shift(cal: _Calendar, rng: np.random.Generator, year: int) -> np.ndarray:
    # weekday hourly profile: 06-22 h two shifts, lunch dip, night base
    day_prof = np.full(24, 0.22)
    day_prof[6] = 0.7
    day_prof[7:22] = 1.0
    day_prof[12] = 0.85
    day_prof[22] = 0.5
    day_prof[23] = 0.3
    base = 0.22
    swing = day_prof[cal.hour] - base
    factor = np.select([cal.weekday == 5, cal.weekday == 6], [0.35, 0.15], 1.0)
    golden_week = (cal.month == 10) & (cal.day_of_month <= 7)
    factor = np.where(golden_week, 0.15, factor)
    cny = chinese_new_year_day(year)
    festival = (cal.day >= cny - 3) & (cal.day <= cny + 6)
    level = np.where(festival, 0.12, base + factor * swing)
    daily = 1.0 + 0.03 * rng.standard_normal(DAYS_PER_YEAR)
    return np.maximum(level * daily[cal.day] * (1.0 + _noise(rng, 0.015, 0.5, 0.05)), 0.0)


def _three_shift(cal: _Calendar, rng: np.random.Generator, year: int) -> np.ndarray:
    level = np.where(np.isin(cal.hour, (0, 8, 16)), 0.94, 1.0)
    level = level * np.select([cal.weekday == 5, cal.weekday == 6], [0.93, 0.90], 1.0)
    cny = chinese_new_year_day(year)
    level = np.where((cal.day >= cny - 3) & (cal.day <= cny + 3), 0.85 * level, level)
    return level * (1.0 + _noise(rng, 0.015, 0.8, 0.05))


def _data_centre(cal: _Calendar, rng: np.random.Generator, temperature_c: np.ndarray) -> np.ndarray:
    it = 1.0 + 0.02 * np.cos(2.0 * np.pi * (cal.hour - 18.0) / 24.0) + _noise(rng, 0.01, 0.9, 0.03)
    cooling_share = 0.08 + 0.012 * np.maximum(temperature_c - 12.0, 0.0)
    return it * (1.0 + cooling_share)


def _electrolyser(cal: _Calendar, rng: np.random.Generator, latitude_deg: float) -> np.ndarray:
    level = 0.97 * (1.0 + _noise(rng, 0.01, 0.9, 0.03))
    level *= _stops(rng, [(45, 140), (150, 250), (260, 340)], 1, 3, (0.05, 0.05))
    day = np.mod(_season_day(cal.day.astype(np.float64), latitude_deg), 365.0)
    deep_winter = (day < 41) | (day >= 349)
    return np.where(deep_winter, 0.85 * level, level)


def load_shape(
    archetype: Literal["flat", "two-shift", "three-shift", "data-centre", "electrolyser"],
    year: int,
    rng: np.random.Generator,
    temperature_c: np.ndarray | None = None,
    latitude_deg: float = 40.0,
) -> np.ndarray:
    """Hourly shape of one load archetype over one year (arbitrary units, positive).

    Parameters
    ----------
    archetype : str
        One of ``flat``, ``two-shift``, ``three-shift``, ``data-centre``, ``electrolyser``.
    year : int
        Calendar year (weekdays, Chinese New Year).
    rng : numpy.random.Generator
        Source of the load's randomness.
    temperature_c : numpy.ndarray or None
        Outdoor air temperature [C]; needed by ``data-centre``.
    latitude_deg : float
        Latitude [deg N] (hemisphere of the deep-winter weeks of ``electrolyser``).

    Returns
    -------
    numpy.ndarray
        8760 values; scale to energy with ``shape * annual_mwh / shape.sum()``.
    """
    cal = _calendar(year)
    if archetype == "flat":
        return _flat(cal, rng)
    if archetype == "two-shift":
        return _two_shift(cal, rng, year)
    if archetype == "three-shift":
        return _three_shift(cal, rng, year)
    if archetype == "data-centre":
        if temperature_c is None:
            raise ValueError("data-centre load needs temperature_c")
        return _data_centre(cal, rng, np.asarray(temperature_c, dtype=np.float64))
    if archetype == "electrolyser":
        return _electrolyser(cal, rng, latitude_deg)
    raise ValueError(f"unknown load archetype {archetype!r}")


# =============================================================================================
# CSV input
# =============================================================================================
def read_profile_csv(
    path: str | Path,
    years: int,
    kind: Literal["cf", "load"],
    what: str = "value",
) -> np.ndarray:
    """Read an hourly profile CSV: a header line, one numeric column, 8760 or 8760*years rows.

    The reader of a plain path in the scenario (``wind_cf = "wind.csv"``); richer files go
    through :func:`simulator.measured.read_measured`. Here too a UTF-8 or GBK file, a leap year of
    8784 rows (29 February dropped) and unambiguous thousands separators (``1,180.5``) are read.

    Parameters
    ----------
    path : str or Path
        The CSV file.
    years : int
        Years of the horizon.
    kind : {"cf", "load"}
        ``cf``: capacity factor, each value in [0, 1]; ``load``: load [MW], 0 to 1e6.
    what : str
        Name of the quantity for messages (``"wind capacity factor"``).

    Returns
    -------
    numpy.ndarray
        ``years * 8760`` float64 values (an 8760-row file is repeated each year).

    Raises
    ------
    InputError
        Missing, unreadable or irregular file (FIFO, device), more than one column, no header,
        wrong row count, a value that is empty, not a finite number, ambiguous (``10,118``) or
        out of range. The field is ``"row N"`` with N the 1-based data row (header not counted);
        the message gives the file line too.
    """
    path = Path(path)
    spec = MeasuredProfile(file=str(path))
    series = read_measured([path], spec, kind, what, need=_row_need(years))
    return _to_horizon(series, spec, years, 0, path, None, str(path))


def _row_need(years: int) -> str:
    return f"{HOURS_PER_YEAR}" if years == 1 else f"{HOURS_PER_YEAR} or {HOURS_PER_YEAR * years}"


def _to_horizon(
    series: MeasuredSeries,
    spec: MeasuredProfile,
    years: int,
    weather_year: int,
    path: Path,
    field: str | None,
    label: str,
) -> np.ndarray:
    """Lay measured years on the horizon: one reused, one per year, or weather year k."""
    m = len(series.years)
    if spec.measured_years == "weather":
        if not 0 <= weather_year < m:
            raise InputError(
                label,
                field,
                f"weather year {weather_year} is not measured: {m} measured year(s) "
                f"({', '.join(series.labels)}) give weather years 0 to {m - 1}",
            )
        return np.tile(series.years[weather_year], years)
    if m == 1:
        return np.tile(series.years[0], years)
    if m == years:
        return np.concatenate(series.years)
    if all(lb.startswith("year ") for lb in series.labels) and len(spec.files) == 1:
        rows = m * HOURS_PER_YEAR * (60 // series.step_minutes)
        raise InputError(path, "rows", f"has {rows} rows; needs {_row_need(years)}")
    raise InputError(
        label,
        field,
        f"{m} measured years ({', '.join(series.labels)}); needs 1 (reused every year) or "
        f'{years} (one per horizon year), or set measured_years = "weather" to use them as '
        "weather years",
    )


def _measured(
    scenario: Scenario,
    source: str | MeasuredProfile,
    field: str,
    kind: Literal["cf", "load"],
    what: str,
    weather_year: int,
    notes: list[str],
) -> np.ndarray:
    spec = MeasuredProfile(file=source) if isinstance(source, str) else source
    paths = [scenario.input_path(f, field) for f in spec.files]
    series = read_measured(
        paths, spec, kind, what, scenario.site.utc_offset_h, _row_need(scenario.years)
    )
    out = _to_horizon(series, spec, scenario.years, weather_year, paths[0], field, scenario.label)
    notes += [f"{field}: {n}" for n in series.notes]
    return out


def measured_weather_years(scenario: Scenario) -> int | None:
    """Return how many weather years the measured profiles of a scenario give.

    Parameters
    ----------
    scenario : Scenario
        The park.

    Returns
    -------
    int or None
        The fewest measured years among the wind/solar profiles with
        ``measured_years = "weather"`` (weather years ``0 .. n-1`` are available), or None when no
        profile limits the weather years (synthesis, or measured profiles that are the same in
        every weather year).

    Raises
    ------
    InputError
        A measured file that cannot be used.
    """
    counts = []
    for key, src in (
        ("profiles.wind_cf", scenario.profiles.wind_cf),
        ("profiles.solar_cf", scenario.profiles.solar_cf),
    ):
        if isinstance(src, MeasuredProfile) and src.measured_years == "weather":
            paths = [scenario.input_path(f, key) for f in src.files]
            series = read_measured(paths, src, "cf", key, scenario.site.utc_offset_h)
            counts.append(len(series.years))
    return min(counts) if counts else None


def check_weather_years(
    scenario: Scenario, weather_years: int, first: int = 0, source: str = "--weather-years"
) -> None:
    """Check that weather years ``first .. first + weather_years - 1`` can all be built.

    For sweeps and robust sizing over an ensemble of weather years: synthesised profiles give any
    number; a wind or solar profile with ``measured_years = "weather"`` gives as many as it has
    measured years; other measured wind or solar profiles (a plain path, ``measured_years =
    "horizon"``) are the same in every weather year, so an ensemble of more than one is refused.

    Parameters
    ----------
    scenario : Scenario
        The park.
    weather_years : int
        Ensemble size N ≥ 1.
    first : int
        First weather year of the ensemble.
    source : str
        Option named in messages.

    Raises
    ------
    InputError
        Weather years that the measured profiles do not give, or a measured file that cannot be
        used.
    """
    fixed = [
        f"profiles.{k}"
        for k in ("wind_cf", "solar_cf")
        if getattr(scenario.profiles, k) is not None
        and not (
            isinstance(getattr(scenario.profiles, k), MeasuredProfile)
            and getattr(scenario.profiles, k).measured_years == "weather"
        )
    ]
    if weather_years > 1 and fixed:
        raise InputError(
            source,
            None,
            f"scenario {scenario.name!r} reads {', '.join(fixed)} from one measured year, the same "
            "in every weather year; list several measured years with measured_years = "
            '"weather", or use synthesised profiles',
        )
    n = measured_weather_years(scenario)
    if n is not None and first + weather_years > n:
        raise InputError(
            source,
            None,
            f"weather years {first} to {first + weather_years - 1} asked, but the measured "
            f"profiles give {n} (weather years 0 to {n - 1})",
        )


# =============================================================================================
# assembly
# =============================================================================================
def _csv_load_mw(
    scenario: Scenario, index: int, load: Load, weather_year: int, notes: list[str]
) -> np.ndarray:
    field = f"loads[{index}].csv"
    assert load.csv is not None
    mw = _measured(scenario, load.csv, field, "load", f"load {load.name!r}", weather_year, notes)
    annual = scenario.annual_load_mwh(load)
    if annual is None:
        return mw
    per_year = mw.reshape(scenario.years, HOURS_PER_YEAR)
    sums = per_year.sum(axis=1)
    for y, (s, target) in enumerate(zip(sums, annual, strict=True)):
        if s <= 0.0 and target > 0.0:
            src = load.csv if isinstance(load.csv, str) else load.csv.files[0]
            raise InputError(
                scenario.resolve(src),
                f"year {y + 1}",
                f"all zero; cannot scale to annual_mwh {target:g}",
            )
    factor = np.divide(annual, sums, out=np.zeros(scenario.years), where=sums > 0.0)
    return (per_year * factor[:, None]).ravel()


def _synth_solar_year(
    site_lat: float,
    site_lon: float,
    utc_offset_h: float,
    year: int,
    kc_hourly: np.ndarray,
    temperature_c: np.ndarray,
    full_load_hours: float,
    label: str,
) -> np.ndarray:
    geo = solar_geometry(site_lat, site_lon, utc_offset_h, year)
    tilt_deg = float(np.clip(abs(site_lat) - 5.0, 0.0, 75.0))
    azimuth_deg = 180.0 if site_lat >= 0 else 0.0
    poa = plane_of_array_w_m2(geo, kc_hourly, tilt_deg, azimuth_deg)
    ac = pv_ac_unclipped(poa, temperature_c)
    try:
        s = calibrate_clipped_scale(ac, full_load_hours)
    except ValueError as exc:
        raise InputError(label, "site.solar_full_load_hours", str(exc)) from None
    return np.minimum(s * ac, 1.0)


def _synth_wind_year(
    rng: np.random.Generator,
    site_lat: float,
    solar_hour: np.ndarray,
    full_load_hours: float,
    label: str,
) -> tuple[np.ndarray, np.ndarray]:
    unit = synth_wind_speed_m_s(rng, 1.0, latitude_deg=site_lat, solar_hour=solar_hour)
    try:
        c = calibrate_wind_scale(unit, full_load_hours)
    except ValueError as exc:
        raise InputError(label, "site.wind_full_load_hours", str(exc)) from None
    speed = c * unit
    cf = wind_farm_power_curve_cf(speed)
    cf = np.minimum(cf * (full_load_hours / cf.sum()), 1.0)
    return cf, speed


def build_profiles(scenario: Scenario, weather_year: int = 0) -> Profiles:
    """Build the hourly profiles of a scenario: synthesised or read from CSV files.

    Parameters
    ----------
    scenario : Scenario
        The park.
    weather_year : int
        Index of the weather realisation; the same scenario and weather year give identical arrays.

    Returns
    -------
    Profiles
        Load [MW], wind and solar capacity factors [1], temperature [C], wind speed [m/s] and each
        load [MW], ``years * 8760`` values each.

    Raises
    ------
    InputError
        A profile CSV that cannot be used, or full-load hours that cannot be reached at the site.
    """
    site = scenario.site
    years = scenario.years
    n = years * HOURS_PER_YEAR
    label = scenario.label
    seed = _u64(scenario.seed)

    notes: list[str] = []
    wind_csv = scenario.profiles.wind_cf
    solar_csv = scenario.profiles.solar_cf
    wind_cf = (
        _measured(
            scenario,
            wind_csv,
            "profiles.wind_cf",
            "cf",
            "wind capacity factor",
            weather_year,
            notes,
        )  # fmt: skip
        if wind_csv
        else np.empty(n)
    )
    solar_cf = (
        _measured(
            scenario,
            solar_csv,
            "profiles.solar_cf",
            "cf",
            "solar capacity factor",
            weather_year,
            notes,
        )  # fmt: skip
        if solar_csv
        else np.empty(n)
    )
    wind_speed = None if wind_csv else np.empty(n)
    temperature_c = np.empty(n)
    solar_hour = _solar_hour(np.arange(HOURS_PER_YEAR), site.longitude_deg, site.utc_offset_h)

    for y, year in enumerate(scenario.calendar_years):
        sl = slice(y * HOURS_PER_YEAR, (y + 1) * HOURS_PER_YEAR)
        ss_wind, ss_cloud, ss_temp = np.random.SeedSequence([seed, _u64(weather_year), y]).spawn(3)
        kc_hourly, kc_daily = synth_clear_sky_index(
            np.random.default_rng(ss_cloud), site.latitude_deg
        )
        temp = synth_temperature_c(
            site.latitude_deg,
            np.random.default_rng(ss_temp),
            solar_hour=solar_hour,
            daily_clear_sky_index=kc_daily,
        )
        temperature_c[sl] = temp
        if not solar_csv:
            solar_cf[sl] = _synth_solar_year(
                site.latitude_deg, site.longitude_deg, site.utc_offset_h, year,
                kc_hourly, temp, site.solar_full_load_hours, label,
            )  # fmt: skip
        if wind_speed is not None:
            wind_cf[sl], wind_speed[sl] = _synth_wind_year(
                np.random.default_rng(ss_wind), site.latitude_deg, solar_hour,
                site.wind_full_load_hours, label,
            )  # fmt: skip

    load_by_name: dict[str, np.ndarray] = {}
    total = np.zeros(n)
    for index, load in enumerate(scenario.loads):
        if load.archetype == "csv":
            mw = _csv_load_mw(scenario, index, load, weather_year, notes)
        else:
            annual = scenario.annual_load_mwh(load) or [0.0] * years
            mw = np.empty(n)
            for y, year in enumerate(scenario.calendar_years):
                sl = slice(y * HOURS_PER_YEAR, (y + 1) * HOURS_PER_YEAR)
                rng = np.random.default_rng(
                    np.random.SeedSequence(
                        [seed, LOAD_STREAM, zlib.crc32(load.name.encode("utf-8")), y]
                    )
                )
                shape = load_shape(
                    load.archetype, year, rng, temperature_c[sl], latitude_deg=site.latitude_deg
                )
                mw[sl] = shape * (annual[y] / shape.sum())
        load_by_name[load.name] = mw  # names are unique (checked by the scenario)
        total += mw

    return Profiles(
        load_mw=np.ascontiguousarray(total, dtype=np.float64),
        wind_cf=np.ascontiguousarray(wind_cf, dtype=np.float64),
        solar_cf=np.ascontiguousarray(solar_cf, dtype=np.float64),
        years=years,
        temperature_c=temperature_c,
        wind_speed_m_s=wind_speed,
        load_by_name_mw=load_by_name,
        notes=tuple(notes),
    )
