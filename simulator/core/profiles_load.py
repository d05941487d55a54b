"""Synthesised load shapes of the archetypes, and the calendar they follow.

Chinese New Year, weekdays and months per hour, and :func:`load_shape` (method:
:mod:`simulator.core.profiles`).
"""

from __future__ import annotations

import functools
from typing import Literal, NamedTuple

import numpy as np

from simulator.core.profiles_weather import DAYS_PER_YEAR, _season_day, ar1_gaussian
from simulator.core.scenario import HOURS_PER_YEAR

__all__ = ["chinese_new_year_day", "load_shape"]

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
