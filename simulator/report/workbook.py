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
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from simulator.core.errors import InputError
from simulator.core.io import atomic_write
from simulator.core.kpis import COMPONENT_KPI_NAMES, KPI_NAMES
from simulator.core.vocabulary import COST_ITEMS
from simulator.report.book import Book, sheet_row_formats, text_width
from simulator.report.components import (
    capacity_label,
    capacity_names,
    item_kpi_names,
    kpi_label,
    park_items,
)
from simulator.report.format import MONEY_UNIT_SCALE, money_unit
from simulator.report.i18n import (
    LANGS,
    column_label,
    rule_label,
    status_text,
    tr,
    translate_message,
)
from simulator.report.inputs import load_inputs
from simulator.report.summary import (
    _when,
    checks_of,
    cost_per_mwh_load,
    format_rule_value,
    investment_per_year,
    provenance_of,
    verdict_of,
)

if TYPE_CHECKING:  # pragma: no cover
    from simulator.report.inputs import ReportInputs

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
_SHARES = {
    "renewable_share",
    "renewable_utilisation",
    "target_share",
    "target_gap_share",
    "process_renewable_share",
}
#: A row of the summary sheet: label, value, number format.
_Row = tuple[str, Any, str | None]
_CAPS = ("wind_mw", "solar_mw", "storage_mwh", "storage_mw")
_COSTS = (*COST_ITEMS, "total")


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


def _timestamps(df: pd.DataFrame) -> list[_dt.datetime]:
    """Local time of each row from ``year`` and ``hour`` (model years have no 29 February)."""
    base = _dt.datetime(2023, 1, 1)
    out = []
    for y, h in zip(df["year"].to_numpy(), df["hour"].to_numpy(), strict=True):
        t = base + _dt.timedelta(hours=int(h))
        out.append(t.replace(year=int(y)))
    return out


def _verdict_rows(data: dict, lang: str) -> list[_Row]:
    """Summary rows of the verdict: passed or not, and each failed rule."""
    yes, no = tr("wb_yes", lang), tr("wb_no", lang)
    verdict = verdict_of(data)
    if verdict is None:
        return [(tr("wb_passed", lang), tr("not_recorded", lang), None)]
    rows: list[_Row] = [(tr("wb_passed", lang), yes if verdict.get("passed") is True else no, None)]
    failed = [c for c in checks_of(data) or [] if c.get("passed") is False]
    if lang == "zh" and failed:
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
    return rows


def _outcome_rows(inp: ReportInputs, lang: str, invest: list[float] | None) -> list[_Row]:
    """Summary rows of a plan: status, kind, currency, investment, discounted cost, cost/MWh."""
    plan = inp.plan or {}
    cur = inp.currency
    scale = MONEY_UNIT_SCALE[lang]
    munit = money_unit(lang, cur)
    rows: list[_Row] = [(tr("outcome", lang), status_text(str(plan.get("status")), lang), None)]
    kind = str(plan.get("plan_kind") or "none")
    kind_key = f"kind_{kind}" if kind in ("least_cost", "best_effort") else "kind_none"
    rows.append((tr("plan_kind", lang), tr(kind_key, lang), None))
    rows.append((tr("wb_currency", lang), cur, None))
    rows.append((tr("wb_money_unit", lang), munit, None))
    if invest is not None:
        rows.append((f"{tr('k_investment', lang)} [{munit}]", sum(invest) / scale, _MONEY))
    if plan.get("objective") is not None:
        rows.append((f"{tr('k_discounted', lang)} [{munit}]", plan["objective"] / scale, _MONEY))
    cpm = cost_per_mwh_load(plan)
    if cpm is not None:
        unit = f"{'元' if lang == 'zh' and cur == 'CNY' else cur}/MWh"
        rows.append((f"{tr('k_cost_mwh', lang)} [{unit}]", cpm, _MONEY))
    return rows


def _provenance_rows(inp: ReportInputs, lang: str) -> list[_Row]:
    """Summary rows of the provenance: when, versions, command, scenario source and digest."""
    plan = inp.plan or {}
    prov = provenance_of(inp.data or {}) or {}
    rows: list[_Row] = []
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
    return rows


def _hourly_frames(inp: ReportInputs) -> list[tuple[str, pd.DataFrame | None, str | None]]:
    """Sheet id, hourly table and Parquet file name of the simulated and the LP dispatch."""
    if inp.kind != "plan":
        return [("hourly", inp.hourly, "hourly.parquet"), ("hourly_lp", inp.hourly_lp, None)]
    files = (inp.plan or {}).get("files") or {}
    return [
        ("hourly", inp.hourly, files.get("hourly_simulation", "hourly.parquet")),
        ("hourly_lp", inp.hourly_lp, files.get("hourly_lp", "hourly_lp.parquet")),
    ]


