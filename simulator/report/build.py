"""The planner's report: one self-contained HTML page (English or Chinese) and an Excel workbook.

:func:`write_report` reads the outputs of ``parkbalance run``/``size`` (``plan.json``,
``hourly.parquet``, ``hourly_lp.parquet``), of ``parkbalance simulate`` (``kpis.json``,
``hourly.parquet``) or a sweep file (``.nc``/``.zarr``) and writes ``report.html`` (English) or
``report.zh.html`` (Chinese). The page has no external resources: figures are inline SVG drawn by
matplotlib with ``svg.fonttype = "none"``, so their words stay text that the reader's browser
renders (Chinese included) with the page's font stack; the heat maps are PNG data inside the SVG.

Every number on the page is formatted from the JSON values (shares as percentages with one
decimal, money in 万元/亿元 or CNY million/billion), never rounded before use. All files are
written atomically.

This module reads the inputs, draws the plan figures and lays out the page of an output
directory; the rest lives beside it:

* :mod:`simulator.report.summary` — executive summary, policy checks, provenance, investment and
  cost per MWh (``verdict``, ``checks``, ``provenance`` of plan.json / kpis.json);
* :mod:`simulator.report.sweep` — the pages of dispatch sweeps and LP sweeps;
* :mod:`simulator.report.workbook` — :func:`write_workbook` (``results.xlsx``,
  ``results.zh.xlsx``), re-exported here;
* :mod:`simulator.report.page` — the HTML page and its screen and A4 print style sheets;
* :mod:`simulator.report.format` — numbers and money;
* :mod:`simulator.report.i18n` — every word in English and Chinese.

See ``docs/report.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from simulator.core.errors import InputError
from simulator.core.io import write_text
from simulator.report.figures import (
    _targets,
)
from simulator.report.i18n import LANGS, tr
from simulator.report.inputs import (
    HOURS_PER_DAY,
    SWEEP_SUFFIXES,
    ReportInputs,
    load_inputs,
)
from simulator.report.page import Page, esc
from simulator.report.plan_figures import add_plan_figures
from simulator.report.plot import _mpl_context
from simulator.report.sections import (
    _assumptions,
    _footer,
    _header,
    _how_to_read,
    _messages,
    _solver,
    _table_balance,
    _table_costs,
    _table_shares,
    _toc,
)
from simulator.report.summary import (
    checks_of,
    render_checks,
    render_provenance,
    render_summary,
)
from simulator.report.workbook import WORKBOOK_FILES, write_workbook

__all__ = [
    "HOURS_PER_DAY",
    "REPORT_FILES",
    "SWEEP_SUFFIXES",
    "WORKBOOK_FILE",
    "ReportInputs",
    "load_inputs",
    "render_report",
    "report_path",
    "write_report",
    "write_workbook",
]

#: Report file name of each language inside an output directory.
REPORT_FILES = {"en": "report.html", "zh": "report.zh.html"}
#: Excel workbook written next to plan.json (English; ``results.zh.xlsx`` in Chinese).
WORKBOOK_FILE = WORKBOOK_FILES["en"]


def _render_dir(inp: ReportInputs, lang: str) -> str:
    page = Page(lang)
    title_key = "title_plan" if inp.kind == "plan" else "title_sim"
    title = f"{tr(title_key, lang)} — {inp.scenario_name}"
    _header(page, inp, tr(title_key, lang))
    _toc(page, inp)
    has_plan = inp.capacities is not None and len(inp.capacities) > 0
    render_summary(page, inp)
    if inp.kind == "plan" and not has_plan:
        page.add(f"<p>{esc(tr('no_plan', lang))}</p>")
    if inp.kpis_sim or inp.kpis_lp or _targets(inp) is not None:
        if checks_of(inp.data):  # else the shares are page one's check of the targets
            page.h2("sec_shares", "shares", newpage=True)
        _table_shares(page, inp)
    render_checks(page, inp)
    if inp.kind == "plan":
        _messages(page, inp)
    _how_to_read(page, inp)
    page.h2("figures", "figures", newpage=True)
    add_plan_figures(page, inp)
    page.h2("tables", "tables", newpage=True)
    if inp.kpis_sim:
        _table_balance(page, inp.kpis_sim, "tab_balance", "table-balance-simulated")
    if inp.kpis_lp:
        _table_balance(page, inp.kpis_lp, "tab_balance_lp", "table-balance-lp")
    if (inp.plan or {}).get("cost_breakdown"):
        _table_costs(page, inp)
    _assumptions(page, inp)
    render_provenance(page, inp)
    _solver(page, inp)
    _footer(page)
    return page.html(title)


def render_report(
    inputs: ReportInputs,
    lang: str = "en",
    axes: Sequence[str] | None = None,
    fixed: dict[str, float] | None = None,
) -> str:
    """Return the report page as HTML text.

    Parameters
    ----------
    inputs : ReportInputs
        From :func:`load_inputs`.
    lang : {"en", "zh"}
        Language of every word on the page.
    axes : sequence of str, optional
        Sweeps: the two swept parameters of the contour figures (default: the first two).
    fixed : dict, optional
        Sweeps: swept parameters held at a value; the others are optimised.

    Returns
    -------
    str
        A self-contained HTML document.
    """
    if lang not in LANGS:
        raise InputError("lang", None, f"must be one of {', '.join(LANGS)} (got {lang!r})")
    with _mpl_context():
        if inputs.kind == "sweep":
            from simulator.report.sweep import render_sweep

            return render_sweep(inputs, lang, axes=axes, fixed=fixed)
        return _render_dir(inputs, lang)


def report_path(path: str | Path, lang: str = "en") -> Path:
    """Where :func:`write_report` writes the page of ``path`` in ``lang``.

    ``DIR/report.html`` (``DIR/report.zh.html``) for an output directory;
    ``NAME.report.html`` (``NAME.report.zh.html``) next to a sweep file ``NAME.nc``.
    """
    path = Path(path)
    if path.suffix in SWEEP_SUFFIXES:
        suffix = ".report.html" if lang == "en" else f".report.{lang}.html"
        return path.parent / (path.stem + suffix)
    return path / REPORT_FILES[lang]


def write_report(
    path: str | Path,
    lang: str = "en",
    axes: Sequence[str] | None = None,
    fixed: dict[str, float] | None = None,
) -> Path:
    """Write the report page of an output directory or a sweep file, atomically.

    Parameters
    ----------
    path : str or Path
        Output directory of ``parkbalance run/size/simulate`` or a sweep file (``.nc``,
        ``.zarr``).
    lang : {"en", "zh"}
        Language of the page.
    axes, fixed : optional
        Sweeps: see :func:`render_report`.

    Returns
    -------
    Path
        The page written (see :func:`report_path`).

    Raises
    ------
    InputError
        Bad path, missing or unreadable inputs, or an unknown language.
    """
    if lang not in LANGS:
        raise InputError("lang", None, f"must be one of {', '.join(LANGS)} (got {lang!r})")
    inputs = load_inputs(path)
    text = render_report(inputs, lang, axes=axes, fixed=fixed)
    return write_text(report_path(path, lang), text)
