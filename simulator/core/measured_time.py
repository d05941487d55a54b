"""Measured time: timestamps or consecutive rows to whole model years of hourly values.

Steps 6-7 of :mod:`simulator.core.measured`. Time steps, repeated timestamps, gaps, years that are
not whole and leap days are repaired as the :class:`~simulator.core.scenario.MeasuredProfile` says,
or are errors naming the row.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.core.errors import InputError
from simulator.core.measured_table import _cell, _chinese_date
from simulator.core.scenario import HOURS_PER_YEAR, MeasuredProfile

__all__: list[str] = []

_HOUR_24 = re.compile(r"[ T]24:00(:00)?$")
_LEAP_FEB29 = slice(59 * 24, 60 * 24)


def _timestamps_min(
    path: Path,
    cells: list[object],
    first_line: int,
    offset_h: float,
    data_offset_h: float,
    col: str = "",
) -> np.ndarray:
    """Timestamps as minutes since 1970 in the site's local standard time (NaN-free)."""
    s = pd.Series(cells, dtype=object)
    empty = s.map(lambda v: str(v).strip() == "").to_numpy()
    if empty.any():
        i = int(np.flatnonzero(empty)[0])
        raise InputError(path, f"row {i + 1}{col}", f"empty timestamp (line {first_line + i})")
    # "2023年1月1日 0时15分" -> "2023-1-1 0:15"; "2023-01-01 24:00" (end of the day, common in
    # meter exports) is the next day's 00:00
    text = s.map(lambda v: v if not isinstance(v, str) else _chinese_date(v.strip()))
    is_24 = text.map(lambda v: isinstance(v, str) and _HOUR_24.search(v) is not None).to_numpy()
    if is_24.any():
        text = text.map(lambda v: _HOUR_24.sub(" 00:00", v) if isinstance(v, str) else v)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "could not infer format"
        ts = pd.to_datetime(text, errors="coerce")
        if ts.isna().any():
            ts = pd.to_datetime(text, errors="coerce", format="mixed")
    if is_24.any():
        ts = ts + pd.to_timedelta(is_24.astype(np.int64), unit="D")
    if ts.isna().any():
        i = int(np.flatnonzero(ts.isna().to_numpy())[0])
        raise InputError(
            path,
            f"row {i + 1}{col}",
            f"timestamp {_cell(cells[i])} not understood (line {first_line + i} of the file); "
            "use e.g. 2023-01-01 00:15",
        )
    if getattr(ts.dt, "tz", None) is not None:
        ts = ts.dt.tz_convert("UTC").dt.tz_localize(None) + pd.Timedelta(hours=offset_h)
    else:
        ts = ts + pd.Timedelta(hours=offset_h - data_offset_h)
    ns = ts.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    if np.any(ns % 60_000_000_000):
        i = int(np.flatnonzero(ns % 60_000_000_000)[0])
        raise InputError(path, f"row {i + 1}{col}", "timestamp has seconds; needs whole minutes")
    return ns // 60_000_000_000


def _year_start_min(year: int) -> int:
    return int(np.datetime64(f"{year:04d}-01-01T00:00", "m").astype(np.int64))


def _year_of_min(m: int) -> int:
    return int(str(np.datetime64(int(m), "m").astype("datetime64[Y]")))


def _fmt_min(m: int) -> str:
    return str(np.datetime64(int(m), "m")).replace("T", " ")


def _split_years(
    path: Path, hourly: np.ndarray, first_year: int, spec: MeasuredProfile, notes: list[str]
) -> tuple[list[np.ndarray], list[str]]:
    years, labels = [], []
    pos = 0
    year = first_year
    while pos < hourly.size:
        n = (_year_start_min(year + 1) - _year_start_min(year)) // 60
        y = hourly[pos : pos + n]
        if n == HOURS_PER_YEAR + 24:
            if spec.leap_day == "drop-feb29":
                y = np.concatenate([y[: _LEAP_FEB29.start], y[_LEAP_FEB29.stop :]])
                notes.append(f"{path.name}: {year} is a leap year; 29 February dropped (24 h)")
            else:
                y = y[:HOURS_PER_YEAR]
                notes.append(f"{path.name}: {year} is a leap year; 31 December dropped (24 h)")
        years.append(np.ascontiguousarray(y, dtype=np.float64))
        labels.append(str(year))
        pos += n
        year += 1
    return years, labels


