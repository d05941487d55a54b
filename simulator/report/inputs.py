"""What a report reads: ``plan.json``/``kpis.json`` and the Parquet files, or a sweep dataset."""

from __future__ import annotations

import datetime as _dt
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from simulator.core.errors import InputError
from simulator.core.vocabulary import storage_totals, store_pairs_in
from simulator.report.format import num, pct
from simulator.report.i18n import tr

if TYPE_CHECKING:  # pragma: no cover
    from simulator.core.scenario import Scenario

__all__ = ["ReportInputs", "ScenarioFound", "load_inputs", "scenario_of"]

#: Suffixes of sweep files (xarray Datasets).
SWEEP_SUFFIXES = (".nc", ".nc4", ".zarr")
HOURS_PER_DAY = 24
_DAYS = 365


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
        Keys of :data:`simulator.report.i18n.STRINGS` to show (missing optional inputs).
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
        """The scenario behind the outputs (:class:`ScenarioFound`).

        From ``provenance.scenario_toml`` first, so it works for any scenario on any machine;
        None when not found.
        """
        if not self._scenario_looked_up:
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
        inp, caps, sim_name, lp_name = _plan_inputs(path, plan_file)
    elif kpis_file.is_file():
        inp, caps, sim_name, lp_name = _simulation_inputs(path, kpis_file)
    else:
        raise InputError(
            path, None, "has no plan.json or kpis.json (run parkbalance run, size or simulate)"
        )
    if caps:
        inp.capacities = with_storage_totals(pd.DataFrame(caps))
    if sim_name:
        inp.hourly = _read_parquet(path / sim_name)
        if inp.hourly is not None:
            inp.files.append(sim_name)
    if lp_name:
        inp.hourly_lp = _read_parquet(path / lp_name)
        if inp.hourly_lp is not None:
            inp.files.append(lp_name)
    return inp


#: What :func:`load_inputs` reads from ``plan.json`` or ``kpis.json``: the inputs so far, the
#: capacity records, and the file names of the simulated and the LP hourly tables.
_Found = tuple[ReportInputs, list[dict] | None, str | None, str | None]


def _plan_inputs(path: Path, plan_file: Path) -> _Found:
    """Read ``plan.json`` of ``parkbalance run/size`` (its ``scenario`` and ``status`` needed)."""
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
    return inp, caps, sim_name, lp_name


def _simulation_inputs(path: Path, kpis_file: Path) -> _Found:
    """Read ``kpis.json`` of ``parkbalance simulate`` (its ``scenario`` and ``years`` needed)."""
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
    return inp, caps, "hourly.parquet", None


def with_storage_totals(caps: pd.DataFrame) -> pd.DataFrame:
    """Add ``storage_mwh`` and ``storage_mw`` as the sums over the stores when a park has several.

    The report's storage views show the park's storage as a whole; each store keeps its own
    columns (``NAME_mwh``, ``NAME_mw``) in the capacity tables.
    """
    if "storage_mwh" in caps.columns and "storage_mw" in caps.columns:
        return caps
    out = caps.copy()
    out["storage_mwh"], out["storage_mw"] = storage_totals(caps, store_pairs_in(caps.columns))
    return out


def _pct(v: float | None) -> str:
    """Format a share [1] as a percentage with one decimal (``0.5214`` → ``52.1%``)."""
    return pct(v)


def _num(v: float | None, scale: float = 1.0, digits: int = 1) -> str:
    return num(v, scale, digits)


def _date(day: int, lang: str) -> str:
    """Day of the model year (0 = 1 January; no leap days) as ``3 Jan`` or ``1月3日``."""
    d = _dt.date(2023, 1, 1) + _dt.timedelta(days=int(day))
    return tr("date", lang, day=d.day, month=tr(f"month_{d.month}", lang))


def _dim_label(dim: str, lang: str) -> str:
    key = f"dim_{dim}"
    try:
        return tr(key, lang)
    except KeyError:
        return _named_capacity(dim, lang)


def _named_capacity(dim: str, lang: str) -> str:
    """Label of a capacity named after a store or process: ``lds_mwh`` → ``lds energy [MWh]``."""
    for suffix, en, zh, unit in (
        ("_buffer_mwh", "buffer", "产品储罐", "MWh"),
        ("_mwh", "energy", "储能容量", "MWh"),
        ("_mw", "power", "功率", "MW"),
    ):
        if dim.endswith(suffix):
            name = dim.removesuffix(suffix)
            return f"{name} {zh if lang == 'zh' else en} [{unit}]"
    return dim


def verdict_of(data: dict | None) -> dict | None:
    """Return ``verdict`` of plan.json / kpis.json, or None when not recorded (or malformed)."""
    v = (data or {}).get("verdict")
    return v if isinstance(v, dict) and "passed" in v else None


def checks_of(data: dict | None) -> list[dict] | None:
    """Return ``checks`` of plan.json / kpis.json (records with ``rule`` and ``year``), or None."""
    c = (data or {}).get("checks")
    if not isinstance(c, list):
        return None
    return [r for r in c if isinstance(r, dict) and "rule" in r and "year" in r]


def provenance_of(data: dict | None) -> dict | None:
    """Return ``provenance`` of plan.json / kpis.json, or None when not recorded."""
    p = (data or {}).get("provenance")
    return p if isinstance(p, dict) else None


@dataclass
class ScenarioFound:
    """The scenario behind a report and where it came from.

    Attributes
    ----------
    scenario : Scenario
    origin : {"embedded", "plan", "file", "builtin"}
        ``provenance.scenario_toml`` (works on any machine), ``plan.json["scenario_data"]``, the
        scenario file named in the output, or the built-in scenario of that name.
    label : str
        What to show as the source.
    """

    scenario: Scenario
    origin: str
    label: str


def scenario_of(inp: ReportInputs) -> ScenarioFound | None:
    """Find the scenario of the outputs, the embedded TOML first.

    Returns None when none is found or the one found does not validate.
    """
    from simulator.core.scenario import builtin_scenarios, load_scenario, scenario_from_dict

    data = inp.data or {}
    prov = provenance_of(data) or {}
    text = prov.get("scenario_toml")
    if isinstance(text, str) and text.strip():
        from simulator.core.provenance import scenario_from_provenance

        try:
            src = str(prov.get("scenario_source") or "")
            return ScenarioFound(
                scenario_from_provenance(prov),
                "embedded",
                src or str(prov.get("scenario_name") or inp.scenario_name),
            )
        except (tomllib.TOMLDecodeError, InputError):
            pass
    try:
        if isinstance(data.get("scenario_data"), dict):
            return ScenarioFound(
                scenario_from_dict(data["scenario_data"], inp.path / "plan.json"),
                "plan",
                "plan.json",
            )
        src = data.get("scenario_file")
        if src and Path(src).is_file():
            return ScenarioFound(load_scenario(src), "file", str(src))
        if inp.scenario_name in builtin_scenarios():
            path = builtin_scenarios()[inp.scenario_name]
            return ScenarioFound(load_scenario(path), "builtin", path.name)
    except InputError:
        return None
    return None
