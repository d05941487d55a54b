"""The comparison page (``compare.html``, ``compare.zh.html``) on the report's building blocks.

The page is a :class:`simulator.report.page.Page` (the planner's report's style sheet, A4 print
layout, numbered tables, self-contained); every word comes from
:mod:`simulator.report.i18n` (``cmp_*`` keys, rule labels, status words), numbers and money
from :mod:`simulator.report.format`, failure lines from
:func:`simulator.report.summary.failure_lines`. The numbers are those of
:func:`simulator.studies.compare.compare`; each numeric cell carries its unrounded value in
``data-value``, each check cell its limit and verdict in ``data-limit`` and ``data-passed``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from simulator.core.errors import InputError
from simulator.report.format import (
    esc,
    money_unit_for,
    num,
    num_delta,
    pct,
    per_mwh_unit,
    sense_symbol,
)
from simulator.report.i18n import (
    LANGS,
    capacity_column_label,
    column_label,
    rule_label,
    status_text,
    tr,
)
from simulator.report.page import Page
from simulator.report.summary import failure_lines, format_rule_value
from simulator.studies.compare import PlanRecord, compare, plan_records

__all__ = ["OTHER_PAGE", "render_compare_html"]

#: The page in the other language, linked from each page when both are written.
OTHER_PAGE = {"en": "compare.zh.html", "zh": "compare.html"}

#: Sections of the page: (heading key, anchor, starts a new A4 page when printed).
_SECTIONS = (
    ("cmp_sec_summary", "summary", False),
    ("cmp_sec_diff", "diff", False),
    ("cmp_sec_costs", "costs", True),
    ("cmp_sec_caps", "caps", False),
    ("cmp_sec_shares", "shares", True),
    ("cmp_sec_checks", "checks", False),
    ("cmp_sec_co2", "co2", False),
)


@dataclass(frozen=True)
class _Fmt:
    """How a row's numbers are written: ``v × scale`` with ``digits`` decimals."""

    scale: float = 1.0
    digits: int = 1

    def value(self, v: float) -> str:
        return num(v, self.scale, self.digits)

    def delta(self, v: float) -> str:
        return num_delta(v, self.scale, self.digits)


def _code(text: object) -> str:
    return f"<code>{esc(text)}</code>"


def _col(text: str) -> str:
    return f'<th scope="col">{esc(text)}</th>'


def _rowhead(html: str, cls: str = "", rowspan: int = 1) -> str:
    attrs = f' class="{cls}"' if cls else ""
    attrs += f' rowspan="{rowspan}"' if rowspan > 1 else ""
    return f'<th scope="row"{attrs}>{html}</th>'


def _plans_table(
    page: Page,
    recs: list[PlanRecord],
    name: str,
    heads: list[str],
    rows: list[str],
    total_last: bool = False,
) -> None:
    """Add table ``name`` (caption ``cmp_tab_NAME``): the columns ``heads``, then one per plan."""
    plans = [f'<th scope="col">{_code(r.name)}</th>' for r in recs]
    header = [_col(h) for h in heads] + plans
    title = tr(f"cmp_tab_{name}", page.lang)
    page.table_html(title, header, rows, f"table-{name}", total_last)


def _delta_line(text: str | None) -> str:
    return f'<span class="delta">{text}</span>' if text else ""


def _delta_text(v: float, ref: float, fmt: _Fmt) -> str | None:
    """``Δ +12.3 (+4.5%)`` of ``v`` against the first plan's ``ref``; None when equal."""
    if not (math.isfinite(v) and math.isfinite(ref)):
        return None
    diff = v - ref
    if abs(diff) <= 1e-9 * max(abs(ref), 1.0):
        return None
    text = "Δ " + fmt.delta(diff)
    if abs(ref) > 1e-9 and abs(diff) > 1e-12:
        text += f" ({num_delta(diff / abs(ref) * 100)}%)"
    return text


