"""Check the hourly profiles before sizing: table, summary and figure (``parkbalance profiles``).

:func:`write_profiles_report` writes what :func:`simulator.core.profiles.build_profiles` gives the
model
for one weather year:

* ``profiles.parquet`` and ``profiles.csv`` (UTF-8 with BOM, so Excel shows Chinese names): one
  row per hour with ``year``, ``hour`` (0..8759 of the model year), ``month``, ``load_mw``,
  ``wind_cf``, ``solar_cf`` and ``load_mw:<name>`` for each load;
* ``summary.json``: per horizon year the full-load hours [h] and mean, peak and minimum of each
  series, load energy [MWh], monthly load energy [MWh] and monthly wind/solar full-load hours [h],
  plus the notes of the measured-data import (leap days dropped, gaps filled, steps averaged);
* ``profiles.png``: daily load (mean, minimum and maximum), daily mean capacity factors and
  monthly energies.

Months follow a 365-day calendar on the model year (a model year is 8760 hours from 1 January;
see ``docs/profiles.md``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulator.core.io import atomic_write, write_json, write_parquet
from simulator.core.profiles import Profiles, build_profiles
from simulator.core.scenario import HOURS_PER_YEAR, Scenario

__all__ = [
    "MONTH_OF_HOUR",
    "profile_summary",
    "profile_table",
    "summary_text",
    "write_profiles_report",
]

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
#: Month (1..12) of each hour of a model year (365-day calendar).
MONTH_OF_HOUR = np.repeat(np.arange(1, 13), np.array(_DAYS_IN_MONTH) * 24)


def profile_table(scenario: Scenario, profiles: Profiles) -> pd.DataFrame:
    """Return the hourly profiles as a table, one row per hour of the horizon.

    Parameters
    ----------
    scenario : Scenario
        The park (calendar years).
    profiles : Profiles
        Its profiles.

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``hour``, ``month``, ``load_mw`` [MW], ``wind_cf`` [1], ``solar_cf`` [1]
        and ``load_mw:<name>`` [MW] per load.
    """
    years = profiles.years
    data: dict[str, Any] = {
        "year": np.repeat(np.array(scenario.calendar_years, dtype=np.int64), HOURS_PER_YEAR),
        "hour": np.tile(np.arange(HOURS_PER_YEAR, dtype=np.int64), years),
        "month": np.tile(MONTH_OF_HOUR.astype(np.int64), years),
        "load_mw": profiles.load_mw,
        "wind_cf": profiles.wind_cf,
        "solar_cf": profiles.solar_cf,
    }
    for name, mw in profiles.load_by_name_mw.items():
        data[f"load_mw:{name}"] = mw
    return pd.DataFrame(data)


def _stats(x: np.ndarray) -> dict[str, float]:
    return {"mean": float(x.mean()), "peak": float(x.max()), "min": float(x.min())}


def profile_summary(scenario: Scenario, profiles: Profiles, weather_year: int = 0) -> dict:
    """Summarise the profiles per horizon year.

    Parameters
    ----------
    scenario : Scenario
        The park.
    profiles : Profiles
        Its profiles.
    weather_year : int
        The weather year they were built for (recorded only).

    Returns
    -------
    dict
        ``scenario``, ``weather_year``, ``sources`` (measured files or ``"synthesised"``),
        ``notes`` and ``years``: per year ``load_mwh``, ``load_mw`` / ``wind_cf`` / ``solar_cf``
        statistics, ``wind_full_load_hours`` and ``solar_full_load_hours`` [h],
        ``monthly_load_mwh`` and monthly ``wind``/``solar`` full-load hours [h] (12 values).
    """

    def source(src: object) -> str:
        if src is None:
            return "synthesised"
        return src if isinstance(src, str) else ", ".join(src.files)  # type: ignore[attr-defined]

    sources = {
        "wind_cf": source(scenario.profiles.wind_cf),
        "solar_cf": source(scenario.profiles.solar_cf),
    }
    for ld in scenario.loads:
        sources[f"load:{ld.name}"] = source(ld.csv) if ld.archetype == "csv" else ld.archetype
    years = []
    for y, year in enumerate(scenario.calendar_years):
        sl = slice(y * HOURS_PER_YEAR, (y + 1) * HOURS_PER_YEAR)
        load, wind, solar = profiles.load_mw[sl], profiles.wind_cf[sl], profiles.solar_cf[sl]

        def monthly(x: np.ndarray) -> list[float]:
            return [float(v) for v in np.bincount(MONTH_OF_HOUR - 1, weights=x, minlength=12)]

        years.append(
            {
                "year": int(year),
                "load_mwh": float(load.sum()),
                "load_mw": _stats(load),
                "wind_cf": _stats(wind),
                "solar_cf": _stats(solar),
                "wind_full_load_hours": float(wind.sum()),
                "solar_full_load_hours": float(solar.sum()),
                "monthly_load_mwh": monthly(load),
                "monthly_wind_full_load_hours": monthly(wind),
                "monthly_solar_full_load_hours": monthly(solar),
            }
        )
    return {
        "scenario": scenario.name,
        "weather_year": int(weather_year),
        "sources": sources,
        "notes": list(profiles.notes),
        "years": years,
    }


def summary_text(summary: dict) -> str:
    """Return a few readable lines of a summary from :func:`profile_summary`."""
    lines = [
        f"{summary['scenario']}: hourly profiles, weather year {summary['weather_year']}",
        "sources: " + "; ".join(f"{k} = {v}" for k, v in summary["sources"].items()),
    ]
    lines += [f"note: {n}" for n in summary["notes"]]
    lines.append(
        "year   load GWh  peak MW   min MW  wind FLH h  solar FLH h  wind CF max  solar CF max"
    )
    for y in summary["years"]:
        lines.append(
            f"{y['year']}  {y['load_mwh'] / 1e3:9,.1f} {y['load_mw']['peak']:8,.1f} "
            f"{y['load_mw']['min']:8,.1f} {y['wind_full_load_hours']:11,.0f} "
            f"{y['solar_full_load_hours']:12,.0f} {y['wind_cf']['peak']:12.3f} "
            f"{y['solar_cf']['peak']:13.3f}"
        )
    first = summary["years"][0]
    lines.append(
        f"monthly load GWh {first['year']}: "
        + " ".join(f"{v / 1e3:,.1f}" for v in first["monthly_load_mwh"])
    )
    return "\n".join(lines)


def _figure(scenario: Scenario, profiles: Profiles, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    days = profiles.hours // 24
    x = np.arange(days) / 365.0 + scenario.start_year
    load = profiles.load_mw.reshape(days, 24)
    fig, axes = plt.subplots(3, 1, figsize=(11, 9), constrained_layout=True)
    ax = axes[0]
    ax.fill_between(x, load.min(axis=1), load.max(axis=1), color="0.8", label="daily min-max")
    ax.plot(x, load.mean(axis=1), color="k", lw=0.8, label="daily mean")
    ax.set_ylabel("park load [MW]")
    ax.set_title(f"{scenario.name}: profiles the model uses")
    ax.legend(loc="upper right", fontsize=8)
    ax = axes[1]
    ax.plot(x, profiles.wind_cf.reshape(days, 24).mean(axis=1), lw=0.8, label="wind")
    ax.plot(x, profiles.solar_cf.reshape(days, 24).mean(axis=1), lw=0.8, label="solar")
    ax.set_ylabel("daily mean capacity factor [1]")
    ax.set_ylim(0, 1)
    ax.legend(loc="upper right", fontsize=8)
    ax = axes[2]
    months = np.arange(profiles.years * 12)
    month_idx = np.tile(MONTH_OF_HOUR - 1, profiles.years) + np.repeat(
        np.arange(profiles.years) * 12, HOURS_PER_YEAR
    )
    load_gwh = np.bincount(month_idx, weights=profiles.load_mw) / 1e3
    wind_flh = np.bincount(month_idx, weights=profiles.wind_cf)
    solar_flh = np.bincount(month_idx, weights=profiles.solar_cf)
    ax.bar(months, load_gwh, color="0.6", label="load [GWh]")
    ax.set_ylabel("monthly load [GWh]")
    ax2 = ax.twinx()
    ax2.plot(months, wind_flh, marker="o", ms=3, label="wind full-load hours")
    ax2.plot(months, solar_flh, marker="s", ms=3, label="solar full-load hours")
    ax2.set_ylabel("monthly full-load hours [h]")
    ax2.legend(loc="upper right", fontsize=8)
    ax.set_xticks(months[::3], [f"{scenario.start_year + m // 12}-{m % 12 + 1:02d}"
                                for m in months[::3]])  # fmt: skip
    ax.set_xlabel("month")
    atomic_write(path, lambda p: fig.savefig(p, dpi=110, format="png"))
    plt.close(fig)


def write_profiles_report(
    scenario: Scenario, out: str | Path, weather_year: int = 0
) -> tuple[dict, list[Path]]:
    """Build the profiles of one weather year and write table, summary and figure to ``out``.

    Nothing is written when the inputs are bad: the profiles are built (and every file read and
    checked) first.

    Parameters
    ----------
    scenario : Scenario
        The park.
    out : str or Path
        Output directory (created).
    weather_year : int
        Weather year (synthesised realisation, or measured year k with
        ``measured_years = "weather"``).

    Returns
    -------
    tuple of (dict, list of Path)
        The summary (as in ``summary.json``) and the files written.

    Raises
    ------
    InputError
        A profile that cannot be built.
    """
    profiles = build_profiles(scenario, weather_year=weather_year)
    table = profile_table(scenario, profiles)
    summary = profile_summary(scenario, profiles, weather_year)
    out = Path(out)
    written = [
        write_parquet(out / "profiles.parquet", table),
        atomic_write(
            out / "profiles.csv",
            lambda p: table.to_csv(p, index=False, encoding="utf-8-sig", float_format="%.10g"),
        ),
        write_json(out / "summary.json", summary),
    ]
    _figure(scenario, profiles, out / "profiles.png")
    written.append(out / "profiles.png")
    return summary, written
