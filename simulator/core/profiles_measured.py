"""Measured profiles of a scenario: CSV/Excel tables laid over the horizon, weather years.

The tables are read by :mod:`simulator.core.measured`; this module fits them to the scenario's
horizon (``years * 8760`` hours) and scales measured loads to their ``annual_mwh``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np

from simulator.core.errors import InputError
from simulator.core.measured import MeasuredSeries, read_measured
from simulator.core.scenario import HOURS_PER_YEAR, Load, MeasuredProfile, Scenario

__all__ = ["check_weather_years", "measured_weather_years", "read_profile_csv"]


def read_profile_csv(
    path: str | Path,
    years: int,
    kind: Literal["cf", "load"],
    what: str = "value",
) -> np.ndarray:
    """Read an hourly profile CSV: a header line, one numeric column, 8760 or 8760*years rows.

    The reader of a plain path in the scenario (``wind_cf = "wind.csv"``); richer files go
    through :func:`simulator.core.measured.read_measured`. Here too a UTF-8 or GBK file, a leap year
    of 8784 rows (29 February dropped) and unambiguous thousands separators (``1,180.5``) are read.

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