def _number_cells(values: list[float], fmt: _Fmt) -> str:
    """One cell per plan: the number, and below it the difference to the first plan."""
    ref = values[0] if values else math.nan
    cells = []
    for i, v in enumerate(values):
        raw = f' data-value="{v!r}"' if math.isfinite(v) else ""
        delta = _delta_text(v, ref, fmt) if i > 0 else None
        cells.append(f'<td class="num"{raw}>{fmt.value(v)}{_delta_line(delta)}</td>')
    return "".join(cells)


# ---- sections ------------------------------------------------------------------------------------


def _verdict_html(rec: PlanRecord, s: pd.DataFrame, lang: str) -> str:
    if s.loc["passed", rec.name]:
        return f'<span class="badge ok">✓ {esc(tr("cmp_pass", lang))}</span>'
    if not rec.plan.get("checks"):
        return f'<span class="badge bad">✗ {esc(tr("cmp_no_plan", lang))}</span>'
    n = int(s.loc["failed_checks", rec.name])
    lines = "".join(_delta_line(t) for t in failure_lines(rec.plan, lang))
    return f'<span class="badge bad">✗ {esc(tr("cmp_fail", lang, n=n))}</span>{lines}'


def _summary_cells(rec: PlanRecord, s: pd.DataFrame, lang: str) -> dict[str, str]:
    """Return the cells of one plan in the summary, by row key (HTML)."""
    none = esc(tr("cmp_none", lang))
    status = esc(status_text(str(s.loc["status", rec.name]), lang))
    if rec.plan.get("plan_kind") == "best_effort":
        status += _delta_line(esc(tr("cmp_best_effort", lang)))
    variants, overrides = s.loc["variants", rec.name], s.loc["overrides", rec.name]
    return {
        "cmp_scenario": _code(s.loc["scenario", rec.name]),
        "cmp_status": status,
        "cmp_verdict": _verdict_html(rec, s, lang),
        "cmp_variants": _code(variants) if variants else none,
        "cmp_overrides": (
            "<br>".join(_code(x) for x in str(overrides).split("; ")) if overrides else none
        ),
        "cmp_folder": _code(rec.path),
    }


def _section_summary(page: Page, recs: list[PlanRecord], tables: dict) -> None:
    lang = page.lang
    cells = [_summary_cells(r, tables["summary"], lang) for r in recs]
    rows = [
        _rowhead(esc(tr(key, lang))) + "".join(f'<td class="wrap">{c[key]}</td>' for c in cells)
        for key in cells[0]
    ]
    _plans_table(page, recs, "summary", [tr("cmp_plan", lang)], rows)


def _section_diff(page: Page, recs: list[PlanRecord], tables: dict) -> None:
    lang = page.lang
    diff = tables["assumptions"]
    if any(not r.scenario for r in recs):
        page.add(f'<p class="note">{esc(tr("cmp_diff_missing", lang))}</p>')
    if diff.empty:
        page.add(f"<p>{esc(tr('cmp_diff_none', lang))}</p>")
        return
    rows = []
    for key, row in diff.iterrows():
        ref = row.iloc[0]
        cells = [
            f'<td class="{"changed" if i > 0 and v != ref else ""}">{_code(v)}</td>'
            for i, v in enumerate(row)
        ]
        rows.append(_rowhead(_code(key)) + "".join(cells))
    _plans_table(page, recs, "diff", [tr("cmp_key", lang)], rows)
    if (diff == "–").to_numpy().any():
        page.add(f'<p class="note">{esc(tr("cmp_diff_unset", lang))}</p>')


def _section_costs(page: Page, recs: list[PlanRecord], tables: dict) -> None:
    lang = page.lang
    costs = tables["costs"]
    cur = recs[0].currency
    # one money unit for the table, chosen by its largest rows, so that the rows add up
    big = [float(v) for k in ("discounted_total", "total_investment") for v in costs.loc[k]]
    size, unit, digits = money_unit_for(big, lang, cur)
    rows = []
    for key in costs.index:
        vals = [float(v) for v in costs.loc[key]]
        part = key.startswith("discounted.")
        if part and all(not math.isfinite(v) or abs(v) < 0.5 for v in vals):
            continue  # a part that is zero in every plan
        if key == "cost_per_mwh_load":
            label, fmt = f"{tr('cmp_' + key, lang)} [{per_mwh_unit(lang, cur)}]", _Fmt()
        else:
            label, fmt = f"{tr('cmp_' + key, lang)} [{unit}]", _Fmt(1.0 / size, digits)
        rows.append(_rowhead(esc(label), "sub" if part else "") + _number_cells(vals, fmt))
    _plans_table(page, recs, "costs", [tr("cmp_cost", lang)], rows)
    page.add(f'<p class="note">{esc(tr("cmp_cost_note", lang))}</p>')


