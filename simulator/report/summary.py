"""Executive summary, policy checks, provenance and headline money of the planner's report.

Reads the keys ``verdict``, ``checks`` and ``provenance`` of ``plan.json`` / ``kpis.json``
(issue 11); outputs written before them have none, and the page then says "not recorded"
instead of guessing. The headline never says that a plan meets every rule unless
``verdict.passed`` is true.

Money shown here is computed from the outputs and the scenario, never rounded before summing:

* total investment = Σ over years and assets of the capacity added that year × the scenario's
  capex (overnight, undiscounted; existing capacity is not counted);
* discounted total cost = ``plan.json["objective"]`` (= ``cost_breakdown.discounted_total.total``);
* cost per MWh of load = Σ_y d_y · total_y / Σ_y d_y · load_y with the discount factors d_y of
  ``cost_breakdown`` and the LP's load (the load the objective pays for).
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import TYPE_CHECKING, Any

from simulator.report.format import is_missing, money, num, pct, per_mwh
from simulator.report.i18n import rule_label, tr, translate_message
from simulator.report.inputs import (
    ScenarioFound,
    checks_of,
    provenance_of,
    scenario_of,
    verdict_of,
)
from simulator.report.page import Page, esc, verbatim

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from simulator.core.scenario import Scenario
    from simulator.report.inputs import ReportInputs

__all__ = [
    "ScenarioFound",
    "checks_of",
    "cost_per_mwh_load",
    "failure_lines",
    "format_rule_value",
    "investment_per_year",
    "provenance_of",
    "render_checks",
    "render_provenance",
    "render_summary",
    "scenario_of",
    "verdict_of",
]

_CAPS = ("wind_mw", "solar_mw", "storage_mwh", "storage_mw")
_SENSE = {">=": "≥", "<=": "≤", "==": "=", ">": ">", "<": "<"}


# ---- reading the contract ------------------------------------------------------------------------


# ---- derived money ------------------------------------------------------------------------------


def investment_per_year(inp: ReportInputs, sc: Scenario) -> list[float] | None:
    """Overnight investment in new capacity in each year of the plan [currency].

    Capacity added in year y (over the year before; over the scenario's existing capacity in the
    first year) times the scenario's capex; a capacity that shrinks adds nothing. A coal
    flexibility retrofit adds the cost of the depth reached that year.
    """
    from simulator.core.simulate import capex_per_unit, existing_capacities

    caps = inp.capacities
    unit = capex_per_unit(sc)
    if caps is None or not len(caps) or not all(k in caps.columns for k in unit):
        return None
    prev = {k: v for k, v in existing_capacities(sc).items() if k in unit}
    retro = _retrofit_cost_per_mw(sc) if "coal_min_load_mw" in caps.columns else 0.0
    m_prev = sc.coal.min_load_share * sc.coal.capacity_mw if retro else 0.0
    out = []
    for r in caps.to_dict(orient="records"):
        total = 0.0
        if retro:  # the retrofit depth reached this year, pro rata of the full depth's cost
            m = float(r["coal_min_load_mw"])
            total += max(0.0, m_prev - m) * retro
            m_prev = min(m_prev, m)
        for k in unit:
            v = float(r[k])
            total += max(0.0, v - prev[k]) * unit[k]
            prev[k] = max(prev[k], v)
        out.append(total)
    return out


def _retrofit_cost_per_mw(sc: Scenario) -> float:
    """Overnight cost of lowering the coal minimum load by 1 MW [currency/MW] (0 without one).

    The full depth (``min_load_share`` → ``retrofit_min_load_share``) costs
    ``retrofit_capex_per_kw`` per kW of unit capacity; a partial depth pro rata.
    """
    coal = sc.coal
    if coal is None or coal.retrofit_min_load_share is None:
        return 0.0
    depth = coal.min_load_share - coal.retrofit_min_load_share
    return coal.retrofit_capex_per_kw * 1e3 / depth if depth > 0 else 0.0


def cost_per_mwh_load(plan: dict | None) -> float | None:
    """Discounted cost per MWh of load [currency/MWh], or None without costs or LP KPIs."""
    cb = (plan or {}).get("cost_breakdown") or {}
    per_year = cb.get("per_year") or []
    load = {int(r["year"]): r.get("load_mwh") for r in (plan or {}).get("lp_kpis") or []}
    if not per_year or not load:
        return None
    num_, den = 0.0, 0.0
    for r in per_year:
        d = r.get("discount_factor")
        mwh = load.get(int(r["year"]))
        if is_missing(d) or is_missing(mwh) or is_missing(r.get("total")):
            return None
        num_ += float(d) * float(r["total"])
        den += float(d) * float(mwh)
    return num_ / den if den > 0 else None


# ---- formatting of checks -----------------------------------------------------------------------


def format_rule_value(v: Any, unit: str | None, lang: str) -> str:
    """Format a check's value or limit with its unit: shares as %, MW and h with their unit."""
    if is_missing(v):
        return "–"
    unit = unit or ""
    if unit in ("share", "1", "fraction"):
        return pct(v)
    if unit == "h":
        return f"{num(v, digits=2)} h"
    if unit in ("MW", "MWh", "GWh"):
        return f"{num(v)} {unit}"
    f = float(v)
    digits = 0 if abs(f) >= 1000 else (1 if abs(f) >= 10 else 3)
    return f"{num(f, digits=digits)} {unit}".strip()


