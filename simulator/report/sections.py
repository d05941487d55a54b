"""Sections of the report pages shared by plans and sweeps: header, messages, tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.report.assumption_items import (
    _limit,
    carbon_text,
    coal_retrofit_text,
    item_rows,
    store_rows,
    store_text,
)
from simulator.report.components import park_items
from simulator.report.figures import (
    _targets,
    cost_items,
    flexible_demand,
)
from simulator.report.format import money_in_unit, money_unit
from simulator.report.i18n import status_text as _status_text
from simulator.report.i18n import tr, translate_message
from simulator.report.inputs import ReportInputs, _num, _pct
from simulator.report.page import Page, esc, met_cell, verbatim
from simulator.report.summary import (
    _when,
    checks_of,
    provenance_of,
)

if TYPE_CHECKING:  # pragma: no cover
    from simulator.core.scenario import Scenario


def _header(page: Page, inp: ReportInputs, title: str) -> None:
    lang = page.lang
    page.add(f"<header><h1>{esc(title)}</h1>")
    page.add(f'<p class="sub">{esc(tr("subtitle", lang))}</p></header>')
    facts = [(tr("scenario", lang), f"<code>{esc(inp.scenario_name)}</code>")]
    if inp.kind == "plan":
        verdict = (inp.data or {}).get("verdict")
        if isinstance(verdict, dict) and verdict.get("status"):
            status = str(verdict["status"])
            cls = "ok" if verdict.get("passed") is True else "bad"
        else:
            status = str(inp.plan.get("status"))
            cls = "ok" if status == "optimal" else "bad"
        facts.append(
            (
                tr("status", lang),
                f'<span class="badge {cls}">{esc(_status_text(status, lang))}</span>',
            )
        )
        kind = str(inp.plan.get("plan_kind") or "none")
        kind_key = f"kind_{kind}" if kind in ("least_cost", "best_effort") else "kind_none"
        facts.append((tr("plan_kind", lang), esc(tr(kind_key, lang))))
    elif inp.kind == "simulation":
        facts.append(
            (
                tr("status", lang),
                f'<span class="badge info">{esc(tr("status_simulated", lang))}</span>',
            )
        )
    started = (provenance_of(inp.data) or {}).get("started_at")
    if inp.kind == "sweep":
        started = inp.sweep.attrs.get("created")
    facts.append(
        (
            tr("pv_started", lang),
            esc(_when(started)) if started else esc(tr("not_recorded", lang)),
        )
    )
    facts.append((tr("source_files", lang), ", ".join(f"<code>{esc(f)}</code>" for f in inp.files)))
    page.add(
        '<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"
    )


def _how_to_read(page: Page, inp: ReportInputs) -> None:
    lang = page.lang
    page.h2("how_to_read", "how-to-read")
    process, curtail = _flexible(inp)
    keys = ["read_share_flex"] if process or curtail else ["read_share"]
    keys += ["read_flex_process"] * process + ["read_flex_curtail"] * curtail
    if inp.kind == "plan":
        keys.append("read_lp_sim")
    if inp.kind == "sweep":
        lp = "objective" in inp.sweep.data_vars
        keys += ["read_lp_sim", "read_lp_sweep"] if lp else ["read_sweep"]
    keys.append("read_numbers")
    unit = money_unit(lang, inp.currency)
    paras = "".join(f"<p>{esc(tr(k, lang, unit=unit))}</p>" for k in keys)
    page.add(f'<div class="note">{paras}</div>')


def _flexible(inp: ReportInputs) -> tuple[bool, bool]:
    """Whether the park has flexible processes, and curtailable loads (its demand L + p − z).

    A sweep's dataset says it by its component KPIs: process energy or curtailed load somewhere.
    """
    if inp.kind == "sweep":
        ds = inp.sweep
        return tuple(  # type: ignore[return-value]
            k in ds.data_vars and bool((abs(ds[k]) > 0).any())
            for k in ("process_mwh", "load_curtailed_mwh")
        )
    items = park_items(inp)
    return bool(items.processes), bool(items.curtailable)


def _messages(page: Page, inp: ReportInputs) -> None:
    lang = page.lang
    msgs = list((inp.plan or {}).get("messages") or [])
    outcome = ((inp.plan or {}).get("assure") or {}).get("outcome")
    if outcome and not any(m.startswith(("assure:", "robust:")) for m in msgs):
        msgs.append(f"assure: {outcome}")
    page.h2("messages", "messages")
    if not msgs:
        page.add(f"<p>{esc(tr('no_messages', lang))}</p>")
        return
    items = []
    for m in msgs:
        text, ok = translate_message(str(m), lang)
        if ok:
            items.append(f"<li>{esc(text)}</li>")
        else:
            items.append(f"<li>{verbatim(text, lang)} {esc(tr('verbatim_note', lang))}</li>")
    page.add('<ul class="messages">' + "".join(items) + "</ul>")


def _table_shares(page: Page, inp: ReportInputs) -> None:
    lang = page.lang
    years = inp.years
    targets = _targets(inp)
    lp = {int(r["year"]): r for r in inp.kpis_lp or []}
    sim = {int(r["year"]): r for r in inp.kpis_sim or []}
    best = (inp.plan or {}).get("max_achievable_share")
    header = [tr("col_year", lang), tr("col_target", lang)]
    if lp:
        header += [tr("col_share_lp", lang), tr("col_met_lp", lang)]
    if sim:
        header += [tr("col_share_sim", lang), tr("col_met_sim", lang)]
    if best:
        header.append(tr("max_achievable", lang))
    header.append(tr("col_utilisation", lang))
    rows = []
    for i, y in enumerate(years):
        row = [(str(y), "num"), (_pct(None if targets is None else targets[i]), "num")]
        if lp:
            r = lp.get(y, {})
            row += [(_pct(r.get("renewable_share")), "num"), met_cell(r.get("meets_target"), lang)]
        if sim:
            r = sim.get(y, {})
            row += [(_pct(r.get("renewable_share")), "num"), met_cell(r.get("meets_target"), lang)]
        if best:
            row.append((_pct(best[i] if i < len(best) else None), "num"))
        r = sim.get(y) or lp.get(y) or {}
        row.append((_pct(r.get("renewable_utilisation")), "num"))
        rows.append(row)
    page.table(tr("tab_shares", lang), header, rows, "table-shares")


def _table_balance(page: Page, recs: list[dict], title_key: str, anchor: str) -> None:
    """Yearly energy balance, one row per quantity and one column per year."""
    lang = page.lang
    items = [
        ("load_mwh", "col_demand" if flexible_demand(recs) else "col_load"),
        ("renewable_available_mwh", "col_available"),
        ("renewable_direct_mwh", "col_direct"),
        ("process_surplus_mwh", "col_process_surplus"),
        ("storage_discharge_mwh", "col_discharge"),
        ("coal_mwh", "col_coal"),
        ("import_mwh", "col_import"),
        ("unserved_mwh", "col_unserved"),
        ("curtailed_mwh", "col_curtailed"),
        ("export_mwh", "col_export"),
        ("co2_t", "col_co2"),
    ]
    items = [(k, c) for k, c in items if any(k in r for r in recs)]
    if not any(float(r.get("process_surplus_mwh") or 0.0) > 0 for r in recs):
        items = [(k, c) for k, c in items if k != "process_surplus_mwh"]
    header = [tr("col_item", lang)] + [str(int(r["year"])) for r in recs]
    rows = [
        [(tr(c, lang), "rowhead")] + [(_num(r.get(k), 1e-3), "num") for r in recs] for k, c in items
    ]
    page.table(tr(title_key, lang), header, rows, anchor)


def _table_costs(page: Page, inp: ReportInputs) -> None:
    """Yearly costs [million/yr], one row per item, one column per year plus the discounted sum."""
    lang = page.lang
    cb = inp.plan["cost_breakdown"]
    per_year = cb["per_year"]
    disc = cb.get("discounted_total") or {}
    items = [*cost_items(per_year), "total"]
    header = [tr("col_item", lang)] + [str(int(r["year"])) for r in per_year]
    if disc:
        header.append(tr("col_discounted", lang))
    rows = []
    for k in items:
        row = [(tr(f"cost_{k}", lang), "rowhead")]
        row += [(money_in_unit(r.get(k), lang), "num") for r in per_year]
        if disc:
            row.append((money_in_unit(disc.get(k), lang), "num"))
        rows.append(row)
    title = f"{tr('tab_costs', lang)} [{money_unit(lang, inp.currency, per_year=True)}]"
    page.table(title, header, rows, "table-costs", total_last=True)




def _park_rows(sc: Scenario, lang: str) -> list[tuple[str, str]]:
    """Assumption rows of the park: type, horizon, site, targets, loads (values as HTML)."""
    years = sc.calendar_years
    rows: list[tuple[str, str]] = [
        (tr("as_park_type", lang), esc(tr(f"park_{sc.park_type}", lang))),
        (
            tr("as_horizon", lang),
            esc(tr("as_horizon_v", lang, start=years[0], end=years[-1], n=len(years))),
        ),
        (
            tr("as_site", lang),
            esc(
                tr(
                    "as_site_v",
                    lang,
                    lat=sc.site.latitude_deg,
                    lon=sc.site.longitude_deg,
                    sflh=sc.site.solar_full_load_hours,
                    wflh=sc.site.wind_full_load_hours,
                )
            ),
        ),
        (
            tr("as_targets", lang),
            esc(
                ", ".join(f"{y}: {_pct(t)}" for y, t in zip(years, sc.target_shares(), strict=True))
            ),
        ),
    ]
    loads = []
    for ld in sc.loads:
        arch = (
            esc(tr(f"arch_{ld.archetype}", lang))
            if f"arch_{ld.archetype}" in _arch_keys()
            else verbatim(ld.archetype, lang)
        )
        name = verbatim(ld.name, lang)
        mwh = sc.annual_load_mwh(ld)
        if mwh is None:
            text = esc(tr("as_load_csv", lang, name="\0", arch="\1"))
        else:
            vals = "/".join(f"{v / 1e3:,.0f}" for v in mwh)
            text = esc(tr("as_load_v", lang, name="\0", arch="\1", mwh=vals))
        loads.append(text.replace("\0", name).replace("\1", arch))
    rows.append((tr("as_load", lang), "<br>".join(loads)))
    return rows


def _asset_rows(sc: Scenario, lang: str, cur: str) -> list[tuple[str, str]]:
    """Assumption rows of wind, solar and storage: existing, limits, costs (values as HTML).

    Several stores get a row each; flexible processes and curtailable loads follow.
    """
    rows = []
    for key, gen in (("as_wind", sc.wind), ("as_solar", sc.solar)):
        text = tr(
            "as_gen_v",
            lang,
            existing=gen.existing_mw,
            max=_limit(gen.max_mw, "MW", lang),
            capex=gen.capex_per_kw,
            cur=cur,
            life=gen.lifetime_years,
        )
        rows.append((tr(key, lang), esc(text)))
    st = sc.store
    if len(sc.stores) > 1:  # each store in its own row, with its costs
        rows += store_rows(sc, lang, cur)
        text = tr("as_costs_gen_v", lang, w=sc.wind.capex_per_kw, s=sc.solar.capex_per_kw,
                  cur=cur, wom=sc.wind.fixed_om_share, som=sc.solar.fixed_om_share)  # fmt: skip
        rows.append((tr("as_costs", lang), esc(text)))
        return rows + item_rows(sc, lang, cur)
    rows.append((tr("as_storage", lang), esc(store_text(st, lang))))
    text = tr(
        "as_costs_v",
        lang,
        w=sc.wind.capex_per_kw,
        s=sc.solar.capex_per_kw,
        e=st.capex_per_kwh,
        p=st.capex_per_kw,
        cur=cur,
        wom=sc.wind.fixed_om_share,
        som=sc.solar.fixed_om_share,
        eom=st.fixed_om_share,
    )
    rows.append((tr("as_costs", lang), esc(text)))
    return rows + item_rows(sc, lang, cur)


def _supply_rows(sc: Scenario, lang: str, cur: str) -> list[tuple[str, str]]:
    """Assumption rows of the grid, the captive coal plant, the policy and finance (HTML)."""
    g = sc.grid
    if isinstance(g.import_price_per_mwh, list):
        price = (
            f"{min(g.import_price_per_mwh):,.0f}–{max(g.import_price_per_mwh):,.0f} "
            f"({tr('tou', lang)})"
        )
    else:
        price = f"{g.import_price_per_mwh:,.0f}"
    grid = tr(
        "as_grid_v",
        lang,
        imp=g.import_max_mw,
        price=price,
        cur=cur,
        exp=g.export_max_mw,
        eprice=g.export_price_per_mwh,
    )
    rows = [(tr("as_grid", lang), esc(grid))]
    if sc.coal is None:
        coal = tr("as_coal_none", lang)
    else:
        coal = tr(
            "as_coal_v",
            lang,
            cap=sc.coal.capacity_mw,
            minload=sc.coal.min_load_share,
            fuel=sc.coal.fuel_cost_per_mwh,
            cur=cur,
            co2=sc.coal.co2_t_per_mwh,
        )
        coal += coal_retrofit_text(sc, lang, cur)
    rows.append((tr("as_coal", lang), esc(coal)))
    pol = sc.policy
    util = (
        _pct(pol.min_renewable_utilisation)
        if pol.min_renewable_utilisation is not None
        else tr("none", lang)
    )
    if pol.storage_min_share > 0:
        policy = tr(
            "as_policy_v", lang, util=util, share=pol.storage_min_share, hours=pol.storage_min_hours
        )
    else:
        policy = tr("as_policy_nostore", lang, util=util)
    rows.append((tr("as_policy", lang), esc(policy)))
    finance = tr(
        "as_finance_v", lang, rate=sc.finance.discount_rate, voll=pol.voll_per_mwh, cur=cur
    )
    finance += carbon_text(sc, lang, cur)
    rows.append((tr("as_finance", lang), esc(finance)))
    return rows


def _assumptions(page: Page, inp: ReportInputs) -> None:
    """Add the key assumptions of the scenario, and where they come from."""
    lang = page.lang
    page.h2("assumptions", "assumptions")
    found = inp.scenario
    if found is None:
        page.add(f"<p>{esc(tr('assumptions_none', lang))}</p>")
        return
    sc, src = found.scenario, found.label
    cur = "元" if lang == "zh" and sc.finance.currency == "CNY" else sc.finance.currency
    rows = _park_rows(sc, lang) + _asset_rows(sc, lang, cur) + _supply_rows(sc, lang, cur)
    page.add(
        '<dl class="facts">' + "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"
    )
    key = "assumptions_embedded" if found.origin == "embedded" else "assumptions_source"
    source = esc(tr(key, lang, src="\0"))
    page.add('<p class="sub">' + source.replace("\0", f"<code>{esc(src)}</code>") + "</p>")


def _arch_keys() -> set[str]:
    from simulator.report.i18n import STRINGS

    return {k for k in STRINGS if k.startswith("arch_")}


def _solver(page: Page, inp: ReportInputs) -> None:
    plan = inp.plan or {}
    t, s = plan.get("timing") or {}, plan.get("solver") or {}
    if not t and not s:
        return
    lang = page.lang
    page.h2("solver_timing", "solver")
    page.add(
        "<p>"
        + esc(
            tr(
                "solver_line",
                lang,
                version=s.get("version", "?"),
                algorithm=_algorithm(str(s.get("algorithm", "?")), lang),
                solves=t.get("lp_solves", 0),
                build=float(t.get("build_s") or 0.0),
                solve=float(t.get("solve_s") or 0.0),
                sim=float(t.get("simulate_s") or 0.0),
                total=float(t.get("total_s") or 0.0),
            )
        )
        + "</p>"
    )


def _algorithm(name: str, lang: str) -> str:
    key = f"algo_{name}"
    try:
        return tr(key, lang)
    except KeyError:
        return name


def _toc(page: Page, inp: ReportInputs) -> None:
    """Links to the sections (screen only)."""
    lang = page.lang
    keys = [("exec_summary", "summary")]
    if checks_of(inp.data):
        keys.append(("sec_shares", "shares"))
    keys.append(("policy_checks", "checks"))
    if inp.kind == "plan":
        keys.append(("messages", "messages"))
    keys += [
        ("figures", "figures"),
        ("tables", "tables"),
        ("assumptions", "assumptions"),
        ("provenance", "provenance"),
    ]
    links = "".join(f'<a href="#{a}">{esc(tr(k, lang))}</a>' for k, a in keys)
    page.add(f'<nav class="toc">{links}</nav>')


def _footer(page: Page) -> None:
    from simulator import __version__

    page.add(f"<footer>{esc(tr('generated_by', page.lang, version=__version__))}</footer>")