def _by_year_rows(
    frame: pd.DataFrame, label: str, cells: Callable[[int, pd.Series], str]
) -> list[str]:
    """Rows of one quantity by year: its label spans the years, then year and cells."""
    rows = []
    for i, (year, row) in enumerate(frame.iterrows()):
        head = _rowhead(esc(label), rowspan=len(frame)) if i == 0 else ""
        rows.append(f"{head}<td>{year}</td>{cells(int(year), row)}")
    return rows


def _section_caps(page: Page, recs: list[PlanRecord], tables: dict) -> None:
    lang = page.lang
    caps = tables["capacities"]
    rows = []
    keys = list(dict.fromkeys(caps.index.get_level_values(0)))
    for key in keys:
        rows += _by_year_rows(
            caps.loc[key],
            capacity_column_label(key, keys, lang),
            lambda _y, row: _number_cells([float(v) for v in row], _Fmt(digits=0)),
        )
    _plans_table(page, recs, "caps", [tr("cmp_quantity", lang), column_label("year", lang)], rows)


def _share_cell(s: float, t: float, ref: float, first: bool, lang: str) -> str:
    ok = math.isfinite(s) and math.isfinite(t) and s >= t - 1e-6
    mark = " ✓" if ok else (" ✗" if math.isfinite(s) else "")
    delta = None
    if not first and math.isfinite(s) and math.isfinite(ref) and abs(s - ref) > 1e-12:
        delta = f"Δ {num_delta(s - ref, 100)} {tr('cmp_points', lang)}"
    raw = f' data-value="{s!r}"' if math.isfinite(s) else ""
    cls = "num ok" if ok else ("num bad" if math.isfinite(s) else "num")
    target = _delta_line(f"{esc(tr('cmp_target', lang))} {pct(t)}")
    return f'<td class="{cls}"{raw}>{pct(s)}{mark}{target}{_delta_line(delta)}</td>'


def _section_shares(page: Page, recs: list[PlanRecord], tables: dict) -> None:
    lang = page.lang
    sh = tables["shares"]
    rows = []
    for y in sh.loc["renewable_share"].index:
        ref = float(sh.loc[("renewable_share", y)].iloc[0])
        cells = [
            _share_cell(
                float(sh.loc[("renewable_share", y), r.name]),
                float(sh.loc[("target_share", y), r.name]),
                ref,
                i == 0,
                lang,
            )
            for i, r in enumerate(recs)
        ]
        rows.append(_rowhead(str(y)) + "".join(cells))
    _plans_table(page, recs, "shares", [column_label("year", lang)], rows)


def _check_cell(row: pd.Series, plan: str, lang: str) -> str:
    if (plan, "value") not in row.index or pd.isna(row[(plan, "value")]):
        return '<td class="num">–</td>'
    v, lim = float(row[(plan, "value")]), float(row[(plan, "limit")])
    unit, sense = str(row[(plan, "unit")]), sense_symbol(row[(plan, "sense")])
    ok = bool(row[(plan, "passed")])
    limit = f"{esc(tr('cmp_limit', lang))} {sense} {esc(format_rule_value(lim, unit, lang))}"
    return (
        f'<td class="num {"ok" if ok else "bad"}" data-value="{v!r}" data-limit="{lim!r}" '
        f'data-passed="{str(ok).lower()}">{esc(format_rule_value(v, unit, lang))} '
        f"{'✓' if ok else '✗'}{_delta_line(limit)}</td>"
    )