def _rule_html(rule: str, lang: str) -> str:
    label, known = rule_label(rule, lang)
    return esc(label) if known else f"<code>{esc(label)}</code>"


def _sense(s: Any) -> str:
    return _SENSE.get(str(s), str(s))


def failure_lines(data: dict | None, lang: str) -> list[str]:
    """Return the failures of the verdict as HTML list items' content, in ``lang``.

    English shows ``verdict.failures`` as recorded. Chinese builds each line from the failed
    checks; a recorded failure that no check explains is translated by pattern or shown as given.
    """
    verdict = verdict_of(data) or {}
    failures = [str(f) for f in verdict.get("failures") or []]
    failed = [c for c in checks_of(data) or [] if c.get("passed") is False]
    generated = []
    for c in failed:
        label, known = rule_label(str(c["rule"]), lang)
        text = tr(
            "failure_line",
            lang,
            year=c["year"],
            rule="\0",
            value=format_rule_value(c.get("value"), c.get("unit"), lang),
            sense=_sense(c.get("sense")),
            limit=format_rule_value(c.get("limit"), c.get("unit"), lang),
        )
        rule_html = esc(label) if known else f"<code>{esc(label)}</code>"
        generated.append(esc(text).replace("\0", rule_html))
    if lang != "zh":
        return [esc(f) for f in failures] if failures else generated
    out = list(generated)
    failed_years = {str(c["year"]) for c in failed}
    for f in failures:
        head = f.split(":", 1)[0]
        if head.startswith("year ") and head[5:].strip() in failed_years:
            continue  # explained by a failed check above
        text, ok = translate_message(f, lang)
        out.append(esc(text) if ok else f"{verbatim(text, lang)} {esc(tr('verbatim_note', lang))}")
    return out


# ---- sections -----------------------------------------------------------------------------------


def _verdict_box(page: Page, inp: ReportInputs) -> None:
    lang = page.lang
    data = inp.data
    verdict = verdict_of(data)
    sim = inp.kind == "simulation"
    if verdict is None:
        page.add(
            f'<div class="verdict unknown" id="verdict"><p>{esc(tr("verdict_unknown", lang))}</p>'
            "</div>"
        )
        return
    if verdict.get("passed") is True:
        key = "verdict_pass_sim" if sim else "verdict_pass"
        page.add(f'<div class="verdict ok" id="verdict"><p>✓ {esc(tr(key, lang))}</p></div>')
        return
    key = "verdict_fail_sim" if sim else "verdict_fail"
    lines = failure_lines(data, lang) or [esc(tr("verdict_no_failures", lang))]
    items = "".join(f"<li>{x}</li>" for x in lines)
    page.add(
        f'<div class="verdict bad" id="verdict"><p>✗ {esc(tr(key, lang))}</p>'
        f'<ul class="failures">{items}</ul></div>'
    )


def _park_line(inp: ReportInputs, found: ScenarioFound | None, lang: str) -> str:
    name = f"<code>{esc(inp.scenario_name)}</code>"
    if found is None:
        return name
    sc = found.scenario
    years = sc.calendar_years
    text = tr(
        "park_v",
        lang,
        name="\0",
        type=tr(f"park_{sc.park_type}", lang),
        start=years[0],
        end=years[-1],
    )
    return esc(text).replace("\0", name)


