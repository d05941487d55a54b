"""``results.xlsx``: the numbers of an output directory as an Excel workbook, in English or Chinese.

One workbook per language: ``results.xlsx`` (English, the default) and ``results.zh.xlsx``
(Chinese headers, sheet names and words). Every sheet has a bold, frozen header row, column
widths that fit the headers, and number formats (shares as ``0.0%``, energy ``#,##0``, money in
the report's table unit — CNY million or 万元 — as ``#,##0.0``); the values keep their full
precision. Sheets:

============== ========================================================================
summary        scenario, verdict, outcome, total investment, discounted cost, cost per MWh,
               messages, versions, files
plan           per year: capacities, the year's additions, investment, target share
checks         every check of the verdict (issue 11), when recorded
kpis_lp        per year: the LP's KPIs
kpis_simulated per year: the simulation's KPIs
costs          per year (undiscounted) and a discounted-total row, in the money unit
assumptions    the scenario, one dotted key per row (``wind.capex_per_kw``)
hourly[_lp]    only with ``hourly=True``: local timestamps instead of hour numbers; a sheet
               of more than :data:`MAX_SHEET_ROWS` rows is left out (read the Parquet file)
============== ========================================================================
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulator.errors import InputError
from simulator.io import atomic_write
from simulator.kpis import KPI_NAMES
from simulator.report_format import MONEY_UNIT_SCALE, money_unit
from simulator.report_i18n import LANGS, SHEETS, column_label, rule_label, tr, translate_message

__all__ = [
    "MAX_SHEET_ROWS",
    "WORKBOOK_FILES",
    "Book",
    "sheet_row_formats",
    "text_width",
    "workbook_path",
    "write_workbook",
]

#: Workbook file of each language inside an output directory.
WORKBOOK_FILES = {"en": "results.xlsx", "zh": "results.zh.xlsx"}
#: Largest hourly sheet written into the workbook [rows]; larger ones stay in Parquet.
MAX_SHEET_ROWS = 100_000

_PCT = "0.0%"
_ENERGY = "#,##0"
_POWER = "#,##0.0"
_MONEY = "#,##0.0"
_TIME = "yyyy-mm-dd hh:mm"
_SHARES = {"renewable_share", "renewable_utilisation", "target_share", "target_gap_share"}
_CAPS = ("wind_mw", "solar_mw", "storage_mwh", "storage_mw")
_COSTS = (
    "wind_annuity",
    "solar_annuity",
    "storage_energy_annuity",
    "storage_power_annuity",
    "fixed_om",
    "fuel_cost",
    "import_cost",
    "export_revenue",
    "unserved_cost",
    "total",
)


def workbook_path(out_dir: str | Path, lang: str = "en") -> Path:
    """Return where :func:`write_workbook` writes the workbook of ``lang``."""
    return Path(out_dir) / WORKBOOK_FILES[lang]


def _fmt_for(key: str) -> str | None:
    if key in _SHARES:
        return _PCT
    if key.endswith("_mwh") or key == "co2_t":
        return _ENERGY
    if key.endswith("_mw") or key.endswith("_hours"):
        return _POWER
    return None


def _clean(v: Any) -> Any:
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False)
    return v


def _timestamps(df: pd.DataFrame) -> list[_dt.datetime]:
    """Local time of each row from ``year`` and ``hour`` (model years have no 29 February)."""
    base = _dt.datetime(2023, 1, 1)
    out = []
    for y, h in zip(df["year"].to_numpy(), df["hour"].to_numpy(), strict=True):
        t = base + _dt.timedelta(hours=int(h))
        out.append(t.replace(year=int(y)))
    return out


class Book:
    """A write-only workbook with one header style and per-column formats and widths.

    Used by :func:`write_workbook` and by the comparison's workbook
    (:mod:`simulator.compare_workbook`); sheet names come from :data:`SHEETS` in the book's
    language.
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