def _time_step(
    path: Path, minutes: np.ndarray, spec: MeasuredProfile, first_line: int, tcol: str
) -> int:
    """Return the time step of timestamps [min]: the most common positive difference.

    Raises
    ------
    InputError
        Fewer than two rows, a timestamp earlier than the one before, one timestamp throughout, a
        step other than ``spec.step_minutes`` or one that does not divide 60 minutes.
    """
    if minutes.size < 2:
        raise InputError(path, "rows", "needs at least two timestamped rows")
    d = np.diff(minutes)
    back = np.flatnonzero(d < 0)
    if back.size:
        i = int(back[0]) + 1
        raise InputError(
            path,
            f"row {i + 1}{tcol}",
            f"timestamp earlier than the row before (line {first_line + i} of the file); "
            "sort the file by time",
        )
    pos_d = d[d > 0]
    if pos_d.size == 0:
        raise InputError(path, "rows", "every timestamp is the same")
    uniq, counts = np.unique(pos_d, return_counts=True)
    step = int(uniq[np.argmax(counts)])
    if spec.step_minutes is not None and step != spec.step_minutes:
        raise InputError(
            path, "step_minutes", f"the timestamps step by {step} min, not {spec.step_minutes}"
        )
    if step > 60 or 60 % step:
        raise InputError(
            path, "rows", f"time step of {step} min; needs a step that divides 60 minutes"
        )
    return step


