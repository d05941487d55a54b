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
bit-identically to earlier versions) or a :class:`~simulator.core.scenario.MeasuredProfile` table
(CSV/Excel, timestamps, sub-hourly steps, MW, several weather years) read by
:mod:`simulator.core.measured`; see ``docs/data.md``. Errors name the file and the data row
(1-based, header not counted; the file line is given too). With ``measured_years = "weather"``
weather year ``k`` is measured year ``k`` (:func:`measured_weather_years` says how many there are).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np

from simulator.core.errors import InputError
from simulator.core.profiles_load import chinese_new_year_day, load_shape
from simulator.core.profiles_measured import (
    _csv_load_mw,
    _measured,
    check_weather_years,
    measured_weather_years,
    read_profile_csv,
)
from simulator.core.profiles_solar import (
    SolarGeometry,
    calibrate_clipped_scale,
    plane_of_array_w_m2,
    pv_ac_unclipped,
    solar_geometry,
    synth_clear_sky_index,
)
from simulator.core.profiles_weather import (
    DAYS_PER_YEAR,
    _solar_hour,
    _u64,
    ar1_gaussian,
    synth_temperature_c,
)
from simulator.core.profiles_wind import (
    calibrate_wind_scale,
    synth_wind_speed_m_s,
    turbine_power_curve_cf,
    wind_farm_power_curve_cf,
)
from simulator.core.scenario import HOURS_PER_YEAR, Load, Scenario

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

#: Second word of the seed sequence of load randomness (keeps it apart from weather).
LOAD_STREAM = 0x4C4F4144  # "LOAD"


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
        Synthesised outdoor air temperature [C]; None when solar is measured and every load is
        a CSV (nothing uses it then).
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
# assembly
# =============================================================================================
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


def _measured_cf(
    scenario: Scenario, which: str, weather_year: int, notes: list[str]
) -> np.ndarray | None:
    """Measured capacity factor ``profiles.<which>_cf`` over the horizon [1]; None when synthesised.

    ``notes`` collects what reading the table repaired or dropped.
    """
    source = getattr(scenario.profiles, f"{which}_cf")
    if not source:
        return None
    what = f"{which} capacity factor"
    return _measured(scenario, source, f"profiles.{which}_cf", "cf", what, weather_year, notes)


def _synth_weather(
    scenario: Scenario,
    weather_year: int,
    solar_cf: np.ndarray | None,
    wind_cf: np.ndarray | None,
    need_temperature: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Synthesise the weather of every horizon year where it is not measured.

    Parameters
    ----------
    scenario : Scenario
        The park.
    weather_year : int
        Index of the weather realisation.
    solar_cf, wind_cf : numpy.ndarray or None
        Measured capacity factors [1], or None where they are synthesised.
    need_temperature : bool
        Whether a synthesised load needs the air temperature. With measured solar and no such
        load the clouds and temperature are not drawn (their random streams are their own, so
        the wind is the same either way).

    Returns
    -------
    solar_cf, wind_cf : numpy.ndarray
        Capacity factors [1] (the measured ones as given).
    temperature_c : numpy.ndarray or None
        Air temperature [C] (synthesised); None when nothing needs it.
    wind_speed_m_s : numpy.ndarray or None
        Hub-height wind speed [m/s]; None when wind is measured.
    """
    site = scenario.site
    n = scenario.years * HOURS_PER_YEAR
    seed = _u64(scenario.seed)
    synth_solar, synth_wind = solar_cf is None, wind_cf is None
    solar_cf = np.empty(n) if solar_cf is None else solar_cf
    wind_cf = np.empty(n) if wind_cf is None else wind_cf
    wind_speed = np.empty(n) if synth_wind else None
    temperature_c = np.empty(n) if synth_solar or need_temperature else None
    solar_hour = _solar_hour(np.arange(HOURS_PER_YEAR), site.longitude_deg, site.utc_offset_h)

    for y, year in enumerate(scenario.calendar_years):
        sl = slice(y * HOURS_PER_YEAR, (y + 1) * HOURS_PER_YEAR)
        ss_wind, ss_cloud, ss_temp = np.random.SeedSequence([seed, _u64(weather_year), y]).spawn(3)
        if wind_speed is not None:
            wind_cf[sl], wind_speed[sl] = _synth_wind_year(
                np.random.default_rng(ss_wind), site.latitude_deg, solar_hour,
                site.wind_full_load_hours, scenario.label,
            )  # fmt: skip
        if temperature_c is None:
            continue
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
        if synth_solar:
            solar_cf[sl] = _synth_solar_year(
                site.latitude_deg, site.longitude_deg, site.utc_offset_h, year,
                kc_hourly, temp, site.solar_full_load_hours, scenario.label,
            )  # fmt: skip
    return solar_cf, wind_cf, temperature_c, wind_speed


def _synth_load_mw(scenario: Scenario, load: Load, temperature_c: np.ndarray) -> np.ndarray:
    """Hourly load [MW] of an archetype load over the horizon, scaled to its ``annual_mwh``."""
    seed = _u64(scenario.seed)
    annual = scenario.annual_load_mwh(load) or [0.0] * scenario.years
    mw = np.empty(scenario.years * HOURS_PER_YEAR)
    for y, year in enumerate(scenario.calendar_years):
        sl = slice(y * HOURS_PER_YEAR, (y + 1) * HOURS_PER_YEAR)
        rng = np.random.default_rng(
            np.random.SeedSequence([seed, LOAD_STREAM, zlib.crc32(load.name.encode("utf-8")), y])
        )
        shape = load_shape(
            load.archetype, year, rng, temperature_c[sl], latitude_deg=scenario.site.latitude_deg
        )
        mw[sl] = shape * (annual[y] / shape.sum())
    return mw


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
    notes: list[str] = []
    wind_cf = _measured_cf(scenario, "wind", weather_year, notes)
    solar_cf = _measured_cf(scenario, "solar", weather_year, notes)
    need_temperature = any(load.archetype != "csv" for load in scenario.loads)
    solar_cf, wind_cf, temperature_c, wind_speed = _synth_weather(
        scenario, weather_year, solar_cf, wind_cf, need_temperature
    )
    load_by_name: dict[str, np.ndarray] = {}
    total = np.zeros(scenario.years * HOURS_PER_YEAR)
    for index, load in enumerate(scenario.loads):
        if load.archetype == "csv":
            mw = _csv_load_mw(scenario, index, load, weather_year, notes)
        else:
            mw = _synth_load_mw(scenario, load, temperature_c)
        load_by_name[load.name] = mw  # names are unique (checked by the scenario)
        total += mw

    return Profiles(
        load_mw=np.ascontiguousarray(total, dtype=np.float64),
        wind_cf=np.ascontiguousarray(wind_cf, dtype=np.float64),
        solar_cf=np.ascontiguousarray(solar_cf, dtype=np.float64),
        years=scenario.years,
        temperature_c=temperature_c,
        wind_speed_m_s=wind_speed,
        load_by_name_mw=load_by_name,
        notes=tuple(notes),
    )