def _build_table(page: Page, inp: ReportInputs, invest: list[float] | None) -> None:
    """Add the build table: capacity in place per year, the year's additions in brackets.

    The stores as their sums; a park's flexible processes (capacity, buffer) and its coal
    minimum load with a retrofit option (the year's lowering in brackets) after them. A park
    with several stores gets a second table with each store's energy and power (what to build
    of which technology).
    """
    from simulator.report.components import capacity_label, park_items
    from simulator.report.format import money_in_unit, money_unit

    lang = page.lang
    caps = inp.capacities
    items = park_items(inp)
    n_store = 2 + 2 * len(items.stores)
    extra = [t.name for t in items.terms[n_store:] if t.name in caps.columns]
    keys = [*_CAPS, *extra]
    several = len(items.stores) > 1  # the storage columns are then the sums over the stores
    header = [tr("col_year", lang)]
    header += [capacity_label(k, lang, items) if several and k.startswith("storage") else
               tr(f"col_{k}", lang) for k in _CAPS]  # fmt: skip
    header += [capacity_label(k, lang, items) for k in extra]
    if invest is not None:
        header.append(tr("col_investment", lang, unit=money_unit(lang, inp.currency)))
    rows = _build_rows(caps, keys, _existing_for_build(inp, keys))
    if invest is not None:
        for row, value in zip(rows, invest, strict=True):
            row.append((money_in_unit(value, lang), "num"))
        total = [(tr("cost_total", lang), "rowhead")] + [("", "")] * len(keys)
        rows.append([*total, (money_in_unit(sum(invest), lang), "num")])
    title = tr("tab_build" if inp.kind == "plan" else "tab_build_sim", lang)
    if "coal_min_load_mw" in keys:
        title += tr("tab_build_retrofit", lang)
    page.table(title, header, rows, "table-build", total_last=invest is not None)
    if len(items.stores) > 1:
        stores = [t.name for t in items.terms[2:n_store] if t.name in caps.columns]
        header = [tr("col_year", lang)] + [capacity_label(k, lang, items) for k in stores]
        rows = _build_rows(caps, stores, _existing_for_build(inp, stores))
        page.table(tr("tab_build_stores", lang), header, rows, "table-build-stores")


def _build_rows(caps: pd.DataFrame, keys: list[str], prev: dict | None) -> list[list[tuple]]:
    """Rows of a build table: each capacity of ``keys`` per year, the year's step in brackets."""
    rows = []
    for r in caps.to_dict(orient="records"):
        row = [(str(int(r["year"])), "num")]
        for k in keys:
            text = num(r.get(k))
            if prev is not None and k in prev and not is_missing(r.get(k)):
                v = float(r[k])
                step = prev[k] - v if k == "coal_min_load_mw" else v - prev[k]
                if round(step, 1) > 0:
                    text += f" ({'−' if k == 'coal_min_load_mw' else '+'}{num(step)})"
                prev[k] = min(prev[k], v) if k == "coal_min_load_mw" else max(prev[k], v)
            row.append((text, "num"))
        rows.append(row)
    return rows


def _existing_for_build(inp: ReportInputs, keys: list[str]) -> dict[str, float] | None:
    """Capacities before the first year (the stores summed), None without the scenario."""
    from simulator.core.simulate import existing_capacities

    found = inp.scenario
    if found is None:
        return None
    sc = found.scenario
    prev = {k: v for k, v in existing_capacities(sc).items() if k in keys}
    prev["storage_mwh"] = sum(st.existing_mwh for st in sc.stores)
    prev["storage_mw"] = sum(st.existing_mw for st in sc.stores)
    return prev


