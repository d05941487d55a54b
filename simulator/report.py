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

* :mod:`simulator.report_summary` — executive summary, policy checks, provenance, investment and
  cost per MWh (``verdict``, ``checks``, ``provenance`` of plan.json / kpis.json);
* :mod:`simulator.report_sweep` — the pages of dispatch sweeps and LP sweeps;
* :mod:`simulator.report_workbook` — :func:`write_workbook` (``results.xlsx``,
  ``results.zh.xlsx``), re-exported here;
* :mod:`simulator.report_page` — the HTML page and its screen and A4 print style sheets;
* :mod:`simulator.report_format` — numbers and money;
* :mod:`simulator.report_i18n` — every word in English and Chinese.

See ``docs/report.md``.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import io
import json
import math
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulator.errors import InputError
from simulator.io import write_text
from simulator.report_format import MONEY_UNIT_SCALE, money, money_in_unit, money_unit, num, pct
from simulator.report_i18n import LANGS, tr, translate_message
from simulator.report_page import Page, esc, met_cell, verbatim
from simulator.report_summary import (
    _when,
    checks_of,
    provenance_of,
    render_checks,
    render_provenance,
    render_summary,
)
from simulator.report_workbook import WORKBOOK_FILES, write_workbook

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
#: Suffixes of sweep files (xarray Datasets).
SWEEP_SUFFIXES = (".nc", ".nc4", ".zarr")
HOURS_PER_DAY = 24
_DAYS = 365


#: Colours of the series (one meaning, one colour, on every figure).
COLOURS = {
    "wind": "#3b7dd8",
    "solar": "#f2b01e",
    "storage_mw": "#8e6cc9",
    "storage_mwh": "#8e6cc9",
    "direct": "#3aa655",
    "discharge": "#8e6cc9",
    "charge": "#c5b3e6",
    "coal": "#5a5a5a",
    "import": "#e4572e",
    "unserved": "#b2182b",
    "curtailed": "#f4a582",
    "export": "#92c5de",
    "load": "#000000",
    "target": "#b2182b",
    "lp": "#9ecae1",
    "sim": "#2171b5",
    "max": "#555555",
}
_COST_COLOURS = {
    "wind_annuity": "#3b7dd8",
    "solar_annuity": "#f2b01e",
    "storage_energy_annuity": "#8e6cc9",
    "storage_power_annuity": "#c5b3e6",
    "fixed_om": "#7fbf7b",
    "fuel_cost": "#5a5a5a",
    "import_cost": "#e4572e",
    "unserved_cost": "#b2182b",
    "export_revenue": "#92c5de",
}
_COST_ITEMS = tuple(_COST_COLOURS)
_CAPACITY_KEYS = ("wind_mw", "solar_mw", "storage_mwh", "storage_mw")


# ---- inputs --------------------------------------------------------------------------------------


@dataclass
class ReportInputs:
    """What a report is made from.

    Attributes
    ----------
    kind : {"plan", "simulation", "sweep"}
        An output directory of ``parkbalance run/size``, of ``parkbalance simulate``, or a sweep.
    path : Path
        The directory or sweep file given.
    scenario_name : str
    plan : dict or None
        The content of ``plan.json`` (plan directories).
    capacities : pandas.DataFrame or None
        ``year, wind_mw, solar_mw, storage_mwh, storage_mw``.
    kpis_sim, kpis_lp : list of dict or None
        Yearly KPI records of the simulation and of the LP, as in the JSON file.
    hourly, hourly_lp : pandas.DataFrame or None
        Hourly dispatch of the simulation and of the LP.
    sweep : xarray.Dataset or None
        The sweep (sweep files).
    files : list of str
        Files read, relative to ``path``.
    notes : list of str
        Keys of :data:`simulator.report_i18n.STRINGS` to show (missing optional inputs).
    data : dict or None
        The whole ``plan.json`` or ``kpis.json`` (``verdict``, ``checks``, ``provenance``).
    """

    kind: str
    path: Path
    scenario_name: str
    plan: dict | None = None
    capacities: pd.DataFrame | None = None
    kpis_sim: list[dict] | None = None
    kpis_lp: list[dict] | None = None
    hourly: pd.DataFrame | None = None
    hourly_lp: pd.DataFrame | None = None
    sweep: Any = None
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict | None = None
    _scenario: Any = field(default=None, repr=False)
    _scenario_looked_up: bool = field(default=False, repr=False)

    @property
    def scenario(self) -> Any:
        """The scenario behind the outputs (:class:`simulator.report_summary.ScenarioFound`).

        From ``provenance.scenario_toml`` first, so it works for any scenario on any machine;
        None when not found.
        """
        if not self._scenario_looked_up:
            from simulator.report_summary import scenario_of

            self._scenario = scenario_of(self)
            self._scenario_looked_up = True
        return self._scenario

    @property
    def currency(self) -> str:
        """Currency of the plan (``CNY`` when unknown)."""
        return str((self.plan or {}).get("currency") or "CNY")

    @property
    def years(self) -> list[int]:
        """Calendar years of the outputs."""
        recs = self.kpis_sim or self.kpis_lp
        if recs:
            return [int(r["year"]) for r in recs]
        if self.capacities is not None:
            return [int(y) for y in self.capacities["year"]]
        if self.plan and self.plan.get("targets"):
            return [int(t["year"]) for t in self.plan["targets"]]
        return []


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(path, None, f"cannot be read: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(path, None, f"is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(path, None, "is not a JSON object")
    return data


def _read_parquet(path: Path) -> pd.DataFrame | None:
    if not path.is_file():
        return None
    try:
        return pd.read_parquet(path)
    except Exception as exc:  # noqa: BLE001 - any reader failure is bad input
        raise InputError(path, None, f"cannot be read as Parquet ({exc})") from None


def _records(value: Any, source: Path, key: str) -> list[dict] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(r, dict) and "year" in r for r in value):
        raise InputError(source, key, "must be a list of yearly records with a 'year'")
    return value


