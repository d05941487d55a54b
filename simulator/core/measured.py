"""Measured profiles in: CSV and Excel tables of wind, solar or load, to hourly model years.

:func:`read_measured` turns one or more files described by a
:class:`~simulator.core.scenario.MeasuredProfile` into whole model years of 8760 hourly values:

1. **File checks.** The file must be a regular file (a FIFO or device is refused, so nothing
   hangs) of at most 512 MB. Whether it may lie outside the scenario's folder is checked by
   :meth:`Scenario.input_path <simulator.core.scenario.Scenario.input_path>` before.
2. **Table.** Excel (``.xlsx``, ``.xlsm``) through openpyxl; anything else is text: UTF-8 (with
   or without BOM), UTF-16 with a BOM, else GB18030 (a superset of GBK), or the declared
   ``encoding``. The column separator is the declared ``delimiter`` or the one of ``,`` ``;`` tab
   that the header line contains (none: one column, each line is one value). Lines above
   ``header_row`` are skipped; blank lines at the end are ignored.
3. **Columns.** The value column by name or 1-based position (``column``), else the only column
   that is not the time column. The time column by name or position (``time_column``), else the
   first column when its first value is a date and time.
4. **Numbers.** ``decimal = "."`` (default): a thousands comma is accepted when unambiguous
   (``1,180.5``, or ``1,180`` when another number of the file has both); ``10,118`` alone is
   ambiguous and an error naming the row unless ``thousands`` or ``decimal`` is declared.
   ``decimal = ","``: ``10,5`` is 10.5 and ``.`` or a space may group thousands.
5. **Units.** ``cf`` values must be in [0, 1]; ``mw`` / ``kw`` are converted to MW; wind and solar
   power is divided by ``installed_mw`` (a value above it is an error naming the row). Loads must
   be 0 to 1e6 MW.
6. **Time.** Without timestamps, rows are consecutive steps of ``step_minutes`` (default 60) from
   1 January 00:00; the file must hold whole years (8760 h each, or one leap year of 8784 h).
   With timestamps (local time at ``utc_offset_h``, default the site's; zoned timestamps are
   converted), the step is inferred (it must divide 60 minutes), repeated timestamps and gaps are
   errors naming the first bad row unless ``duplicates`` / ``fill`` say how to repair them, and
   the data must cover whole calendar years.
7. **Hours.** Sub-hourly power is averaged to hourly energy [MWh per hour = mean MW]. A leap
   year loses 29 February (``leap_day = "drop-feb29"``, default) or 31 December
   (``"drop-dec31"``); every repair and dropped day is listed in :attr:`MeasuredSeries.notes`.

Error messages name the file and the row (1-based data row, header not counted, and the file line)
and quote a cell only when it is short and looks like a number or a time.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from simulator.core.errors import InputError
from simulator.core.measured_table import (
    MAX_FILE_BYTES,
    _check_file,
    _choose_columns,
    _col_label,
    _numbers,
    _read_table,
    excerpt,
)
from simulator.core.measured_time import _timed_years, _timestamps_min, _untimed_years
from simulator.core.scenario import MAX_MW, MeasuredProfile

__all__ = [
    "MAX_FILE_BYTES",
    "MeasuredSeries",
    "excerpt",
    "read_measured",
]


@dataclass(frozen=True)
class MeasuredSeries:
    """Measured years read from files.

    Attributes
    ----------
    years : list of numpy.ndarray
        One array of 8760 hourly values per measured year, in file order: capacity factor [1] or
        power [MW] (mean over the hour = energy of the hour [MWh]).
    labels : list of str
        The calendar year of each measured year (``"2020"``), or ``"year k"`` without timestamps.
    notes : list of str
        What was repaired or dropped (leap days, filled gaps, averaged duplicates, steps).
    step_minutes : int
        Time step of the files [min].
    """

    years: list[np.ndarray]
    labels: list[str]
    notes: list[str]
    step_minutes: int


# ---------------------------------------------------------------------------------------------
# public
# ---------------------------------------------------------------------------------------------
def _check_range(
    path: Path,
    values: np.ndarray,
    cells: list[object],
    unit: str,
    kind: Literal["cf", "load"],
    what: str,
    installed_mw: float | None,
    first_line: int,
    col: str = "",
) -> None:
    finite = np.where(np.isnan(values), 0.0, values)
    if unit == "cf":
        bad = np.flatnonzero((finite < 0.0) | (finite > 1.0))
        rule = "is outside [0, 1]"
        if bad.size and finite[bad[0]] > 1.0:
            rule += '; power in MW? set unit = "mw" and installed_mw'
    elif kind == "cf":
        scale = 1e-3 if unit == "kw" else 1.0
        what = what.replace("capacity factor", "power")
        bad = np.flatnonzero((finite < 0.0) | (finite * scale > installed_mw * (1 + 1e-9)))
        label = "kW" if unit == "kw" else "MW"
        if bad.size and finite[bad[0]] < 0.0:
            rule = f"{label} is negative"
        else:
            rule = f"{label} is above installed_mw {installed_mw:g} MW"
    else:
        scale = 1e-3 if unit == "kw" else 1.0
        bad = np.flatnonzero(finite < 0.0)
        rule = "is negative"
        if not bad.size:
            bad = np.flatnonzero(finite * scale > MAX_MW)
            rule = f"is above {MAX_MW:.0e} MW"
    if bad.size:
        i = int(bad[0])
        q = excerpt(cells[i]) or repr(f"{finite[i]:g}")
        raise InputError(
            path,
            f"row {i + 1}{col}",
            f"{what} {q.strip(chr(39))} {rule} (line {first_line + i} of the file)",
        )


def _read_one(
    path: Path,
    spec: MeasuredProfile,
    kind: Literal["cf", "load"],
    what: str,
    site_utc_offset_h: float,
    need: str,
) -> tuple[list[np.ndarray], list[str], list[str], int]:
    notes: list[str] = []
    table = _read_table(path, spec)
    time_col, value_col = _choose_columns(path, table, spec)
    cells = table.columns[value_col]
    unit = spec.unit or ("cf" if kind == "cf" else "mw")
    allow_empty = spec.fill == "interpolate"
    vcol = _col_label(table, value_col)
    tcol = _col_label(table, time_col) if time_col is not None else ""
    values = _numbers(path, cells, spec, table.first_line, allow_empty, vcol)
    _check_range(path, values, cells, unit, kind, what, spec.installed_mw, table.first_line, vcol)
    if unit == "kw":
        values = values * 1e-3
    if kind == "cf" and unit != "cf":
        values = values / float(spec.installed_mw)
    if time_col is None:
        years, labels, step = _untimed_years(
            path, values, spec, table.first_line, notes, need, vcol
        )
    else:
        offset = site_utc_offset_h if spec.utc_offset_h is None else spec.utc_offset_h
        minutes = _timestamps_min(
            path, table.columns[time_col], table.first_line, site_utc_offset_h, offset, tcol
        )
        years, labels, step = _timed_years(
            path, minutes, values, spec, table.first_line, notes, tcol, vcol
        )
    if step != 60:
        notes.insert(0, f"{path.name}: {step}-minute data averaged to hours")
    return years, labels, notes, step


@functools.lru_cache(maxsize=32)
def _read_cached(
    key: tuple, spec_json: str, kind: str, what: str, offset: float, need: str
) -> MeasuredSeries:
    spec = MeasuredProfile.model_validate_json(spec_json)
    years: list[np.ndarray] = []
    labels: list[str] = []
    notes: list[str] = []
    steps = []
    for path_text, _, _ in key:
        y, lab, nts, step = _read_one(Path(path_text), spec, kind, what, offset, need)  # type: ignore[arg-type]
        years += y
        labels += lab
        notes += nts
        steps.append(step)
    for y in years:
        y.flags.writeable = False
    return MeasuredSeries(years, labels, notes, min(steps))


def read_measured(
    paths: list[Path],
    spec: MeasuredProfile,
    kind: Literal["cf", "load"],
    what: str,
    site_utc_offset_h: float = 8.0,
    need: str = "8760 per year",
) -> MeasuredSeries:
    """Read measured files into whole model years of hourly values.

    Parameters
    ----------
    paths : list of Path
        The files, already resolved and allowed (see ``Scenario.input_path``), read in order.
    spec : MeasuredProfile
        How to read them (columns, units, numbers, time).
    kind : {"cf", "load"}
        ``cf``: wind or solar, returned as capacity factor [1]; ``load``: returned in MW.
    what : str
        Name of the quantity for messages (``"wind capacity factor"``, ``"load 'x'"``).
    site_utc_offset_h : float
        UTC offset of the site's local standard time [h]; timestamps are converted to it.
    need : str
        What row counts are accepted, for the message of a file without timestamps.

    Returns
    -------
    MeasuredSeries
        The measured years (read-only arrays of 8760 values), their labels and notes.

    Raises
    ------
    InputError
        Naming the file and the row (or ``columns``, ``rows``, ``sheet``) of the first problem.
    """
    unit = spec.unit or ("cf" if kind == "cf" else "mw")
    if kind == "cf" and unit != "cf" and spec.installed_mw is None:
        raise InputError(paths[0], "installed_mw", f"unit {unit!r} needs installed_mw [MW]")
    for p in paths:
        _check_file(p)
    key = tuple((str(p), os.stat(p).st_mtime_ns, os.stat(p).st_size) for p in paths)
    return _read_cached(key, spec.model_dump_json(), kind, what, float(site_utc_offset_h), need)