def _rules_matrix(page: Page, inp: ReportInputs, checks: list[dict]) -> None:
    lang = page.lang
    years = sorted({int(c["year"]) for c in checks})
    rules: list[str] = []
    for c in checks:
        if str(c["rule"]) not in rules:
            rules.append(str(c["rule"]))
    by = {(str(c["rule"]), int(c["year"])): c for c in checks}
    head = [tr("col_rule", lang)] + [str(y) for y in years]
    out = [
        '<div class="scroll"><table id="table-rules-matrix">',
        f"<caption>{esc(tr('table_n', lang, n=page.n_tab + 1))}"
        f"{'　' if lang == 'zh' else ' '}{esc(tr('tab_rules_matrix', lang))}</caption>",
        "<thead><tr>" + "".join(f'<th scope="col">{esc(h)}</th>' for h in head) + "</tr></thead>",
        "<tbody>",
    ]
    page.n_tab += 1
    for rule in rules:
        cells = [f'<th scope="row">{_rule_html(rule, lang)}</th>']
        for y in years:
            c = by.get((rule, y))
            if c is None:
                cells.append("<td>–</td>")
                continue
            unit = c.get("unit")
            text = (
                f"{format_rule_value(c.get('value'), unit, lang)} ({_sense(c.get('sense'))} "
                f"{format_rule_value(c.get('limit'), unit, lang)})"
            )
            ok = c.get("passed")
            mark, cls = ("✓", "ok") if ok is True else (("✗", "bad") if ok is False else ("", ""))
            cells.append(f'<td class="num {cls}">{mark} {esc(text)}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    page.add("\n".join(out))


def render_summary(page: Page, inp: ReportInputs) -> None:
    """Add page one: verdict first, the park, the plan, money, CO2 and every rule per year."""
    lang = page.lang
    data = inp.data or {}
    plan = inp.plan or {}
    page.h2("exec_summary", "summary")
    _verdict_box(page, inp)
    found = inp.scenario
    facts: list[tuple[str, str]] = [(tr("park", lang), _park_line(inp, found, lang))]
    status = (verdict_of(data) or {}).get("status") or data.get("status")
    if inp.kind == "plan" and status:
        from simulator.report.i18n import status_text as _status_text

        facts.append((tr("outcome", lang), esc(_status_text(str(status), lang))))
    invest = investment_per_year(inp, found.scenario) if found is not None else None
    nr = esc(tr("not_recorded", lang))
    if inp.kind == "plan" or invest is not None:
        total_inv = esc(money(sum(invest), lang, inp.currency)) if invest is not None else nr
        facts.append((tr("k_investment", lang), total_inv))
    if inp.kind == "plan":
        obj = plan.get("objective")
        facts.append((tr("k_discounted", lang), esc(money(obj, lang, inp.currency)) if obj else nr))
        cpm = cost_per_mwh_load(plan)
        facts.append((tr("k_cost_mwh", lang), esc(per_mwh(cpm, lang, inp.currency)) if cpm else nr))
    recs = inp.kpis_sim or []
    if recs and any("co2_t" in r for r in recs):
        co2 = ("；" if lang == "zh" else "; ").join(
            tr("k_co2_v", lang, year=int(r["year"]), kt=num(r.get("co2_t"), 1e-3)) for r in recs
        )
        facts.append((tr("k_co2", lang), esc(co2)))
    page.add(
        '<dl class="keyfig">'
        + "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in facts)
        + "</dl>"
    )
    if inp.capacities is not None and len(inp.capacities):
        _build_table(page, inp, invest)
    checks = checks_of(data)
    if checks:
        _rules_matrix(page, inp, checks)


def render_checks(page: Page, inp: ReportInputs) -> None:
    """Add every check of the verdict: year, rule, simulated value, limit, LP value, pass / fail."""
    lang = page.lang
    page.h2("policy_checks", "checks")
    checks = checks_of(inp.data)
    if not checks:
        page.add(f"<p>{esc(tr('checks_none', lang))}</p>")
        return
    has_lp = any(c.get("lp_value") is not None for c in checks)
    header = [tr("col_year", lang), tr("col_rule", lang), tr("col_value", lang), ""]
    header += [tr("col_limit", lang)]
    if has_lp:
        header.append(tr("col_lp_value", lang))
    header.append(tr("col_result", lang))
    out = [
        '<div class="scroll"><table id="table-checks">',
        f"<caption>{esc(tr('table_n', lang, n=page.n_tab + 1))}"
        f"{'　' if lang == 'zh' else ' '}{esc(tr('tab_checks', lang))}</caption>",
        "<thead><tr>" + "".join(f'<th scope="col">{esc(h)}</th>' for h in header) + "</tr></thead>",
        "<tbody>",
    ]
    page.n_tab += 1
    for c in sorted(checks, key=lambda c: int(c["year"])):
        unit = c.get("unit")
        ok = c.get("passed")
        res = (
            f'<td class="ok">✓ {esc(tr("pass", lang))}</td>'
            if ok is True
            else (
                f'<td class="bad">✗ {esc(tr("fail", lang))}</td>' if ok is False else "<td>–</td>"
            )
        )
        cells = [
            f'<td class="num">{int(c["year"])}</td>',
            f'<th scope="row" data-rule="{esc(c["rule"])}">{_rule_html(str(c["rule"]), lang)}</th>',
            f'<td class="num">{esc(format_rule_value(c.get("value"), unit, lang))}</td>',
            f"<td>{esc(_sense(c.get('sense')))}</td>",
            f'<td class="num">{esc(format_rule_value(c.get("limit"), unit, lang))}</td>',
        ]
        if has_lp:
            cells.append(
                f'<td class="num">{esc(format_rule_value(c.get("lp_value"), unit, lang))}</td>'
            )
        cells.append(res)
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    page.add("\n".join(out))


def _when(text: Any) -> str:
    """Format an ISO time as ``2026-12-01 02:00 UTC`` (as given when it does not parse)."""
    try:
        t = _dt.datetime.fromisoformat(str(text))
    except ValueError:
        return str(text)
    if t.tzinfo is not None:
        t = t.astimezone(_dt.UTC)
        return t.strftime("%Y-%m-%d %H:%M UTC")
    return t.strftime("%Y-%m-%d %H:%M")


def render_provenance(page: Page, inp: ReportInputs, now: _dt.datetime | None = None) -> None:
    """Add when, with what and from what the outputs were computed; when the report was written."""
    from simulator import __version__

    lang = page.lang
    page.h2("provenance", "provenance")
    prov = provenance_of(inp.data)
    rows: list[tuple[str, str]] = []
    if prov is None:
        page.add(f"<p>{esc(tr('pv_missing', lang))}</p>")
        prov = {}
    nr = esc(tr("not_recorded", lang))

    def code(v: Any) -> str:
        return f"<code>{esc(v)}</code>" if v not in (None, "") else nr

    rows.append(
        (tr("pv_started", lang), esc(_when(prov["started_at"])) if prov.get("started_at") else nr)
    )
    rows.append((tr("pv_version", lang), code(prov.get("parkbalance_version"))))
    highs = prov.get("highs_version") or ((inp.plan or {}).get("solver") or {}).get("version")
    if inp.kind == "plan":
        rows.append((tr("pv_highs", lang), code(highs)))
        opts = prov.get("highs_options")
        if opts is None:
            opts = ((inp.plan or {}).get("solver") or {}).get("options")
        rows.append(
            (
                tr("pv_highs_options", lang),
                code(json.dumps(opts, ensure_ascii=False)) if opts else nr,
            )
        )
    cmd = prov.get("command")
    if isinstance(cmd, list):
        cmd = " ".join(_shell_word(str(w)) for w in cmd)
    rows.append(
        (tr("pv_command", lang), f'<pre class="cmd"><code>{esc(cmd)}</code></pre>' if cmd else nr)
    )
    rows.append((tr("pv_source", lang), code(prov.get("scenario_source"))))
    rows.append((tr("pv_sha", lang), code(prov.get("scenario_sha256"))))
    files = prov.get("input_files")
    if isinstance(files, dict) and files:
        rows.append(
            (
                tr("pv_inputs", lang),
                "<br>".join(f"<code>{esc(k)}: {esc(v)}</code>" for k, v in files.items()),
            )
        )
    now = now or _dt.datetime.now(_dt.UTC)
    rows.append((tr("pv_written", lang), esc(_when(now.isoformat()))))
    rows.append((tr("pv_report_version", lang), f"<code>{esc(__version__)}</code>"))
    page.add(
        '<dl class="facts" id="provenance-facts">'
        + "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows)
        + "</dl>"
    )


def _shell_word(w: str) -> str:
    safe = all(ch.isalnum() or ch in "-_./=:,+@%" for ch in w)
    return w if safe and w else "'" + w.replace("'", "'\\''") + "'"