#: Share variable of a dispatch sweep, then of an LP sweep (simulated, then LP share).
_SHARE_VARS = ("renewable_share", "simulated_renewable_share", "lp_renewable_share")


def _share_var(ds: Any) -> str | None:
    return next((v for v in _SHARE_VARS if v in ds.data_vars), None)


def _open_sweep(path: Path) -> Any:
    try:
        import xarray as xr
    except ModuleNotFoundError:  # pragma: no cover - xarray is a dependency of sweeps
        raise InputError(path, None, "reading a sweep needs the xarray package") from None
    try:
        if path.suffix == ".zarr":
            with xr.open_zarr(path) as ds:
                return ds.load()
        with xr.open_dataset(path) as ds:
            return ds.load()
    except Exception as exc:  # noqa: BLE001 - any reader failure is bad input
        raise InputError(path, None, f"cannot be read as a sweep dataset ({exc})") from None


def load_inputs(path: str | Path) -> ReportInputs:
    """Read an output directory or a sweep file.

    Parameters
    ----------
    path : str or Path
        A directory with ``plan.json`` (``parkbalance run/size``) or ``kpis.json``
        (``parkbalance simulate``), or a sweep file (``.nc``, ``.zarr``).

    Returns
    -------
    ReportInputs

    Raises
    ------
    InputError
        The path does not exist, holds neither file, or a file cannot be read.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, None, "no such file or directory")
    if path.suffix in SWEEP_SUFFIXES:
        ds = _open_sweep(path)
        if _share_var(ds) is None:
            raise InputError(path, "renewable_share", "missing: not a parkbalance sweep")
        name = str(ds.attrs.get("scenario") or ds.attrs.get("scenario_name") or path.stem)
        return ReportInputs(
            kind="sweep", path=path, scenario_name=name, sweep=ds, files=[path.name]
        )
    if not path.is_dir():
        raise InputError(path, None, "is neither an output directory nor a sweep file (.nc, .zarr)")
    plan_file, kpis_file = path / "plan.json", path / "kpis.json"
    if plan_file.is_file():
        plan = _read_json(plan_file)
        for key in ("scenario", "status"):
            if key not in plan:
                raise InputError(plan_file, key, "missing")
        files = (plan.get("files") or {}) if isinstance(plan.get("files"), dict) else {}
        inp = ReportInputs(
            kind="plan",
            path=path,
            scenario_name=str(plan["scenario"]),
            plan=plan,
            data=plan,
            kpis_sim=_records(plan.get("simulated_kpis"), plan_file, "simulated_kpis"),
            kpis_lp=_records(plan.get("lp_kpis"), plan_file, "lp_kpis"),
            files=["plan.json"],
        )
        caps = _records(plan.get("capacities"), plan_file, "capacities")
        sim_name = files.get("hourly_simulation", "hourly.parquet")
        lp_name = files.get("hourly_lp", "hourly_lp.parquet")
    elif kpis_file.is_file():
        data = _read_json(kpis_file)
        for key in ("scenario", "years"):
            if key not in data:
                raise InputError(kpis_file, key, "missing")
        inp = ReportInputs(
            kind="simulation",
            path=path,
            scenario_name=str(data["scenario"]),
            data=data,
            kpis_sim=_records(data["years"], kpis_file, "years"),
            files=["kpis.json"],
        )
        caps = _records(data.get("capacities"), kpis_file, "capacities")
        sim_name, lp_name = "hourly.parquet", None
    else:
        raise InputError(
            path, None, "has no plan.json or kpis.json (run parkbalance run, size or simulate)"
        )
    if caps:
        inp.capacities = pd.DataFrame(caps)
    if sim_name:
        inp.hourly = _read_parquet(path / sim_name)
        if inp.hourly is not None:
            inp.files.append(sim_name)
    if lp_name:
        inp.hourly_lp = _read_parquet(path / lp_name)
        if inp.hourly_lp is not None:
            inp.files.append(lp_name)
    return inp


# ---- formatting ----------------------------------------------------------------------------------


def _pct(v: float | None) -> str:
    """Format a share [1] as a percentage with one decimal (``0.5214`` → ``52.1%``)."""
    return pct(v)


def _num(v: float | None, scale: float = 1.0, digits: int = 1) -> str:
    return num(v, scale, digits)


def _date(day: int, lang: str) -> str:
    """Day of the model year (0 = 1 January; no leap days) as ``3 Jan`` or ``1月3日``."""
    d = _dt.date(2023, 1, 1) + _dt.timedelta(days=int(day))
    return tr("date", lang, day=d.day, month=tr(f"month_{d.month}", lang))


def _status_text(status: str, lang: str) -> str:
    if status in ("optimal", "infeasible", "time_limit", "rule_failed", "simulated"):
        return tr(f"status_{status}", lang)
    return tr("status_other", lang, status=status)


def _dim_label(dim: str, lang: str) -> str:
    key = f"dim_{dim}"
    try:
        return tr(key, lang)
    except KeyError:
        return dim


# ---- figures -------------------------------------------------------------------------------------

_CJK_FAMILY: list[str] | None = None


def _cjk_family() -> list[str]:
    """Families matplotlib can use to measure CJK text (empty when no CJK font is installed)."""
    global _CJK_FAMILY
    if _CJK_FAMILY is not None:
        return _CJK_FAMILY
    from matplotlib import font_manager as fm

    wanted = (
        "Noto Sans CJK SC",
        "Noto Sans CJK JP",
        "Source Han Sans SC",
        "Microsoft YaHei",
        "PingFang SC",
        "WenQuanYi Micro Hei",
        "SimHei",
    )
    known = {f.name for f in fm.fontManager.ttflist}
    found = [n for n in wanted if n in known]
    if not found:
        try:
            files = fm.findSystemFonts()
        except Exception:  # noqa: BLE001 - no fonts found is not an error
            files = []
        for f in files:
            base = Path(f).name.lower()
            if "sanscjk" in base.replace("-", "") or "wqy" in base or "msyh" in base:
                try:
                    fm.fontManager.addfont(f)
                except Exception:  # noqa: BLE001 - an unreadable font is skipped
                    continue
        known = {f.name for f in fm.fontManager.ttflist}
        found = [n for n in wanted if n in known]
    _CJK_FAMILY = found[:1]
    return _CJK_FAMILY


def _rc() -> dict[str, Any]:
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": "parkbalance",
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans", *_cjk_family()],
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "legend.fontsize": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.axisbelow": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "image.composite_image": True,
    }


@contextlib.contextmanager
def _mpl_context() -> Iterator[None]:
    """Matplotlib settings of the report's figures; glyph warnings silenced.

    Words in the SVG stay text that the browser renders, so a missing CJK font on this machine
    only affects how matplotlib measures them.
    """
    import matplotlib

    with matplotlib.rc_context(_rc()), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from")
        warnings.filterwarnings("ignore", message=r".*findfont.*")
        yield


def _new_figure(width: float, height: float, **kw: Any) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), **kw)


_ID_RE = re.compile(r'\bid="([^"]+)"')
_URL_RE = re.compile(r"url\(#([^)]+)\)")
_HREF_RE = re.compile(r'href="#([^"]+)"')


def _svg_inline(fig: Any, prefix: str, label: str) -> str:
    """Render a figure to SVG text fit for inlining in HTML (no XML header, no namespaces/URLs).

    Ids are prefixed so that several figures can share a page; the font family is left to the
    page's CSS so that the browser picks a CJK font for Chinese words.
    """
    buf = io.StringIO()
    with _mpl_context():
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(?::\w+)?="[^"]*"', "", svg)
    svg = svg.replace("xlink:href=", "href=")
    svg = re.sub(r"font-family:[^;\"]*;?\s*", "", svg)
    svg = _ID_RE.sub(lambda m: f'id="{prefix}-{m[1]}"', svg)
    svg = _URL_RE.sub(lambda m: f"url(#{prefix}-{m[1]})", svg)
    svg = _HREF_RE.sub(lambda m: f'href="#{prefix}-{m[1]}"', svg)
    svg = re.sub(
        r'<svg\s+width="[^"]*"\s+height="[^"]*"',
        f'<svg role="img" aria-label="{esc(label)}"',
        svg,
        count=1,
    )
    return svg.strip()


def _bar_labels(
    ax: Any,
    x: Sequence[float],
    y: Sequence[float],
    texts: Sequence[str],
    rotate: bool = False,
    offset: float = 2,
    **kw: Any,
) -> None:
    for xi, yi, t in zip(x, y, texts, strict=True):
        ax.annotate(
            t,
            (xi, yi),
            xytext=(0, offset),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            rotation=90 if rotate else 0,
            **kw,
        )


def _year_axis(ax: Any, years: Sequence[int]) -> None:
    ax.set_xticks(range(len(years)))
    ax.set_xticklabels([str(y) for y in years])
    ax.grid(axis="x", visible=False)


def _legend_right(ax: Any, handles: list | None = None, labels: list | None = None) -> None:
    kw: dict[str, Any] = {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0), "frameon": False}
    if handles is not None:
        ax.legend(handles, labels, **kw)
    else:
        ax.legend(**kw)


def _fig_capacity(inp: ReportInputs, lang: str) -> Any:
    caps = inp.capacities
    years = [int(y) for y in caps["year"]]
    n = len(years)
    fig = _new_figure(10, 3.8)
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [2.2, 1]})
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.2, top=0.9, wspace=0.28)
    x = np.arange(n)
    w = 0.27
    series = [
        ("wind_mw", "s_wind", "wind"),
        ("solar_mw", "s_solar", "solar"),
        ("storage_mw", "s_storage_mw", "storage_mw"),
    ]
    for k, (key, label, col) in enumerate(series):
        vals = caps[key].to_numpy(dtype=float)
        xs = x + (k - 1) * w
        ax1.bar(xs, vals, w, color=COLOURS[col], label=tr(label, lang))
        if n <= 6:
            _bar_labels(ax1, xs, vals, [_num(v, digits=0) for v in vals])
    _year_axis(ax1, years)
    ax1.set_ylabel(tr("ax_mw", lang))
    ax1.margins(y=0.12)
    ax1.legend(loc="upper left", frameon=False, ncols=3, bbox_to_anchor=(0, -0.1))
    vals = caps["storage_mwh"].to_numpy(dtype=float)
    ax2.bar(
        x, vals, 0.55, color=COLOURS["storage_mwh"], alpha=0.75, label=tr("s_storage_mwh", lang)
    )
    if n <= 6:
        _bar_labels(ax2, x, vals, [_num(v, digits=0) for v in vals])
    _year_axis(ax2, years)
    ax2.set_ylabel(tr("ax_mwh", lang))
    ax2.margins(y=0.12)
    ax2.set_ylim(bottom=0, top=max(1.0, ax2.get_ylim()[1]))
    ax1.set_ylim(bottom=0, top=max(1.0, ax1.get_ylim()[1]))
    return fig


def _kpi(recs: list[dict], key: str) -> np.ndarray:
    return np.array([float(r.get(key) or 0.0) for r in recs])


def _fig_balance(inp: ReportInputs, lang: str) -> Any:
    recs = inp.kpis_sim or inp.kpis_lp
    years = [int(r["year"]) for r in recs]
    n = len(years)
    fig = _new_figure(10, 4.2)
    ax = fig.subplots()
    fig.subplots_adjust(left=0.08, right=0.74, bottom=0.12, top=0.95)
    x = np.arange(n)
    w = 0.36
    bottom = np.zeros(n)
    supply = [
        ("renewable_direct_mwh", "s_direct", "direct"),
        ("storage_discharge_mwh", "s_discharge", "discharge"),
        ("coal_mwh", "s_coal", "coal"),
        ("import_mwh", "s_import", "import"),
        ("unserved_mwh", "s_unserved", "unserved"),
    ]
    for key, label, col in supply:
        v = _kpi(recs, key) / 1e3
        if key != "renewable_direct_mwh" and not np.any(v != 0):
            continue
        ax.bar(x - w / 2 - 0.02, v, w, bottom=bottom, color=COLOURS[col], label=tr(label, lang))
        bottom += v
    load = _kpi(recs, "load_mwh") / 1e3
    ax.scatter(
        x - w / 2 - 0.02,
        load,
        marker="_",
        s=900,
        linewidths=2.2,
        color=COLOURS["load"],
        label=tr("s_load", lang),
        zorder=3,
    )
    bottom2 = np.zeros(n)
    for key, label, col in (
        ("curtailed_mwh", "s_curtailed", "curtailed"),
        ("export_mwh", "s_export", "export"),
    ):
        v = _kpi(recs, key) / 1e3
        if key == "export_mwh" and not np.any(v != 0):
            continue
        ax.bar(
            x + w / 2 + 0.02,
            v,
            w,
            bottom=bottom2,
            color=COLOURS[col],
            label=tr(label, lang),
            hatch="//",
            edgecolor="white",
            linewidth=0,
        )
        bottom2 += v
    if n <= 6:
        _bar_labels(ax, x - w / 2 - 0.02, load, [_num(v, digits=0) for v in load])
        _bar_labels(ax, x + w / 2 + 0.02, bottom2, [_num(v, digits=0) for v in bottom2])
    _year_axis(ax, years)
    ax.set_ylabel(tr("ax_gwh", lang))
    ax.margins(y=0.1)
    from matplotlib.lines import Line2D

    handles, labels = ax.get_legend_handles_labels()
    load_label = tr("s_load", lang)
    handles = [
        Line2D([], [], color=COLOURS["load"], linewidth=2.2) if lab == load_label else h
        for h, lab in zip(handles, labels, strict=True)
    ]
    _legend_right(ax, handles, labels)
    return fig


def _fig_share(inp: ReportInputs, lang: str) -> Any:
    years = inp.years
    n = len(years)
    fig = _new_figure(10, 4.0)
    ax = fig.subplots()
    fig.subplots_adjust(left=0.08, right=0.78, bottom=0.12, top=0.95)
    x = np.arange(n)
    has_lp = bool(inp.kpis_lp)
    has_sim = bool(inp.kpis_sim)
    w = 0.36 if has_lp and has_sim else 0.55
    rotate = n > 6
    if has_lp:
        v = _kpi(inp.kpis_lp, "renewable_share") * 100
        xs = x - w / 2 if has_sim else x
        ax.bar(xs, v, w, color=COLOURS["lp"], label=tr("s_share_lp", lang))
        _bar_labels(
            ax, xs, v, [_pct(r["renewable_share"]) for r in inp.kpis_lp], rotate, color="#555555"
        )
    if has_sim:
        v = _kpi(inp.kpis_sim, "renewable_share") * 100
        xs = x + w / 2 if has_lp else x
        ax.bar(xs, v, w, color=COLOURS["sim"], label=tr("s_share_sim", lang))
        _bar_labels(
            ax, xs, v, [_pct(r["renewable_share"]) for r in inp.kpis_sim], rotate, fontweight="bold"
        )
    targets = _targets(inp)
    if targets is not None:
        xx = np.concatenate([[x[0] - 0.5], x + 0.5])
        ax.step(
            xx,
            np.concatenate([targets, targets[-1:]]) * 100,
            where="post",
            color=COLOURS["target"],
            linestyle="--",
            linewidth=1.8,
            label=tr("s_target", lang),
        )
    best = (inp.plan or {}).get("max_achievable_share")
    if best:
        b = np.array([np.nan if v is None else v for v in best], dtype=float) * 100
        ax.plot(
            x, b, color=COLOURS["max"], linestyle=":", marker="o", label=tr("s_max_share", lang)
        )
    _year_axis(ax, years)
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylim(0, 100)
    ax.set_yticks(range(0, 101, 10))
    ax.set_ylabel(tr("ax_share", lang))
    _legend_right(ax)
    return fig


def _targets(inp: ReportInputs) -> np.ndarray | None:
    """Target share of each year from plan.json ``targets`` or the KPI records."""
    plan_t = (inp.plan or {}).get("targets")
    if plan_t:
        return np.array([float(t["target_share"]) for t in plan_t])
    recs = inp.kpis_sim or inp.kpis_lp
    if recs and all("target_share" in r for r in recs):
        return np.array([float(r["target_share"]) for r in recs])
    return None


def _year_array(hourly: pd.DataFrame, year: int, col: str) -> np.ndarray:
    sub = hourly.loc[hourly["year"] == year, col].to_numpy(dtype=float)
    return sub


def _daily(hourly: pd.DataFrame, year: int, col: str) -> np.ndarray:
    v = _year_array(hourly, year, col)
    days = v.size // HOURS_PER_DAY
    return v[: days * HOURS_PER_DAY].reshape(days, HOURS_PER_DAY).sum(axis=1)


def _pick_weeks(hourly: pd.DataFrame, year: int) -> dict[str, int]:
    """First day of the week with the most curtailment and of the least-renewable week.

    Weeks are seven consecutive days of ``year``; the least-renewable week has the smallest
    renewable consumption share of its load (ties: the earlier week).
    """
    curt = _daily(hourly, year, "curtailed_mw")
    to_load = _daily(hourly, year, "renewable_to_load_mw")
    load = _daily(hourly, year, "load_mw")
    k = np.ones(7)
    c7 = np.convolve(curt, k, mode="valid")
    r7 = np.convolve(to_load, k, mode="valid")
    l7 = np.convolve(load, k, mode="valid")
    share = np.where(l7 > 0, r7 / np.where(l7 > 0, l7, 1.0), 1.0)
    return {"curt": int(np.argmax(c7)), "lowre": int(np.argmin(share))}


def _week_stats(hourly: pd.DataFrame, year: int, day0: int) -> tuple[float, float]:
    sl = slice(day0 * HOURS_PER_DAY, (day0 + 7) * HOURS_PER_DAY)
    curt = _year_array(hourly, year, "curtailed_mw")[sl].sum()
    to_load = _year_array(hourly, year, "renewable_to_load_mw")[sl].sum()
    load = _year_array(hourly, year, "load_mw")[sl].sum()
    return float(curt), float(to_load / load) if load > 0 else 1.0


def _any_flow(hourly: pd.DataFrame, col: str) -> bool:
    """Whether a flow is ever non-zero over the horizon (zero flows stay out of legends)."""
    return col in hourly.columns and bool((hourly[col].abs() > 1e-9).any())


def _fig_week(inp: ReportInputs, lang: str, year: int, day0: int, title_key: str) -> Any:
    h = inp.hourly
    sl = slice(day0 * HOURS_PER_DAY, (day0 + 7) * HOURS_PER_DAY)

    def col(name: str) -> np.ndarray:
        if name == "renewable_direct_mw" and name not in h.columns:
            return (
                _year_array(h, year, "renewable_to_load_mw")
                - _year_array(h, year, "storage_discharge_mw")
            )[sl]
        return _year_array(h, year, name)[sl]

    t = np.arange(7 * HOURS_PER_DAY)
    fig = _new_figure(10, 5.2)
    ax, ax2 = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    fig.subplots_adjust(left=0.08, right=0.78, bottom=0.08, top=0.93, hspace=0.12)
    pos = [
        ("renewable_direct_mw", "s_direct", "direct"),
        ("storage_discharge_mw", "s_discharge", "discharge"),
        ("coal_mw", "s_coal", "coal"),
        ("import_mw", "s_import", "import"),
        ("unserved_mw", "s_unserved", "unserved"),
    ]
    neg = [
        ("storage_charge_mw", "s_charge", "charge"),
        ("export_mw", "s_export", "export"),
        ("curtailed_mw", "s_curtailed", "curtailed"),
    ]
    pos = [p for p in pos if p[0] == "renewable_direct_mw" or _any_flow(h, p[0])]
    neg = [p for p in neg if _any_flow(h, p[0])]
    ax.stackplot(
        t,
        *[col(c) for c, _, _ in pos],
        colors=[COLOURS[k] for _, _, k in pos],
        labels=[tr(lab, lang) for _, lab, _ in pos],
        step=None,
        linewidth=0,
    )
    if neg:
        ax.stackplot(
            t,
            *[-col(c) for c, _, _ in neg],
            colors=[COLOURS[k] for _, _, k in neg],
            labels=[tr(lab, lang) for _, lab, _ in neg],
            linewidth=0,
        )
    ax.plot(t, col("load_mw"), color=COLOURS["load"], linewidth=1.4, label=tr("s_load", lang))
    ax.axhline(0, color="#333333", linewidth=0.6)
    ax.set_ylabel(tr("ax_power", lang))
    box = {"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1.5}
    ax.text(
        0.005,
        0.985,
        "↑ " + tr("supply_side", lang),
        transform=ax.transAxes,
        ha="left",
        va="top",
        fontsize=8,
        color="#333333",
        bbox=box,
    )
    ax.text(
        0.005,
        0.015,
        "↓ " + tr("surplus_side", lang),
        transform=ax.transAxes,
        ha="left",
        va="bottom",
        fontsize=8,
        color="#333333",
        bbox=box,
    )
    handles, labels = ax.get_legend_handles_labels()
    _legend_right(ax, handles, labels)
    soc = col("soc_mwh")
    ax2.fill_between(t, soc, color=COLOURS["storage_mwh"], alpha=0.35, linewidth=0)
    ax2.plot(t, soc, color=COLOURS["storage_mwh"], linewidth=1.2, label=tr("s_soc", lang))
    ax2.set_ylabel(tr("ax_soc", lang))
    ax2.set_ylim(bottom=0, top=max(1.0, float(np.nanmax(soc)) * 1.05 if soc.size else 1.0))
    _legend_right(ax2)
    ticks = np.arange(0, 7 * HOURS_PER_DAY + 1, HOURS_PER_DAY)
    ax2.set_xticks(ticks)
    ax2.set_xticklabels([_date(day0 + i, lang) for i in range(len(ticks))])
    ax2.set_xlim(0, 7 * HOURS_PER_DAY - 1)
    ax.set_title(
        tr(
            "week_title",
            lang,
            title=tr(title_key, lang),
            start=_date(day0, lang),
            end=_date(day0 + 6, lang),
            year=year,
        ),
        loc="left",
    )
    return fig


def _heat_years(years: Sequence[int], most: int = 4) -> list[int]:
    if len(years) <= most:
        return list(years)
    idx = np.unique(np.round(np.linspace(0, len(years) - 1, most)).astype(int))
    return [years[i] for i in idx]


def _fig_heatmap(inp: ReportInputs, lang: str, years: Sequence[int]) -> Any:
    h = inp.hourly
    grids = []
    for y in years:
        v = _year_array(h, y, "curtailed_mw")
        days = v.size // HOURS_PER_DAY
        grids.append(v[: days * HOURS_PER_DAY].reshape(days, HOURS_PER_DAY).T)
    vmax = max(float(g.max()) if g.size else 0.0 for g in grids)
    vmax = vmax if vmax > 0 else 1.0
    n = len(years)
    fig = _new_figure(10, 1.0 + 1.75 * n)
    axes = np.atleast_1d(fig.subplots(n, 1, sharex=True))
    fig.subplots_adjust(
        left=0.08,
        right=0.88,
        bottom=0.6 / (1.0 + 1.75 * n) + 0.04,
        top=1 - 0.3 / (1.0 + 1.75 * n),
        hspace=0.25,
    )
    im = None
    for ax, y, g in zip(axes, years, grids, strict=True):
        im = ax.imshow(
            g,
            aspect="auto",
            origin="lower",
            cmap="YlOrRd",
            vmin=0,
            vmax=vmax,
            interpolation="nearest",
            extent=(0, g.shape[1], 0, HOURS_PER_DAY),
        )
        ax.set_yticks([0, 6, 12, 18, 24])
        ax.grid(False)
        ax.set_ylabel(tr("ax_hour", lang))
        ax.text(
            1.0,
            1.01,
            str(y),
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=10,
            fontweight="bold",
        )
    first = [(_dt.date(2023, m, 1) - _dt.date(2023, 1, 1)).days for m in range(1, 13)]
    axes[-1].set_xticks(first)
    axes[-1].set_xticklabels([tr(f"month_{m}", lang) for m in range(1, 13)])
    axes[-1].set_xlabel(tr("ax_day", lang))
    cax = fig.add_axes(
        (
            0.9,
            axes[-1].get_position().y0,
            0.015,
            axes[0].get_position().y1 - axes[-1].get_position().y0,
        )
    )
    cb = fig.colorbar(im, cax=cax)
    cb.set_label(tr("ax_curtailed_mw", lang))
    return fig


def _fig_costs(inp: ReportInputs, lang: str) -> Any:
    per_year = inp.plan["cost_breakdown"]["per_year"]
    years = [int(r["year"]) for r in per_year]
    n = len(years)
    scale = MONEY_UNIT_SCALE[lang]
    fig = _new_figure(10, 4.4)
    ax = fig.subplots()
    fig.subplots_adjust(left=0.09, right=0.7, bottom=0.12, top=0.95)
    x = np.arange(n)
    bottom = np.zeros(n)
    for item in _COST_ITEMS:
        v = np.array([float(r.get(item) or 0.0) for r in per_year]) / scale
        if not np.any(v != 0):
            continue
        if item == "export_revenue":
            ax.bar(x, -v, 0.55, color=_COST_COLOURS[item], label=tr(f"cost_{item}", lang))
        else:
            ax.bar(
                x, v, 0.55, bottom=bottom, color=_COST_COLOURS[item], label=tr(f"cost_{item}", lang)
            )
            bottom += v
    total = np.array([float(r.get("total") or 0.0) for r in per_year]) / scale
    ax.scatter(x, total, marker="D", color="black", zorder=3, label=tr("s_total", lang))
    if n <= 8:
        _bar_labels(
            ax,
            x,
            np.maximum(bottom, total),
            [money_in_unit(r.get("total"), lang) for r in per_year],
            offset=7,
        )
    ax.axhline(0, color="#333333", linewidth=0.6)
    _year_axis(ax, years)
    ax.set_ylabel(tr("ax_cost", lang, unit=money_unit(lang, inp.currency, per_year=True)))
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    ax.margins(y=0.1)
    _legend_right(ax)
    return fig


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
    keys = ["read_share"]
    if inp.kind == "plan":
        keys.append("read_lp_sim")
    if inp.kind == "sweep":
        lp = "objective" in inp.sweep.data_vars
        keys += ["read_lp_sim", "read_lp_sweep"] if lp else ["read_sweep"]
    keys.append("read_numbers")
    unit = money_unit(lang, inp.currency)
    paras = "".join(f"<p>{esc(tr(k, lang, unit=unit))}</p>" for k in keys)
    page.add(f'<div class="note">{paras}</div>')


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
        ("load_mwh", "col_load"),
        ("renewable_available_mwh", "col_available"),
        ("renewable_direct_mwh", "col_direct"),
        ("storage_discharge_mwh", "col_discharge"),
        ("coal_mwh", "col_coal"),
        ("import_mwh", "col_import"),
        ("unserved_mwh", "col_unserved"),
        ("curtailed_mwh", "col_curtailed"),
        ("export_mwh", "col_export"),
        ("co2_t", "col_co2"),
    ]
    items = [(k, c) for k, c in items if any(k in r for r in recs)]
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
    items = [*_COST_ITEMS, "total"]
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


def _assumptions(page: Page, inp: ReportInputs) -> None:
    lang = page.lang
    page.h2("assumptions", "assumptions")
    found = inp.scenario
    if found is None:
        page.add(f"<p>{esc(tr('assumptions_none', lang))}</p>")
        return
    sc, src = found.scenario, found.label
    cur = "元" if lang == "zh" and sc.finance.currency == "CNY" else sc.finance.currency

    def lim(v: float | None, unit: str) -> str:
        return tr("unlimited", lang) if v is None or math.isinf(v) else f"{v:,.0f} {unit}"

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
    for key, gen in (("as_wind", sc.wind), ("as_solar", sc.solar)):
        rows.append(
            (
                tr(key, lang),
                esc(
                    tr(
                        "as_gen_v",
                        lang,
                        existing=gen.existing_mw,
                        max=lim(gen.max_mw, "MW"),
                        capex=gen.capex_per_kw,
                        cur=cur,
                        life=gen.lifetime_years,
                    )
                ),
            )
        )
    st = sc.storage
    rows.append(
        (
            tr("as_storage", lang),
            esc(
                tr(
                    "as_storage_v",
                    lang,
                    e=st.existing_mwh,
                    p=st.existing_mw,
                    emax=lim(st.max_mwh, "MWh"),
                    pmax=lim(st.max_mw, "MW"),
                    rt=st.charge_efficiency * st.discharge_efficiency,
                    minsoc=st.min_soc,
                )
            ),
        )
    )
    rows.append(
        (
            tr("as_costs", lang),
            esc(
                tr(
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
            ),
        )
    )
    g = sc.grid
    if isinstance(g.import_price_per_mwh, list):
        price = (
            f"{min(g.import_price_per_mwh):,.0f}–{max(g.import_price_per_mwh):,.0f} "
            f"({tr('tou', lang)})"
        )
    else:
        price = f"{g.import_price_per_mwh:,.0f}"
    rows.append(
        (
            tr("as_grid", lang),
            esc(
                tr(
                    "as_grid_v",
                    lang,
                    imp=g.import_max_mw,
                    price=price,
                    cur=cur,
                    exp=g.export_max_mw,
                    eprice=g.export_price_per_mwh,
                )
            ),
        )
    )
    if sc.coal is None:
        coal = esc(tr("as_coal_none", lang))
    else:
        coal = esc(
            tr(
                "as_coal_v",
                lang,
                cap=sc.coal.capacity_mw,
                minload=sc.coal.min_load_share,
                fuel=sc.coal.fuel_cost_per_mwh,
                cur=cur,
                co2=sc.coal.co2_t_per_mwh,
            )
        )
    rows.append((tr("as_coal", lang), coal))
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
    rows.append(
        (
            tr("as_finance", lang),
            esc(
                tr(
                    "as_finance_v",
                    lang,
                    rate=sc.finance.discount_rate,
                    voll=pol.voll_per_mwh,
                    cur=cur,
                )
            ),
        )
    )
    page.add(
        '<dl class="facts">' + "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"
    )
    key = "assumptions_embedded" if found.origin == "embedded" else "assumptions_source"
    source = esc(tr(key, lang, src="\0"))
    page.add('<p class="sub">' + source.replace("\0", f"<code>{esc(src)}</code>") + "</p>")


def _arch_keys() -> set[str]:
    from simulator.report_i18n import STRINGS

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


def _plan_figures(page: Page, inp: ReportInputs) -> None:
    lang = page.lang
    if inp.capacities is not None and len(inp.capacities):
        page.figure(
            _fig_capacity(inp, lang),
            "fig-capacity",
            tr("fig_capacity", lang),
            tr("cap_capacity", lang),
        )
    recs = inp.kpis_sim or inp.kpis_lp
    if recs:
        which = tr("which_sim" if inp.kpis_sim else "which_lp", lang)
        page.figure(
            _fig_balance(inp, lang),
            "fig-balance",
            tr("fig_balance", lang),
            tr("cap_balance", lang, which=which),
        )
        page.figure(
            _fig_share(inp, lang),
            "fig-share",
            tr("fig_share", lang),
            tr("cap_share" if inp.kpis_lp and inp.kpis_sim else "cap_share_sim", lang),
        )
    h = inp.hourly
    if h is not None and len(h):
        years = sorted(int(y) for y in pd.unique(h["year"]))
        year = years[-1]
        weeks = _pick_weeks(h, year)
        for key, title_key, anchor in (
            ("curt", "fig_week_curt", "fig-week-curtailment"),
            ("lowre", "fig_week_lowre", "fig-week-low-renewable"),
        ):
            day0 = weeks[key]
            curt, share = _week_stats(h, year, day0)
            page.figure(
                _fig_week(inp, lang, year, day0, title_key),
                anchor,
                tr(title_key, lang),
                tr(
                    "cap_week",
                    lang,
                    start=_date(day0, lang),
                    end=_date(day0 + 6, lang),
                    year=year,
                    curt=_num(curt, 1e-3),
                    share=_pct(share),
                ),
            )
        shown = _heat_years(years)
        note = "" if shown == years else tr("years_note", lang, years=", ".join(map(str, shown)))
        page.figure(
            _fig_heatmap(inp, lang, shown),
            "fig-curtailment-heatmap",
            tr("fig_heatmap", lang),
            tr("cap_heatmap", lang, years_note=note),
        )
    cb = (inp.plan or {}).get("cost_breakdown")
    if cb and cb.get("per_year"):
        page.figure(
            _fig_costs(inp, lang),
            "fig-costs",
            tr("fig_costs", lang),
            tr(
                "cap_costs",
                lang,
                unit=money_unit(lang, inp.currency, per_year=True),
                objective=money(
                    (cb.get("discounted_total") or {}).get("total"), lang, inp.currency
                ),
            ),
        )


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
    _plan_figures(page, inp)
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


def _footer(page: Page) -> None:
    from simulator import __version__

    page.add(f"<footer>{esc(tr('generated_by', page.lang, version=__version__))}</footer>")


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
        raise InputError("--lang", None, f"must be one of {', '.join(LANGS)} (got {lang!r})")
    with _mpl_context():
        if inputs.kind == "sweep":
            from simulator.report_sweep import render_sweep

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
        raise InputError("--lang", None, f"must be one of {', '.join(LANGS)} (got {lang!r})")
    inputs = load_inputs(path)
    text = render_report(inputs, lang, axes=axes, fixed=fixed)
    return write_text(report_path(path, lang), text)