def write_workbook(out_dir: str | Path, lang: str = "en", hourly: bool = False) -> Path:
    """Write the workbook of an output directory, atomically.

    Parameters
    ----------
    out_dir : str or Path
        Output directory with ``plan.json`` or ``kpis.json``.
    lang : {"en", "zh"}
        Language of the headers, sheet names and words: ``results.xlsx`` (en) or
        ``results.zh.xlsx`` (zh).
    hourly : bool
        Add the hourly dispatch (simulated and LP) with local timestamps; a sheet of more than
        :data:`MAX_SHEET_ROWS` rows is left out and the summary names the Parquet file instead.

    Returns
    -------
    Path
        The workbook written (:func:`workbook_path`).

    Raises
    ------
    InputError
        Bad directory, unreadable inputs, a sweep, or an unknown language.
    """
    from simulator.report_inputs import load_inputs
    from simulator.report_summary import (
        _when,
        checks_of,
        cost_per_mwh_load,
        investment_per_year,
        provenance_of,
        verdict_of,
    )

    if lang not in LANGS:
        raise InputError("lang", None, f"must be one of {', '.join(LANGS)} (got {lang!r})")
    inp = load_inputs(out_dir)
    if inp.kind == "sweep":
        raise InputError(out_dir, None, "a workbook is written for output directories only")
    book = Book(lang)
    plan = inp.plan or {}
    data = inp.data or {}
    cur = inp.currency
    scale = MONEY_UNIT_SCALE[lang]
    munit = money_unit(lang, cur)
    found = inp.scenario
    invest = investment_per_year(inp, found.scenario) if found is not None else None
    yes, no = tr("wb_yes", lang), tr("wb_no", lang)

    # ---- summary -----------------------------------------------------------------------------
    rows: list[tuple[str, Any, str | None]] = [
        (tr("scenario", lang), inp.scenario_name, None),
        (tr("wb_kind", lang), tr(f"wb_kind_{inp.kind}", lang), None),
    ]
    verdict = verdict_of(data)
    if verdict is None:
        rows.append((tr("wb_passed", lang), tr("not_recorded", lang), None))
    else:
        rows.append((tr("wb_passed", lang), yes if verdict.get("passed") is True else no, None))
        failed = [c for c in checks_of(data) or [] if c.get("passed") is False]
        if lang == "zh" and failed:
            from simulator.report_summary import format_rule_value

            for c in failed:
                text = tr(
                    "failure_line",
                    lang,
                    year=c["year"],
                    rule=rule_label(str(c["rule"]), lang)[0],
                    value=format_rule_value(c.get("value"), c.get("unit"), lang),
                    sense={">=": "≥", "<=": "≤"}.get(str(c.get("sense")), str(c.get("sense"))),
                    limit=format_rule_value(c.get("limit"), c.get("unit"), lang),
                )
                rows.append((tr("wb_failure", lang), text, None))
        else:
            for f in verdict.get("failures") or []:
                rows.append((tr("wb_failure", lang), str(f), None))
    if inp.kind == "plan":
        from simulator.report_i18n import status_text as _status_text

        rows.append((tr("outcome", lang), _status_text(str(plan.get("status")), lang), None))
        kind = str(plan.get("plan_kind") or "none")
        kind_key = f"kind_{kind}" if kind in ("least_cost", "best_effort") else "kind_none"
        rows.append((tr("plan_kind", lang), tr(kind_key, lang), None))
        rows.append((tr("wb_currency", lang), cur, None))
        rows.append((tr("wb_money_unit", lang), munit, None))
        if invest is not None:
            rows.append((f"{tr('k_investment', lang)} [{munit}]", sum(invest) / scale, _MONEY))
        if plan.get("objective") is not None:
            rows.append(
                (f"{tr('k_discounted', lang)} [{munit}]", plan["objective"] / scale, _MONEY)
            )
        cpm = cost_per_mwh_load(plan)
        if cpm is not None:
            unit = f"{'元' if lang == 'zh' and cur == 'CNY' else cur}/MWh"
            rows.append((f"{tr('k_cost_mwh', lang)} [{unit}]", cpm, _MONEY))
    for m in plan.get("messages") or []:
        text, _ok = translate_message(str(m), lang)
        rows.append((tr("wb_message", lang), text, None))
    prov = provenance_of(data) or {}
    for key, value in (
        ("pv_started", _when(prov["started_at"]) if prov.get("started_at") else None),
        ("pv_version", prov.get("parkbalance_version")),
        ("pv_highs", prov.get("highs_version") or (plan.get("solver") or {}).get("version")),
        ("pv_command", " ".join(map(str, prov["command"])) if prov.get("command") else None),
        ("pv_source", prov.get("scenario_source")),
        ("pv_sha", prov.get("scenario_sha256")),
    ):
        if key == "pv_highs" and inp.kind != "plan":
            continue
        rows.append((tr(key, lang), value if value else tr("not_recorded", lang), None))
    rows.append((tr("source_files", lang), ", ".join(inp.files), None))
    hourly_frames = [("hourly", inp.hourly, "hourly.parquet"), ("hourly_lp", inp.hourly_lp, None)]
    if inp.kind == "plan":
        files = plan.get("files") or {}
        hourly_frames = [
            ("hourly", inp.hourly, files.get("hourly_simulation", "hourly.parquet")),
            ("hourly_lp", inp.hourly_lp, files.get("hourly_lp", "hourly_lp.parquet")),
        ]
    for _sid, df, fname in hourly_frames:
        if df is None:
            continue
        if not hourly:
            rows.append((tr("wb_message", lang), tr("wb_hourly_option", lang, file=fname), None))
        elif len(df) > MAX_SHEET_ROWS:
            rows.append(
                (
                    tr("wb_message", lang),
                    tr("wb_hourly_left_out", lang, rows=len(df), file=fname),
                    None,
                )
            )
    sheet_row_formats(
        book,
        "summary",
        [column_label("key", lang), column_label("val", lang)],
        [[k, v] for k, v, _f in rows],
        [f for _k, _v, f in rows],
        (1,),
        widths=[46, 90],
    )

    # ---- plan --------------------------------------------------------------------------------
    targets = {int(t["year"]): t.get("target_share") for t in plan.get("targets") or []}
    if not targets:
        targets = {int(r["year"]): r.get("target_share") for r in inp.kpis_sim or []}
    if inp.capacities is not None and len(inp.capacities):
        caps = inp.capacities
        recs = caps.to_dict(orient="records")
        cols = ["year", *_CAPS]
        header = [column_label(c, lang) for c in cols]
        fmts: list[str | None] = [None] + [_POWER] * 4
        prev = None
        if found is not None:
            sc = found.scenario
            prev = [sc.wind.existing_mw, sc.solar.existing_mw]
            prev += [sc.storage.existing_mwh, sc.storage.existing_mw]
            header += [column_label(f"new_{c}", lang) for c in _CAPS]
            fmts += [_POWER] * 4
        if invest is not None:
            header.append(column_label("investment", lang, unit=munit))
            fmts.append(_MONEY)
        header.append(column_label("target_share", lang))
        fmts.append(_PCT)
        out_rows = []
        for i, r in enumerate(recs):
            row = [int(r["year"]), *[r.get(c) for c in _CAPS]]
            if prev is not None:
                new = [max(0.0, float(r[c]) - prev[k]) for k, c in enumerate(_CAPS)]
                prev = [max(p, float(r[c])) for p, c in zip(prev, _CAPS, strict=True)]
                row += new
            if invest is not None:
                row.append(invest[i] / scale)
            row.append(targets.get(int(r["year"])))
            out_rows.append(row)
        book.sheet("plan", header, out_rows, fmts)

    # ---- checks ------------------------------------------------------------------------------
    checks = checks_of(data)
    if checks:
        cols = ["year", "rule", "rule_id", "sense", "value", "limit", "unit", "lp_value", "passed"]
        header = [column_label(c, lang) for c in cols]
        out_rows = []
        fmts_rows = []
        for c in sorted(checks, key=lambda c: int(c["year"])):
            share = c.get("unit") in ("share", "1")
            f = _PCT if share else "#,##0.00"
            out_rows.append(
                [
                    int(c["year"]),
                    rule_label(str(c["rule"]), lang)[0],
                    str(c["rule"]),
                    {">=": "≥", "<=": "≤"}.get(str(c.get("sense")), str(c.get("sense", ""))),
                    c.get("value"),
                    c.get("limit"),
                    "%" if share else str(c.get("unit") or ""),
                    c.get("lp_value"),
                    None if c.get("passed") is None else (yes if c["passed"] else no),
                ]
            )
            fmts_rows.append(f)
        sheet_row_formats(book, "checks", header, out_rows, fmts_rows, (4, 5, 7))

    # ---- yearly KPIs -------------------------------------------------------------------------
    for sid, recs in (("kpis_lp", inp.kpis_lp), ("kpis_simulated", inp.kpis_sim)):
        if not recs:
            continue
        keys = [k for k in KPI_NAMES if any(k in r for r in recs)]
        extra = sorted({k for r in recs for k in r} - set(keys) - {"year"})
        cols = ["year", *keys, *extra]
        out_rows = []
        for r in recs:
            row = [r.get(c) for c in cols]
            if "meets_target" in cols:
                i = cols.index("meets_target")
                row[i] = None if row[i] is None else (yes if row[i] else no)
            out_rows.append(row)
        book.sheet(
            sid, [column_label(c, lang) for c in cols], out_rows, [_fmt_for(c) for c in cols]
        )

    # ---- costs -------------------------------------------------------------------------------
    cb = plan.get("cost_breakdown")
    if cb and cb.get("per_year"):
        per_year = cb["per_year"]
        items = [k for k in _COSTS if any(k in r for r in per_year)]
        header = [column_label("year", lang)]
        header += [f"{tr(f'cost_{k}', lang)} [{munit}]" for k in items]
        header.append(column_label("discount_factor", lang))
        out_rows = []
        for r in per_year:
            row = [int(r["year"])] + [_div(r.get(k), scale) for k in items]
            out_rows.append([*row, r.get("discount_factor")])
        disc = cb.get("discounted_total")
        if disc:
            out_rows.append(
                [tr("wb_discounted_total", lang)]
                + [_div(disc.get(k), scale) for k in items]
                + [None]
            )
        book.sheet("costs", header, out_rows, [None] + [_MONEY] * len(items) + ["0.0000"])

    # ---- assumptions -------------------------------------------------------------------------
    if found is not None:
        flat = _flatten(found.scenario.model_dump(mode="json"))
        book.sheet(
            "assumptions",
            [column_label("parameter", lang), column_label("val", lang)],
            ([k, v] for k, v in flat),
            widths=[40, 60],
        )

    # ---- hourly ------------------------------------------------------------------------------
    if hourly:
        for sid, df, _fname in hourly_frames:
            if df is None or len(df) > MAX_SHEET_ROWS:
                continue
            cols = [c for c in df.columns if c not in ("year", "hour")]
            header = [column_label("time", lang)] + [column_label(c, lang) for c in cols]
            times = _timestamps(df)
            values = [df[c].to_numpy(dtype=float).tolist() for c in cols]
            book.sheet(
                sid,
                header,
                ([t, *vals] for t, *vals in zip(times, *values, strict=True)),
                [_TIME] + [_POWER] * len(cols),
                widths=[18] + [max(12.0, text_width(h) + 2) for h in header[1:]],
            )
    return atomic_write(workbook_path(out_dir, lang), lambda p: book.wb.save(p))


def _div(v: Any, scale: float) -> float | None:
    if v is None:
        return None
    return float(v) / scale


def _flatten(d: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Dotted keys of a nested scenario dict (lists of tables by index)."""
    out: list[tuple[str, Any]] = []
    if isinstance(d, dict):
        for k, v in d.items():
            out += _flatten(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(d, list) and d and all(isinstance(x, dict) for x in d):
        for i, v in enumerate(d):
            out += _flatten(v, f"{prefix}.{i}")
    elif d is not None:
        out.append((prefix, ", ".join(map(str, d)) if isinstance(d, list) else d))
    return out


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