def _summary_sheet(book: Book, inp: ReportInputs, invest: list[float] | None, hourly: bool) -> None:
    """Add the summary sheet: scenario, verdict, outcome, messages, provenance, files."""
    lang = book.lang
    plan = inp.plan or {}
    rows: list[_Row] = [
        (tr("scenario", lang), inp.scenario_name, None),
        (tr("wb_kind", lang), tr(f"wb_kind_{inp.kind}", lang), None),
    ]
    rows += _verdict_rows(inp.data or {}, lang)
    if inp.kind == "plan":
        rows += _outcome_rows(inp, lang, invest)
    for m in plan.get("messages") or []:
        text, _ok = translate_message(str(m), lang)
        rows.append((tr("wb_message", lang), text, None))
    rows += _provenance_rows(inp, lang)
    rows.append((tr("source_files", lang), ", ".join(inp.files), None))
    for _sid, df, fname in _hourly_frames(inp):
        if df is None:
            continue
        if not hourly:
            rows.append((tr("wb_message", lang), tr("wb_hourly_option", lang, file=fname), None))
        elif len(df) > MAX_SHEET_ROWS:
            text = tr("wb_hourly_left_out", lang, rows=len(df), file=fname)
            rows.append((tr("wb_message", lang), text, None))
    sheet_row_formats(
        book,
        "summary",
        [column_label("key", lang), column_label("val", lang)],
        [[k, v] for k, v, _f in rows],
        [f for _k, _v, f in rows],
        (1,),
        widths=[46, 90],
    )


def _plan_sheet(book: Book, inp: ReportInputs, invest: list[float] | None) -> None:
    """Add the plan sheet: capacities per year, the year's additions, investment, target.

    A park with several stores, flexible processes or a coal retrofit option gets a column per
    capacity (:func:`simulator.report.components.capacity_names`) and the retrofit depth.
    """
    if inp.capacities is None or not len(inp.capacities):
        return
    lang = book.lang
    plan = inp.plan or {}
    scale = MONEY_UNIT_SCALE[lang]
    targets = {int(t["year"]): t.get("target_share") for t in plan.get("targets") or []}
    if not targets:
        targets = {int(r["year"]): r.get("target_share") for r in inp.kpis_sim or []}
    recs = inp.capacities.to_dict(orient="records")
    items = park_items(inp)
    names = capacity_names(items, list(inp.capacities.columns)) if items.any else list(_CAPS)
    header = [column_label("year", lang)] + [capacity_label(c, lang, items) for c in names]
    fmts: list[str | None] = [None] + [_POWER] * len(names)
    rows = [[int(r["year"]), *[r.get(c) for c in names]] for r in recs]
    if inp.scenario is not None:
        _new_columns(inp.scenario.scenario, recs, names, items, lang, (header, fmts, rows))
    if items.retrofit and "coal_min_load_mw" in names:
        _retrofit_columns(recs, items, lang, (header, fmts, rows))
    if invest is not None:
        header.append(column_label("investment", lang, unit=money_unit(lang, inp.currency)))
        fmts.append(_MONEY)
        for row, v in zip(rows, invest, strict=True):
            row.append(v / scale)
    header.append(column_label("target_share", lang))
    fmts.append(_PCT)
    for row, r in zip(rows, recs, strict=True):
        row.append(targets.get(int(r["year"])))
    book.sheet("plan", header, rows, fmts)


#: Header, number formats and rows of a sheet being built (extended in place).
_Columns = tuple[list[str], list[str | None], list[list[Any]]]


def _new_columns(
    sc: Any, recs: list[dict], names: list[str], items: Any, lang: str, out: _Columns
) -> None:
    """Append the capacity added each year over the year before (the first over the existing).

    A capacity that shrinks adds nothing; the coal minimum load and the sums over the stores
    have no such column.
    """
    from simulator.core.simulate import existing_capacities

    header, fmts, rows = out
    existing = existing_capacities(sc)
    if not items.any:
        existing["storage_mwh"] = sum(st.existing_mwh for st in sc.stores)
        existing["storage_mw"] = sum(st.existing_mw for st in sc.stores)
    new = [c for c in names if c in existing and c != "coal_min_load_mw"]
    for c in new:
        if c in _CAPS or not items.any:
            header.append(column_label(f"new_{c}", lang))
        else:
            label = capacity_label(c, lang, items)
            header.append(column_label("new_item", lang, label=label))
        fmts.append(_POWER)
    prev = {c: float(existing[c]) for c in new}
    for row, r in zip(rows, recs, strict=True):
        for c in new:
            v = float(r[c])
            row.append(max(0.0, v - prev[c]))
            prev[c] = max(prev[c], v)


