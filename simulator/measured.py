"""Measured profiles in: CSV and Excel tables of wind, solar or load, to hourly model years.

:func:`read_measured` turns one or more files described by a
:class:`~simulator.scenario.MeasuredProfile` into whole model years of 8760 hourly values:

1. **File checks.** The file must be a regular file (a FIFO or device is refused, so nothing
   hangs) of at most 512 MB. Whether it may lie outside the scenario's folder is checked by
   :meth:`Scenario.input_path <simulator.scenario.Scenario.input_path>` before.
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

import codecs
import csv
import functools
import os
import re
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from simulator.errors import InputError
from simulator.scenario import HOURS_PER_YEAR, MAX_MW, MeasuredProfile

__all__ = [
    "MAX_FILE_BYTES",
    "MeasuredSeries",
    "excerpt",
    "read_measured",
]

#: Largest profile file read [bytes].
MAX_FILE_BYTES = 512 * 1024 * 1024
_EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_NUMBER_LIKE = re.compile(r"^[\s0-9+\-.,'eE]*$|^[+-]?(nan|inf|infinity)$", re.IGNORECASE)
_TIME_LIKE = re.compile(r"^[\s0-9:/.\-T+Z年月日时分秒]*$")
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_THOUSANDS_SPACE = re.compile(r"^[+-]?\d{1,3}( \d{3})+(\.\d*)?$")
_THOUSANDS_DOT_DEC_COMMA = re.compile(r"^[+-]?\d{1,3}([. ]\d{3})+(,\d*)?$")
_PLAIN_DEC_COMMA = re.compile(r"^[+-]?\d*,\d*([eE][+-]?\d+)?$")
_CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?")
_CN_HOUR_MIN = re.compile(r"(\d{1,2})[时点](\d{1,2})分?")
_CN_HOUR = re.compile(r"(\d{1,2})[时点]$")
_HOUR_24 = re.compile(r"[ T]24:00(:00)?$")
_LEAP_FEB29 = slice(59 * 24, 60 * 24)


def excerpt(text: object, limit: int = 20) -> str | None:
    """Return ``repr(text)`` when it is short and looks like a number or a time, else None.

    Error messages quote a cell of a user's file only through this, so they never echo long or
    text content (a file read by mistake may hold secrets).
    """
    s = str(text).strip()
    if not s or len(s) > limit:
        return None
    if _NUMBER_LIKE.match(s) or _TIME_LIKE.match(s):
        return repr(s)
    return None


def _cell(text: object) -> str:
    q = excerpt(text)
    return q if q is not None else f"text of {len(str(text).strip())} characters"


def _col_name(name: str, pos: int) -> str:
    return name if 0 < len(name) <= 20 and name.isprintable() else f"column {pos}"


def _col_label(table: _Table, j: int) -> str:
    """``", column 2 (负荷(MW))"`` for messages; empty for a one-column file."""
    if len(table.header) < 2:
        return ""
    name = table.header[j]
    short = 0 < len(name) <= 20 and name.isprintable()
    return f", column {j + 1} ({name})" if short else f", column {j + 1}"


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


@dataclass
class _Table:
    header: list[str]
    columns: list[list[object]]
    first_line: int  # file line (Excel row) of data row 1
    kind: str  # "csv" or "xlsx"


# ---------------------------------------------------------------------------------------------
# files and tables
# ---------------------------------------------------------------------------------------------
def _check_file(path: Path) -> None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(path, None, "file not found") from None
    except OSError as exc:
        raise InputError(path, None, f"cannot read file ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, None, "not a regular file (a directory, FIFO or device); refused")
    if st.st_size > MAX_FILE_BYTES:
        raise InputError(
            path, None, f"file is {st.st_size / 2**20:,.0f} MB; profiles above 512 MB are refused"
        )


def _decode(path: Path, raw: bytes, encoding: str) -> str:
    if encoding == "auto":
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        else:
            try:
                return raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                encoding = "gb18030"
    try:
        text = raw.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            path, f"line {line}", f"not {encoding} text (byte 0x{raw[exc.start]:02x})"
        ) from None
    return text.removeprefix("\ufeff")


def _read_text_table(path: Path, spec: MeasuredProfile) -> _Table:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, None, f"cannot read file ({exc.strerror or exc})") from None
    if b"\x00" in raw[:4096] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if spec.encoding != "utf-16":
            raise InputError(path, None, "binary file, not a CSV text table")
    lines = _decode(path, raw, spec.encoding).splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    h = spec.header_row - 1
    if len(lines) <= h or not lines[h].strip():
        if not lines:
            raise InputError(path, None, "file is empty; needs a header line and one column")
        raise InputError(path, f"line {h + 1}", "needs a header line here (header_row)")
    head = lines[h]
    if spec.delimiter == "auto":
        counts = {d: head.count(d) for d in (",", ";", "\t")}
        delim = max(counts, key=counts.get) if max(counts.values()) > 0 else None
    else:
        delim = "\t" if spec.delimiter == "tab" else spec.delimiter
    body = lines[h:]
    if delim is None:
        rows = [[ln.strip().strip('"')] for ln in body]
    else:
        rows = [[c.strip() for c in r] for r in csv.reader(body, delimiter=delim)]
    header, data = rows[0], rows[1:]
    ncol = len(header)
    cols: list[list[object]] = [[] for _ in range(ncol)]
    for i, r in enumerate(data):
        if len(r) > ncol:
            hint = (
                " (a decimal comma or thousands separator? quote the numbers or separate the "
                'columns with ";")'
                if delim == ","
                else ""
            )
            raise InputError(
                path,
                f"row {i + 1}",
                f"has {len(r)} fields but the header has {ncol} (line {h + i + 2} of the file)"
                + hint,
            )
        for j in range(ncol):
            cols[j].append(r[j] if j < len(r) else "")
    return _Table([c.strip() for c in header], cols, h + 2, "csv")


def _read_excel_table(path: Path, spec: MeasuredProfile) -> _Table:
    sheet: str | int = 0 if spec.sheet is None else spec.sheet
    if isinstance(sheet, int) and spec.sheet is not None:
        sheet -= 1
    try:
        df = pd.read_excel(path, sheet_name=sheet, header=None, dtype=object, engine="openpyxl")
    except (ValueError, KeyError, IndexError) as exc:
        if "not found" in str(exc) or isinstance(exc, IndexError) or "Worksheet" in str(exc):
            raise InputError(path, "sheet", f"sheet {spec.sheet!r} not found") from None
        raise InputError(path, None, "not a readable Excel .xlsx workbook") from None
    except Exception:  # zipfile.BadZipFile, openpyxl errors on a damaged file
        raise InputError(path, None, "not a readable Excel .xlsx workbook") from None
    rows = df.to_numpy(dtype=object)

    def empty(v: object) -> bool:
        return v is None or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == ""

    n = rows.shape[0]
    while n > 0 and all(empty(v) for v in rows[n - 1]):
        n -= 1
    h = spec.header_row - 1
    if n <= h:
        raise InputError(path, None, "sheet is empty; needs a header row and one column")
    header_cells = list(rows[h])
    ncol = len(header_cells)
    while ncol > 0 and empty(header_cells[ncol - 1]):
        ncol -= 1
    header = ["" if empty(v) else str(v).strip() for v in header_cells[:ncol]]
    cols: list[list[object]] = []
    for j in range(ncol):
        col = []
        for v in rows[h + 1 : n, j]:
            col.append("" if empty(v) else (v.strip() if isinstance(v, str) else v))
        cols.append(col)
    return _Table(header, cols, h + 2, "xlsx")


def _read_table(path: Path, spec: MeasuredProfile) -> _Table:
    _check_file(path)
    if path.suffix.lower() in _EXCEL_SUFFIXES:
        return _read_excel_table(path, spec)
    if path.suffix.lower() == ".xls":
        raise InputError(path, None, "old .xls workbooks are not read; save it as .xlsx or CSV")
    return _read_text_table(path, spec)


def _find_column(path: Path, table: _Table, key: str | int, field: str) -> int:
    if isinstance(key, int):
        if key > len(table.header):
            raise InputError(path, field, f"column {key}: the file has {len(table.header)}")
        return key - 1
    for j, name in enumerate(table.header):
        if name == key:
            return j
    for j, name in enumerate(table.header):
        if name.casefold() == key.casefold():
            return j
    names = ", ".join(_col_name(n, j + 1) for j, n in enumerate(table.header))
    raise InputError(path, field, f"no column named {key!r} (columns: {names})")


def _looks_like_time(v: object) -> bool:
    if isinstance(v, pd.Timestamp | np.datetime64) or hasattr(v, "year"):
        return True
    s = str(v).strip()
    if not s or not re.search(r"[-/:年]", s) or not _TIME_LIKE.match(s):
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return not pd.isna(pd.to_datetime(pd.Series([_chinese_date(s)]), errors="coerce").iloc[0])


def _choose_columns(path: Path, table: _Table, spec: MeasuredProfile) -> tuple[int | None, int]:
    ncol = len(table.header)
    value = _find_column(path, table, spec.column, "column") if spec.column is not None else None
    if spec.time_column is not None:
        time = _find_column(path, table, spec.time_column, "time_column")
    else:
        time = None
        if ncol >= 2 and value != 0:
            first = next((v for v in table.columns[0] if str(v).strip() != ""), "")
            if _looks_like_time(first):
                time = 0
    if value is None:
        rest = [j for j in range(ncol) if j != time]
        if len(rest) != 1:
            names = ", ".join(_col_name(n, j + 1) for j, n in enumerate(table.header))
            raise InputError(
                path,
                "columns",
                f"has {ncol} columns ({names}); needs exactly one value column: choose it with "
                'column = "name" or its position',
            )
        value = rest[0]
    if value == time:
        raise InputError(path, "column", "the value column is the time column")
    header = table.header[value]
    if header and _parse_plain(np.array([header]))[0] == 0:
        q = excerpt(header) or "a number"
        line = spec.header_row
        raise InputError(
            path, f"line {line}", f"needs a header line, not the number {q.strip(chr(39))}"
        )
    return time, value


# ---------------------------------------------------------------------------------------------
# numbers
# ---------------------------------------------------------------------------------------------
def _parse_plain(raw: np.ndarray) -> np.ndarray:
    """0 where ``raw`` (str) is a plain finite number, else 1."""
    v = pd.to_numeric(pd.Series(raw, dtype=str), errors="coerce").to_numpy(np.float64)
    return (~np.isfinite(v)).astype(int)


def _numbers(
    path: Path,
    cells: list[object],
    spec: MeasuredProfile,
    first_line: int,
    allow_empty: bool,
    col: str = "",
) -> np.ndarray:
    """Parse one column into float64 (NaN for an empty cell when ``allow_empty``)."""
    n = len(cells)
    out = np.full(n, np.nan)
    is_num = np.fromiter(
        (isinstance(c, int | float) and not isinstance(c, bool) for c in cells), bool, n
    )
    if is_num.any():
        out[is_num] = np.array([c for c, k in zip(cells, is_num, strict=True) if k], float)
    idx = np.flatnonzero(~is_num)
    raw = np.array([str(cells[i]).strip() for i in idx], dtype=object)
    if spec.decimal == ",":
        conv = raw.copy()
        for k, s in enumerate(raw):
            if not s:
                continue
            if spec.thousands in ("auto", ".", " ") and _THOUSANDS_DOT_DEC_COMMA.match(s):
                s = s.replace(".", "").replace(" ", "")
            elif "." in s and "e" not in s.lower():
                _bad_number(
                    path, idx[k], s, first_line, col, "has a decimal point but decimal = ','"
                )
            conv[k] = s.replace(",", ".")
        raw_conv = conv
    else:
        raw_conv = raw
    vals = pd.to_numeric(pd.Series(raw_conv, dtype=str), errors="coerce").to_numpy(
        np.float64, copy=True
    )
    if spec.decimal == "." and spec.thousands != "none":
        bad = np.flatnonzero(np.isnan(vals) & (raw != ""))
        if bad.size:
            sep = spec.thousands
            pattern = _THOUSANDS_SPACE if sep == " " else _THOUSANDS_COMMA
            matches = [k for k in bad if pattern.match(raw[k])]
            confirmed = sep in (",", " ") or any("." in raw[k] for k in matches)
            for k in bad:
                s = raw[k]
                if not pattern.match(s):
                    if _PLAIN_DEC_COMMA.match(s):
                        _bad_number(
                            path, idx[k], s, first_line, col,
                            'has a decimal comma; declare decimal = "," for this profile',
                        )  # fmt: skip
                    continue
                if not confirmed:
                    _bad_number(
                        path, idx[k], s, first_line, col,
                        "is ambiguous: a thousands separator or a decimal comma? declare "
                        'thousands = "," or decimal = ","',
                    )  # fmt: skip
                vals[k] = float(s.replace(",", "").replace(" ", ""))
    out[idx] = vals
    bad = np.flatnonzero(~np.isfinite(out))
    for i in bad:
        text = "" if is_num[i] else str(cells[i]).strip()
        if text == "" and not is_num[i]:
            if allow_empty:
                continue
            raise InputError(
                path,
                f"row {i + 1}{col}",
                f"empty value (line {first_line + i} of the file); "
                'fill it, or set fill = "interpolate"',
            )
        _bad_number(path, i, cells[i], first_line, col, "is not a finite number")
    return out


def _bad_number(path: Path, i: int, cell: object, first_line: int, col: str, what: str) -> None:
    q = excerpt(cell)
    text = f"{q} {what}" if q else f"not a number ({_cell(cell)})"
    raise InputError(path, f"row {i + 1}{col}", f"{text} (line {first_line + i} of the file)")


# ---------------------------------------------------------------------------------------------
# time
# ---------------------------------------------------------------------------------------------
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


def _chinese_date(text: str) -> str:
    if "年" not in text and "时" not in text:
        return text
    text = _CN_DATE.sub(r"\1-\2-\3", text)
    text = _CN_HOUR_MIN.sub(r"\1:\2", text)
    return _CN_HOUR.sub(r"\1:00", text).replace("秒", "")


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
    if minutes.size < 2:
        raise InputError(path, "rows", "needs at least two timestamped rows")
    rows = np.arange(minutes.size)  # data row (0-based) of each remaining value, for messages
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
    dup = np.flatnonzero(d == 0)
    if dup.size:
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
        notes.append(
            f"{path.name}: {dup.size} repeated timestamp(s), kept the {spec.duplicates} value"
        )
        minutes = agg.index.to_numpy(np.int64)
        values = agg.to_numpy(np.float64)
    first_year = _year_of_min(minutes[0])
    last_year = _year_of_min(minutes[-1])
    # less than a day spilling into the year before or after (data in another time zone, an
    # end label "2024-01-01 00:00") lies outside the whole years and is dropped
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
    start = _year_start_min(first_year)
    stop = _year_start_min(last_year + 1)
    n_steps = (stop - start) // step
    grid = np.full(n_steps, np.nan)
    slot = (minutes - start) // step
    grid[slot] = values
    # row of each slot, for messages: the first data row at or after it
    rows_after = np.searchsorted(slot, np.arange(n_steps))
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

    missing = np.flatnonzero(np.isnan(grid))
    if missing.size:
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
        x = np.arange(n_steps)
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
