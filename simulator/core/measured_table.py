"""Measured tables: file checks, text or Excel table, columns, numbers.

Steps 1-4 of :mod:`simulator.core.measured`. Every message names the file and the row, and quotes a
cell only through :func:`excerpt`.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.core.errors import InputError
from simulator.core.scenario import MeasuredProfile

__all__ = ["MAX_FILE_BYTES", "excerpt"]

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


def _chinese_date(text: str) -> str:
    """``2024年1月1日 0时30分`` → ``2024-1-1 0:30`` (other text as given)."""
    if "年" not in text and "时" not in text:
        return text
    text = _CN_DATE.sub(r"\1-\2-\3", text)
    text = _CN_HOUR_MIN.sub(r"\1:\2", text)
    return _CN_HOUR.sub(r"\1:00", text).replace("秒", "")


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