def _retrofit_columns(recs: list[dict], items: Any, lang: str, out: _Columns) -> None:
    """Append the coal minimum load as a share of the unit and the retrofit depth reached.

    Depth = original minimum − the year's minimum load [MW], and its share of the full depth
    (original minimum − the retrofit's lowest minimum load); empty without the scenario.
    """
    header, fmts, rows = out
    cap, m0, floor = items.coal_capacity_mw, items.coal_min_mw, items.coal_floor_mw
    for key, fmt in (
        ("coal_min_load_share", _PCT),
        ("retrofit_depth_mw", _POWER),
        ("retrofit_depth_share", _PCT),
    ):
        header.append(column_label(key, lang))
        fmts.append(fmt)
    for row, r in zip(rows, recs, strict=True):
        m = float(r["coal_min_load_mw"])
        row.append(m / cap if cap else None)
        row.append(max(0.0, m0 - m) if m0 is not None else None)
        full = (m0 - floor) if m0 is not None and floor is not None else None
        row.append(max(0.0, m0 - m) / full if full else None)


def _checks_sheet(book: Book, data: dict) -> None:
    """Add the checks sheet: every check of the verdict, when recorded."""
    checks = checks_of(data)
    if not checks:
        return
    lang = book.lang
    yes, no = tr("wb_yes", lang), tr("wb_no", lang)
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


def _kpi_sheets(book: Book, inp: ReportInputs) -> None:
    """Add the yearly KPIs of the LP and of the simulation, one sheet each."""
    lang = book.lang
    yes, no = tr("wb_yes", lang), tr("wb_no", lang)
    items = park_items(inp) if inp.kpis_lp or inp.kpis_sim else None
    known = list(KPI_NAMES)
    if items is not None and items.any:  # the park's components, in the park's order
        known += [*COMPONENT_KPI_NAMES, *(c for c, _item, _sum in item_kpi_names(items))]
    for sid, recs in (("kpis_lp", inp.kpis_lp), ("kpis_simulated", inp.kpis_sim)):
        if not recs:
            continue
        keys = [k for k in known if any(k in r for r in recs)]
        extra = sorted({k for r in recs for k in r} - set(keys) - {"year"})
        cols = ["year", *keys, *extra]
        out_rows = []
        for r in recs:
            row = [r.get(c) for c in cols]
            if "meets_target" in cols:
                i = cols.index("meets_target")
                row[i] = None if row[i] is None else (yes if row[i] else no)
            out_rows.append(row)
        if items is not None and items.any:
            header = [column_label("year", lang)] + [kpi_label(c, lang, items) for c in cols[1:]]
        else:
            header = [column_label(c, lang) for c in cols]
        book.sheet(sid, header, out_rows, [_fmt_for(c) for c in cols])


def _costs_sheet(book: Book, plan: dict, cur: str) -> None:
    """Add the costs per year (undiscounted) and their discounted total, in the money unit."""
    cb = plan.get("cost_breakdown")
    if not (cb and cb.get("per_year")):
        return
    lang = book.lang
    scale = MONEY_UNIT_SCALE[lang]
    munit = money_unit(lang, cur)
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
            [tr("wb_discounted_total", lang)] + [_div(disc.get(k), scale) for k in items] + [None]
        )
    book.sheet("costs", header, out_rows, [None] + [_MONEY] * len(items) + ["0.0000"])


def _hourly_sheets(book: Book, inp: ReportInputs) -> None:
    """Add the hourly dispatch (simulated, LP) with local timestamps, where small enough."""
    lang = book.lang
    for sid, df, _fname in _hourly_frames(inp):
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
        Bad directory, unreadable inputs, a sweep, or an unknown language (naming the argument
        ``lang``).
    """
    if lang not in LANGS:
        raise InputError("lang", None, f"must be one of {', '.join(LANGS)} (got {lang!r})")
    inp = load_inputs(out_dir)
    if inp.kind == "sweep":
        raise InputError(out_dir, None, "a workbook is written for output directories only")
    book = Book(lang)
    found = inp.scenario
    invest = investment_per_year(inp, found.scenario) if found is not None else None
    _summary_sheet(book, inp, invest, hourly)
    _plan_sheet(book, inp, invest)
    _checks_sheet(book, inp.data or {})
    _kpi_sheets(book, inp)
    _costs_sheet(book, inp.plan or {}, inp.currency)
    if found is not None:
        flat = _flatten(found.scenario.model_dump(mode="json"))
        book.sheet(
            "assumptions",
            [column_label("parameter", lang), column_label("val", lang)],
            ([k, v] for k, v in flat),
            widths=[40, 60],
        )
    if hourly:
        _hourly_sheets(book, inp)
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
