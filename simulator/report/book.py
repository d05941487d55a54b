"""Workbook building blocks: a write-only openpyxl book with one header style and formats.

Used by the planner's workbook (:mod:`simulator.report.workbook`) and the comparison's
(:mod:`simulator.report.compare_workbook`): a bold, frozen header row, column widths that fit the
headers, number formats per column (or per row), sheet names from
:data:`simulator.report.i18n.SHEETS` in the book's language.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from simulator.report.i18n import SHEETS

__all__ = ["Book", "sheet_row_formats", "text_width"]


def _clean(v: Any) -> Any:
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False)
    return v


class Book:
    """A write-only workbook with one header style and per-column formats and widths.

    Used by :func:`simulator.report.workbook.write_workbook` and by the comparison's workbook
    (:mod:`simulator.report.compare_workbook`); sheet names come from
    :data:`simulator.report.i18n.SHEETS` in the book's language.
    """

    def __init__(self, lang: str) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill

        self.lang = lang
        self.wb = Workbook(write_only=True)
        self.bold = Font(bold=True)
        self.fill = PatternFill("solid", fgColor="F0F2F5")
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def new_sheet(
        self,
        sheet_id: str,
        header: Sequence[str],
        widths: Sequence[float] | None = None,
        freeze: str | None = None,
    ) -> Any:
        """Create sheet ``sheet_id`` (named in the book's language) with its bold header row.

        ``freeze`` is the top-left cell that stays in view (default ``B2``, ``A2`` for a sheet of
        at most two columns); ``widths`` default to the header's.
        """
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter

        en, zh = SHEETS[sheet_id]
        ws = self.wb.create_sheet(zh if self.lang == "zh" else en)
        ws.freeze_panes = freeze or ("B2" if len(header) > 2 else "A2")
        for i, h in enumerate(header):
            w = widths[i] if widths else max(10.0, min(40.0, text_width(h) + 2))
            ws.column_dimensions[get_column_letter(i + 1)].width = w
        head = []
        for h in header:
            c = WriteOnlyCell(ws, value=h)
            c.font = self.bold
            c.fill = self.fill
            c.alignment = self.wrap
            head.append(c)
        ws.append(head)
        return ws

    def sheet(
        self,
        sheet_id: str,
        header: Sequence[str],
        rows: Iterable[Sequence[Any]],
        formats: Sequence[str | None] | None = None,
        widths: Sequence[float] | None = None,
        freeze: str | None = None,
    ) -> None:
        """Add a sheet (:meth:`new_sheet`), then ``rows`` with ``formats`` per column."""
        ws = self.new_sheet(sheet_id, header, widths, freeze)
        formats = list(formats or [None] * len(header))
        for row in rows:
            fmts = [formats[i] if i < len(formats) else None for i in range(len(row))]
            ws.append(_cells(ws, row, fmts))


def _cells(ws: Any, row: Sequence[Any], formats: Sequence[str | None]) -> list[Any]:
    """Cells of a row: numbers and times with their format, everything else as a value."""
    from openpyxl.cell import WriteOnlyCell

    cells: list[Any] = []
    for v, fmt in zip(row, formats, strict=True):
        v = _clean(v)
        if fmt and isinstance(v, int | float | _dt.datetime) and not isinstance(v, bool):
            c = WriteOnlyCell(ws, value=v)
            c.number_format = fmt
            cells.append(c)
        else:
            cells.append(v)
    return cells


def text_width(text: str) -> float:
    """Width of ``text`` in Excel character units (CJK characters count double)."""
    longest = max((str(text).split("\n") or [""]), key=len)
    return float(sum(2 if ord(ch) > 0x2E80 else 1 for ch in longest))


def sheet_row_formats(
    book: Book,
    sheet_id: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    row_formats: Sequence[str | None],
    columns: Sequence[int],
    widths: Sequence[float] | None = None,
    freeze: str = "A2",
) -> None:
    """Add a sheet where the number format varies by row (in the given columns)."""
    ws = book.new_sheet(sheet_id, header, widths, freeze)
    for row, fmt in zip(rows, row_formats, strict=True):
        ws.append(_cells(ws, row, [fmt if i in columns else None for i in range(len(row))]))