def _section_checks(page: Page, recs: list[PlanRecord], tables: dict) -> None:
    lang = page.lang
    checks = tables["checks"]
    if checks.empty:
        page.add(f"<p>{esc(tr('cmp_no_checks', lang))}</p>")
        return
    rows = []
    for rule in dict.fromkeys(checks.index.get_level_values(0)):
        label, known = rule_label(str(rule), lang)
        sub = checks.loc[rule]
        for i, (year, row) in enumerate(sub.iterrows()):
            head = _rowhead(esc(label) if known else _code(label), rowspan=len(sub))
            cells = "".join(_check_cell(row, r.name, lang) for r in recs)
            rows.append(f"{head if i == 0 else ''}<td>{year}</td>{cells}")
    _plans_table(
        page, recs, "checks", [column_label("rule", lang), column_label("year", lang)], rows
    )
    if any('<td class="num">–</td>' in r for r in rows):
        page.add(f'<p class="note">{esc(tr("cmp_no_rule", lang))}</p>')


def _section_co2(page: Page, recs: list[PlanRecord], tables: dict) -> None:
    lang = page.lang
    rows = [
        _rowhead(esc(tr("cmp_total", lang) if y == "total" else str(y)))
        + _number_cells([float(v) for v in row], _Fmt(1e-3, 1))
        for y, row in tables["co2"].iterrows()
    ]
    _plans_table(page, recs, "co2", [tr("cmp_co2_kt", lang)], rows, total_last=True)


_RENDER = {
    "summary": _section_summary,
    "diff": _section_diff,
    "costs": _section_costs,
    "caps": _section_caps,
    "shares": _section_shares,
    "checks": _section_checks,
    "co2": _section_co2,
}


def _header(page: Page, recs: list[PlanRecord], heading: str, link_other: bool) -> None:
    lang = page.lang
    page.add(f'<h1>{esc(heading)}</h1><p class="sub">{esc(tr("cmp_subtitle", lang))}</p>')
    links = [f'<a href="#{a}">{esc(tr(k, lang))}</a>' for k, a, _ in _SECTIONS]
    if link_other:
        links.append(f'<a href="{OTHER_PAGE[lang]}">{esc(tr("cmp_lang_other", lang))}</a>')
    page.add(f'<nav class="toc">{"".join(links)}</nav>')
    read = esc(tr("cmp_read", lang, first="\0")).replace("\0", _code(recs[0].name))
    page.add(f'<div class="note"><p>{read}</p></div>')


def render_compare_html(
    dirs: Sequence[str | Path] | Sequence[PlanRecord],
    lang: str = "en",
    names: Sequence[str] | None = None,
    title: str | None = None,
    link_other: bool = False,
) -> str:
    """Return the self-contained comparison page (HTML) in English (``en``) or Chinese (``zh``).

    Parameters
    ----------
    dirs : sequence of str or Path (or of PlanRecord)
        Plan folders; the first is the reference of the differences.
    lang : {"en", "zh"}
        Language of the page.
    names : sequence of str, optional
        Labels of the plans (default: the folder names).
    title : str, optional
        Heading (default "Plan comparison" / "方案比较").
    link_other : bool
        Link the page in the other language (:data:`OTHER_PAGE`).

    Returns
    -------
    str
        The page. Sections: summary (scenario, status, verdict, variants, overrides, folder),
        what differs between the plans (scenario keys), costs, capacities by year, shares
        against targets, every rule by year, CO2; each number of the second and later plans
        with its difference to the first.

    Raises
    ------
    InputError
        ``lang`` is not ``en`` or ``zh``, or a folder has no ``plan.json``.
    """
    if lang not in LANGS:
        raise InputError("lang", None, "must be en, zh or both")
    from simulator.core.provenance import parkbalance_version

    recs = plan_records(dirs, names)
    tables = compare(recs)
    page = Page(lang)
    heading = title or tr("cmp_title", lang)
    _header(page, recs, heading, link_other)
    for key, anchor, newpage in _SECTIONS:
        page.h2(key, anchor, newpage=newpage)
        _RENDER[anchor](page, recs, tables)
    page.add(f"<footer>{esc(tr('cmp_generated', lang, version=parkbalance_version()))}</footer>")
    return page.html(heading)