def _merge_repeats(
    path: Path,
    minutes: np.ndarray,
    values: np.ndarray,
    rows: np.ndarray,
    spec: MeasuredProfile,
    first_line: int,
    notes: list[str],
    tcol: str,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keep one value of each repeated timestamp as ``spec.duplicates`` says.

    Returns ``minutes``, ``values`` and the data ``rows`` of what is kept; an error naming the
    first repeat when ``duplicates = "error"``.
    """
    dup = np.flatnonzero(np.diff(minutes) == 0)
    if not dup.size:
        return minutes, values, rows
    if spec.duplicates == "error":
        i = int(dup[0]) + 1
        raise InputError(
            path,
            f"row {i + 1}{tcol}",
            f"timestamp repeats row {i} (line {first_line + i} of the file); set "
            'duplicates = "first" or "mean" to keep one value',
        )
    s = pd.Series(values).groupby(minutes)
    agg = s.first() if spec.duplicates == "first" else s.mean()
    rows = pd.Series(rows).groupby(minutes).first().to_numpy(np.int64)
    notes.append(f"{path.name}: {dup.size} repeated timestamp(s), kept the {spec.duplicates} value")
    return agg.index.to_numpy(np.int64), agg.to_numpy(np.float64), rows


def _whole_years(
    path: Path, minutes: np.ndarray, values: np.ndarray, rows: np.ndarray, notes: list[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    """Drop less than a day spilling into the year before or after; the first and last year.

    Such a spill (data in another time zone, an end label ``2024-01-01 00:00``) lies outside the
    whole years.
    """
    first_year = _year_of_min(minutes[0])
    last_year = _year_of_min(minutes[-1])
    if last_year > first_year and minutes[-1] - _year_start_min(last_year) < 24 * 60:
        keep = minutes < _year_start_min(last_year)
        notes.append(
            f"{path.name}: {int((~keep).sum())} step(s) from {_fmt_min(_year_start_min(last_year))}"
            " dropped (outside whole years)"
        )
        minutes, values, rows = minutes[keep], values[keep], rows[keep]
        last_year -= 1
    if last_year > first_year and _year_start_min(first_year + 1) - minutes[0] < 24 * 60:
        keep = minutes >= _year_start_min(first_year + 1)
        notes.append(
            f"{path.name}: {int((~keep).sum())} step(s) before "
            f"{_fmt_min(_year_start_min(first_year + 1))} dropped (outside whole years)"
        )
        minutes, values, rows = minutes[keep], values[keep], rows[keep]
        first_year += 1
    return minutes, values, rows, first_year, last_year


def _fill_gaps(
    path: Path,
    grid: np.ndarray,
    slot: np.ndarray,
    rows: np.ndarray,
    start: int,
    step: int,
    spec: MeasuredProfile,
    first_line: int,
    notes: list[str],
    cols: tuple[str, str],
) -> None:
    """Interpolate the missing steps of ``grid`` in place, as ``spec.fill`` allows.

    Parameters
    ----------
    path : Path
        The file (for messages).
    grid : numpy.ndarray
        Values on the whole years' time grid, NaN where missing.
    slot, rows : numpy.ndarray
        Grid slot and data row (0-based) of each value read.
    start, step : int
        First grid time and time step [min].
    spec : MeasuredProfile
        How to repair gaps (``fill``, ``fill_max_hours``).
    first_line : int
        File line of data row 1 (for messages).
    notes : list of str
        Collects what was repaired.
    cols : tuple of str
        Message labels of the time and the value column.

    Raises
    ------
    InputError
        A missing step with ``fill = "none"``, or a gap longer than ``fill_max_hours``.
    """
    tcol, vcol = cols
    missing = np.flatnonzero(np.isnan(grid))
    if not missing.size:
        return
    # row of each slot, for messages: the first data row at or after it
    rows_after = np.searchsorted(slot, np.arange(grid.size))
    i = int(missing[0])
    if spec.fill == "none":
        r = int(min(rows_after[i], slot.size - 1))
        gap = int(np.flatnonzero(~np.isnan(grid[i:]))[0]) if (~np.isnan(grid[i:])).any() else 0
        is_gap = slot[r] != i
        r = int(rows[r])
        what = (
            f"{gap} missing step(s) before this timestamp ({_fmt_min(start + i * step)} to "
            f"{_fmt_min(start + (i + gap) * step)})"
            if is_gap
            else "empty value"
        )
        raise InputError(
            path,
            f"row {r + 1}{tcol if is_gap else vcol}",
            f"{what} (line {first_line + r} of the file); "
            f'set fill = "interpolate" to repair gaps up to fill_max_hours',
        )
    x = np.arange(grid.size)
    good = ~np.isnan(grid)
    runs = np.split(missing, np.flatnonzero(np.diff(missing) > 1) + 1)
    longest = max(len(r) for r in runs)
    if longest * step > spec.fill_max_hours * 60:
        k = int(np.argmax([len(r) for r in runs]))
        i = int(runs[k][0])
        r = int(rows[min(rows_after[i], slot.size - 1)])
        raise InputError(
            path,
            f"row {r + 1}{tcol}",
            f"gap of {len(runs[k]) * step / 60:g} h from {_fmt_min(start + i * step)} "
            f"(line {first_line + r} of the file) is longer than fill_max_hours = "
            f"{spec.fill_max_hours:g}",
        )
    grid[missing] = np.interp(x[missing], x[good], grid[good])
    notes.append(
        f"{path.name}: {missing.size} missing step(s) in {len(runs)} gap(s) interpolated "
        f"(longest {longest * step / 60:g} h, "
        f"first at {_fmt_min(start + int(missing[0]) * step)})"
    )


def _timed_years(
    path: Path,
    minutes: np.ndarray,
    values: np.ndarray,
    spec: MeasuredProfile,
    first_line: int,
    notes: list[str],
    tcol: str = "",
    vcol: str = "",
) -> tuple[list[np.ndarray], list[str], int]:
    """Timestamped values to whole model years of hourly values.

    Parameters
    ----------
    path : Path
        The file (for messages).
    minutes : numpy.ndarray
        Timestamps as minutes since 1970, local standard time.
    values : numpy.ndarray
        The value of each timestamp (NaN for an empty cell).
    spec : MeasuredProfile
        How to read and repair the file.
    first_line : int
        File line of data row 1 (for messages).
    notes : list of str
        Collects what was repaired or dropped.
    tcol, vcol : str
        Message labels of the time and the value column.

    Returns
    -------
    years : list of numpy.ndarray
        8760 hourly values per calendar year.
    labels : list of str
        The calendar years (``"2020"``).
    step : int
        Time step of the file [min].
    """
    step = _time_step(path, minutes, spec, first_line, tcol)
    if spec.time_label == "end":
        minutes = minutes - step
    off = np.flatnonzero(minutes % step)
    if off.size:
        i = int(off[0])
        raise InputError(
            path,
            f"row {i + 1}{tcol}",
            f"timestamp off the {step}-minute grid (line {first_line + i} of the file)",
        )
    rows = np.arange(minutes.size)  # data row (0-based) of each remaining value, for messages
    minutes, values, rows = _merge_repeats(
        path, minutes, values, rows, spec, first_line, notes, tcol
    )
    minutes, values, rows, first_year, last_year = _whole_years(path, minutes, values, rows, notes)
    start = _year_start_min(first_year)
    n_steps = (_year_start_min(last_year + 1) - start) // step
    grid = np.full(n_steps, np.nan)
    slot = (minutes - start) // step
    grid[slot] = values
    lead = int(slot[0])
    tail = int(n_steps - 1 - slot[-1])
    edge_ok = spec.fill == "interpolate" and max(lead, tail) * step <= spec.fill_max_hours * 60
    if (lead or tail) and not edge_ok:
        raise InputError(
            path,
            "rows",
            f"covers {_fmt_min(minutes[0])} to {_fmt_min(minutes[-1] + step)} (local time); "
            "needs whole calendar years from 1 January 00:00",
        )
    _fill_gaps(path, grid, slot, rows, start, step, spec, first_line, notes, (tcol, vcol))
    hourly = grid.reshape(-1, 60 // step).mean(axis=1)
    years, labels = _split_years(path, hourly, first_year, spec, notes)
    return years, labels, step


def _untimed_years(
    path: Path,
    values: np.ndarray,
    spec: MeasuredProfile,
    first_line: int,
    notes: list[str],
    need: str,
    col: str = "",
) -> tuple[list[np.ndarray], list[str], int]:
    step = spec.step_minutes or 60
    if 60 % step:
        raise InputError(path, "step_minutes", f"{step} min does not divide 60 minutes")
    per_hour = 60 // step
    n = values.size
    per_year = HOURS_PER_YEAR * per_hour
    leap = (HOURS_PER_YEAR + 24) * per_hour
    if n == 0 or (n % per_year and n != leap):
        raise InputError(path, "rows", f"has {n} rows; needs {need}")
    if np.isnan(values).any():
        missing = np.flatnonzero(np.isnan(values))
        runs = np.split(missing, np.flatnonzero(np.diff(missing) > 1) + 1)
        k = int(np.argmax([len(r) for r in runs]))
        if max(len(r) for r in runs) * step > spec.fill_max_hours * 60:
            i = int(runs[k][0])
            raise InputError(
                path,
                f"row {i + 1}{col}",
                f"gap of {len(runs[k]) * step / 60:g} h (line {first_line + i} of the file) is "
                f"longer than fill_max_hours = {spec.fill_max_hours:g}",
            )
        x = np.arange(n)
        good = ~np.isnan(values)
        values = values.copy()
        values[missing] = np.interp(x[missing], x[good], values[good])
        notes.append(f"{path.name}: {missing.size} empty value(s) interpolated")
    hourly = values.reshape(-1, per_hour).mean(axis=1) if per_hour > 1 else values
    if n == leap:
        y = (
            np.concatenate([hourly[: _LEAP_FEB29.start], hourly[_LEAP_FEB29.stop :]])
            if spec.leap_day == "drop-feb29"
            else hourly[:HOURS_PER_YEAR]
        )
        day = "29 February" if spec.leap_day == "drop-feb29" else "31 December"
        notes.append(f"{path.name}: {n} rows are a leap year; {day} dropped (24 h)")
        return [np.ascontiguousarray(y)], ["year 1"], step
    k = hourly.size // HOURS_PER_YEAR
    years = [np.ascontiguousarray(hourly[i * HOURS_PER_YEAR : (i + 1) * HOURS_PER_YEAR])
             for i in range(k)]  # fmt: skip
    return years, [f"year {i + 1}" for i in range(k)], step
