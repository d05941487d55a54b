"""The comparison as an Excel workbook (``results.xlsx``, ``results.zh.xlsx``).

Built with the planner's report's workbook helpers (:class:`simulator.report.book.Book`:
bold frozen header, number formats, sheet names in the language) and its words
(:mod:`simulator.report.i18n`). Money is in the report's table unit (CNY million or 万元) on every
row, so that the columns add up; the numbers are those of :func:`simulator.studies.compare.compare`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from simulator.core.io import atomic_write
from simulator.report.book import Book, sheet_row_formats, text_width
from simulator.report.format import MONEY_UNIT_SCALE, is_missing, money_unit, per_mwh_unit
from simulator.report.i18n import capacity_column_label, column_label, rule_label, status_text, tr
from simulator.studies.compare import PlanRecord, compare, plan_records, toml_text

__all__ = ["write_compare_workbook"]

_PCT = "0.0%"
_ONE = "#,##0.0"
_WHOLE = "#,##0"


def _widths(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[float]:
    """Column widths that fit the header and the values (9 to 60 characters)."""
    out = []
    for i, h in enumerate(header):
        texts = [h] + [
            f"{r[i]:,.1f}" if isinstance(r[i], float) else str(r[i])
            for r in rows
            if i < len(r) and r[i] is not None
        ]
        out.append(min(max(max(text_width(t) for t in texts) + 2, 9.0), 60.0))
    return out


def _with_deltas(vals: list[float]) -> list[float]:
    """Return the plans' values, then each later plan's difference to the first."""
    return vals + [v - vals[0] for v in vals[1:]]


def _add(
    book: Book, sheet_id: str, header: list[str], rows: list[list[Any]], fmt: str | None, first: int
) -> None:
    """Add a sheet whose columns from ``first`` (0-based) have the number format ``fmt``."""
    formats = [None] * first + [fmt] * (len(header) - first)
    freeze = "C2" if first == 2 else "B2"
    book.sheet(sheet_id, header, rows, formats, _widths(header, rows), freeze=freeze)


def _summary_sheet(book: Book, tables: dict, names: list[str]) -> None:
    lang = book.lang
    s = tables["summary"]
    verdict = [
        tr("cmp_pass", lang)
        if s.loc["passed", n]
        else tr("cmp_fail", lang, n=int(s.loc["failed_checks", n]))
        for n in names
    ]
    rows = [
        [tr("cmp_scenario", lang)] + [str(s.loc["scenario", n] or "") for n in names],
        [tr("cmp_status", lang)] + [status_text(str(s.loc["status", n]), lang) for n in names],
        [tr("cmp_verdict", lang), *verdict],
    ]
    for key in ("variants", "overrides", "folder"):
        rows.append([tr(f"cmp_{key}", lang)] + [str(s.loc[key, n] or "") for n in names])
    _add(book, "summary", [tr("cmp_plan", lang), *names], rows, None, 1)


def _costs_sheet(book: Book, tables: dict, head: list[str], cur: str) -> None:
    """Add the costs: one fixed unit on every row, so that a column can be summed."""
    lang = book.lang
    costs = tables["costs"]
    rows = []
    for key in costs.index:
        vals = [float(v) for v in costs.loc[key]]
        if key == "cost_per_mwh_load":
            rows.append(
                [f"{tr('cmp_' + key, lang)} [{per_mwh_unit(lang, cur)}]", *_with_deltas(vals)]
            )
        else:
            scaled = [v / MONEY_UNIT_SCALE[lang] for v in vals]
            label = f"{tr('cmp_' + key, lang)} [{money_unit(lang, cur)}]"
            rows.append([label, *_with_deltas(scaled)])
    _add(book, "costs", [tr("cmp_cost", lang), *head], rows, _ONE, 1)


def _by_year_sheet(
    book: Book,
    sheet_id: str,
    frame: pd.DataFrame,
    labels: dict[str, str],
    head: list[str],
    fmt: str,
) -> None:
    lang = book.lang
    rows = [
        [labels.get(q, q), int(y), *_with_deltas([float(v) for v in row])]
        for (q, y), row in frame.iterrows()
    ]
    header = [tr("cmp_quantity", lang), column_label("year", lang), *head]
    _add(book, sheet_id, header, rows, fmt, 2)


def _checks_sheet(book: Book, tables: dict, names: list[str]) -> None:
    """Add the checks: value, limit and result per plan (shares as %, MW and h as numbers)."""
    lang = book.lang
    checks = tables["checks"]
    header = [column_label("rule", lang), column_label("year", lang)]
    for n in names:
        header += [f"{n}: {tr(k, lang)}" for k in ("cmp_value", "cmp_limit", "cmp_result")]
    rows, formats = [], []
    for (rule, year), row in checks.iterrows():
        out: list[Any] = [rule_label(str(rule), lang)[0], int(year)]
        for n in names:
            if (n, "value") in row.index and not is_missing(row[(n, "value")]):
                ok = bool(row[(n, "passed")])
                out += [float(row[(n, "value")]), float(row[(n, "limit")])]
                out.append(tr("cmp_passed" if ok else "cmp_failed", lang))
            else:
                out += [None, None, None]
        rows.append(out)
        units = {str(row[(n, "unit")]) for n in names if (n, "unit") in row.index}
        formats.append(_PCT if units == {"share"} else _ONE)
    columns = [2 + 3 * j + k for j in range(len(names)) for k in (0, 1)]
    widths = _widths(header, rows)
    sheet_row_formats(book, "checks", header, rows, formats, columns, widths, freeze="C2")


def _assumptions_sheet(book: Book, tables: dict, recs: list[PlanRecord]) -> None:
    rows = []
    for key in tables["assumptions"].index:  # numbers stay numbers in the workbook
        vals = [r.scenario.get(key) for r in recs]
        rows.append(
            [str(key)]
            + [
                v if isinstance(v, int | float) and not isinstance(v, bool) else toml_text(v)
                for v in vals
            ]
        )
    _add(
        book, "cmp_assumptions", [tr("cmp_key", book.lang), *[r.name for r in recs]], rows, None, 1
    )


def write_compare_workbook(
    dirs: Sequence[str | Path] | Sequence[PlanRecord],
    path: str | Path,
    lang: str = "en",
    names: Sequence[str] | None = None,
) -> Path:
    """Write the comparison as an Excel workbook, atomically.

    Sheets (names and headers in ``lang``): summary, costs (money in CNY million, or 万元 in
    Chinese; cost per MWh in CNY/MWh), capacities, shares (fractions shown as percentages),
    checks (value, limit, passed per plan), co2 [t], assumptions (changed scenario keys).
    Each numeric sheet has one column per plan and then one ``Δ PLAN`` column per later plan
    (the difference against the first). Headers are bold and frozen, columns sized to fit.

    Returns
    -------
    Path
        The workbook's path.
    """
    recs = plan_records(dirs, names)
    tables = compare(recs)
    plan_names = [r.name for r in recs]
    head = plan_names + [tr("cmp_delta", lang, name=n) for n in plan_names[1:]]
    book = Book(lang)
    _summary_sheet(book, tables, plan_names)
    _costs_sheet(book, tables, head, recs[0].currency)
    keys = list(dict.fromkeys(tables["capacities"].index.get_level_values(0)))
    caps = {k: capacity_column_label(k, keys, lang) for k in keys}
    _by_year_sheet(book, "cmp_capacities", tables["capacities"], caps, head, _ONE)
    share, target = tr("cmp_share_col", lang), tr("cmp_target_col", lang)
    labels = {"renewable_share": share, "target_share": target, "gap_share": f"{share} − {target}"}
    _by_year_sheet(book, "cmp_shares", tables["shares"], labels, head, _PCT)
    _checks_sheet(book, tables, plan_names)
    rows = [
        [tr("cmp_total", lang) if y == "total" else int(y), *_with_deltas([float(v) for v in row])]
        for y, row in tables["co2"].iterrows()
    ]
    co2_head = f"{column_label('year', lang)} / {column_label('co2_t', lang)}"
    _add(book, "cmp_co2", [co2_head, *head], rows, _WHOLE, 1)
    _assumptions_sheet(book, tables, recs)
    return atomic_write(Path(path), lambda p: book.wb.save(p))
