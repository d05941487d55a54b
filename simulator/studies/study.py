"""A study: several cases of one scenario, each sized, then compared (``parkbalance study``).

A study file (``study.toml``) names a base scenario, the options of ``parkbalance size`` and
the cases; each case is the base with some of the scenario file's variants and some overrides:

.. code-block:: toml

    title = "Ordos: wind cost and grid connection"   # optional, heads the page
    title_zh = "鄂尔多斯：风电造价与接网容量"          # optional, heads the Chinese page
    scenario = "park.toml"       # relative to this file, or a built-in name

    [options]                    # as on the command line of parkbalance size
    segments = 200
    assure = true                # default true: every plan is repaired until it passes

    [cases.base]                 # the base scenario as it is

    [cases.cheap-wind]
    variants = ["cheap-wind"]    # [variants.cheap-wind] of park.toml

    [cases.big-grid]
    set = { "grid.import_max_mw" = 600, "targets" = [0.3, 0.5, 0.6] }

:func:`load_study` reads and checks it (and resolves every case's scenario, so a bad key fails
before any sizing); :func:`run_study` sizes every case into ``OUT/CASE/`` (``plan.json`` and the
hourly files, as ``parkbalance size --out`` writes them) and then writes the comparison
(:func:`simulator.report.compare_report.write_compare`) into ``OUT``.
"""

from __future__ import annotations

import re
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from simulator.core.errors import InputError
from simulator.core.scenario import Scenario, _error_field

__all__ = ["CaseResult", "Study", "StudyCase", "StudyOptions", "load_study", "run_study"]

#: A case name is a folder name: letters, digits, ``-``, ``_``, ``.`` and CJK characters.
_CASE_NAME = re.compile(r"^[A-Za-z0-9_\u4e00-\u9fff][A-Za-z0-9_.\-\u4e00-\u9fff]{0,99}$")
#: Files of the comparison in the study's output folder.
STUDY_FILES = ("compare.html", "compare.zh.html", "results.xlsx", "results.zh.xlsx")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class StudyOptions(_Model):
    """Options of ``parkbalance size`` used for every case (same names, underscores)."""

    assure: bool = True
    """Repair each plan until its rule-based simulation meets every rule (as ``--assure``)."""
    segments: Annotated[int, Field(ge=1, le=8760)] | None = None
    """Solve the LP on K chronological segments per year (``--segments``)."""
    typical_days: Annotated[int, Field(ge=1, le=365)] | None = None
    """Solve the LP on N typical days per year (``--typical-days``)."""
    weather_year: Annotated[int, Field(ge=0, le=10_000)] = 0
    """Weather year of the profiles (``--weather-year``)."""
    weather_years: Annotated[int, Field(ge=1, le=1000)] | None = None
    """Robust sizing over N weather years (``--weather-years``)."""
    quantile: Annotated[float, Field(gt=0.0, le=1.0)] = 0.9
    """Wanted P(target met) with ``weather_years``."""
    solver_algorithm: str = "choose"
    """HiGHS algorithm (``--solver-algorithm``): one of ``SOLVER_ALGORITHMS``."""

    @field_validator("solver_algorithm")
    @classmethod
    def _known_algorithm(cls, v: str) -> str:
        from solvers.highs_run import check_solver_options

        try:
            check_solver_options(v)
        except InputError as exc:
            raise ValueError(exc.message) from None
        return v
    threads: Annotated[int, Field(ge=1, le=1024)] | None = None
    """HiGHS threads."""
    time_limit: Annotated[float, Field(gt=0.0)] | None = None
    """HiGHS time limit per solve [s]."""


class StudyCase(_Model):
    """One case: the base scenario (or its own), some variants, some overrides."""

    scenario: Annotated[str, Field(min_length=1, max_length=1000)] | None = None
    """A different scenario for this case (relative to the study file, or a built-in name)."""
    variants: list[Annotated[str, Field(min_length=1, max_length=200)]] = []
    """Names of the scenario file's ``[variants.NAME]``, applied in order."""
    set: dict[str, Any] = {}
    """Overrides applied after the variants: ``{"wind.capex_per_kw" = 3500}`` (dotted keys,
    quoted) or nested tables, as ``--set``."""


class _StudyFile(_Model):
    title: Annotated[str, Field(max_length=200)] = ""
    title_zh: Annotated[str, Field(max_length=200)] = ""
    scenario: Annotated[str, Field(min_length=1, max_length=1000)]
    options: StudyOptions = StudyOptions()
    cases: Annotated[dict[str, StudyCase], Field(min_length=1, max_length=100)]


@dataclass
class Study:
    """A study read from its file.

    Attributes
    ----------
    path : Path
        The study file.
    title : str
        Heading of the comparison page ('' = the default).
    title_zh : str
        Heading of the Chinese page ('' = ``title``, else the default).
    options : StudyOptions
        Sizing options of every case.
    cases : dict of str to StudyCase
        The cases in the file's order; the first is the reference of the comparison.
    scenarios : dict of str to Scenario
        Each case's resolved scenario.
    """

    path: Path
    title: str
    title_zh: str
    options: StudyOptions
    cases: dict[str, StudyCase]
    scenarios: dict[str, Scenario] = field(default_factory=dict)


@dataclass
class CaseResult:
    """What sizing one case gave."""

    name: str
    folder: Path
    status: str
    exit_code: int
    seconds: float
    objective: float | None


def _scenario_ref(study_path: Path, ref: str) -> str | Path:
    """Return a study's scenario: a path relative to the study file, else a built-in name."""
    p = Path(ref)
    if not p.is_absolute():
        p = study_path.parent / p
    return p if p.is_file() or ref.endswith(".toml") else ref


def load_study(path: str | Path) -> Study:
    """Read a study file and resolve the scenario of every case.

    Raises
    ------
    InputError
        A missing or broken file, an unknown key, a bad case name or option, or a case whose
        scenario cannot be resolved (naming the study file and ``cases.NAME``).
    """
    from simulator.core.overrides import normalise_overrides
    from simulator.core.scenario import load_scenario

    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError(path, None, f"cannot read file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(path, None, "not UTF-8 text; save the study as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, None, f"broken TOML: {exc}") from None
    try:
        sf = _StudyFile.model_validate(data)
    except ValidationError as exc:
        fld, msg = _error_field(exc)
        raise InputError(path, fld, msg) from None
    for name in sf.cases:
        if not _CASE_NAME.match(name) or name in STUDY_FILES:
            raise InputError(
                path,
                f"cases.{name}",
                "a case name becomes a folder name: letters, digits, '-', '_', '.' (not first)",
            )
    if sf.options.segments is not None and sf.options.typical_days is not None:
        raise InputError(path, "options.segments", "cannot be combined with typical_days")
    study = Study(path, sf.title, sf.title_zh, sf.options, dict(sf.cases))
    for name, case in sf.cases.items():
        ref = _scenario_ref(path, case.scenario or sf.scenario)
        ovs = normalise_overrides(case.set, None, str(path), f"cases.{name}.set.")
        try:
            study.scenarios[name] = load_scenario(ref, overrides=ovs, variants=case.variants)
        except InputError as exc:
            where = f"cases.{name}"
            if exc.source == str(path):  # an override of the study file: already precise
                raise
            raise InputError(path, where, exc.one_line()) from None
    return study


def _size_case(sc: Scenario, options: StudyOptions, folder: Path) -> tuple[str, int, float | None]:
    """Size one case as ``parkbalance size --out FOLDER`` does; return status, exit code, cost."""
    from simulator.core.io import OutputDir
    from simulator.core.profiles import build_profiles
    from solvers.sizing import size, write_plan

    profiles = build_profiles(sc, weather_year=options.weather_year)
    result = size(
        sc,
        profiles=profiles,
        assure=options.assure,
        algorithm=options.solver_algorithm,
        threads=options.threads,
        time_limit_s=options.time_limit,
        typical_days=options.typical_days,
        weather_years=options.weather_years,
        quantile=options.quantile,
        weather_year=options.weather_year,
        segments=options.segments,
    )
    outputs = OutputDir(folder)
    with outputs as staging:
        write_plan(result, staging)
        outputs.commit()
    return result.status, int(result.exit_code), result.objective


def run_study(
    study: Study | str | Path,
    out: str | Path,
    lang: str = "both",
    progress: Callable[[str], None] | None = None,
) -> tuple[list[CaseResult], list[Path]]:
    """Size every case of a study into ``out/CASE/`` and write the comparison into ``out``.

    A case that ends without a passing plan (infeasible, a failing rule, a solver failure) is
    written as ``parkbalance size`` writes it and the study goes on; the comparison shows it.

    Parameters
    ----------
    study : Study or str or Path
        The study, or its file.
    out : str or Path
        Output folder.
    lang : {"en", "zh", "both"}
        Language(s) of the comparison.
    progress : callable, optional
        Called with one line per case.

    Returns
    -------
    cases : list of CaseResult
        One per case, in order.
    written : list of Path
        The comparison's files.
    """
    from datetime import UTC, datetime

    from simulator.core.errors import OutputError
    from simulator.report.compare_report import langs_of, write_compare

    langs_of(lang)
    if not isinstance(study, Study):
        study = load_study(study)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(out, "is a file, not a folder")
    results = []
    for name, sc in study.scenarios.items():
        t0 = time.perf_counter()
        folder = out / name
        status, code, objective = _size_case(sc, study.options, folder)
        dt = time.perf_counter() - t0
        results.append(CaseResult(name, folder, status, code, dt, objective))
        if progress is not None:
            cost = f", discounted total {objective / 1e6:,.1f} million" if objective else ""
            progress(
                f"case {name}: {status}{cost} ({dt:.1f} s) → {folder}"
                f" [{datetime.now(UTC).strftime('%H:%M:%S')} UTC]"
            )
    written = write_compare(
        [r.folder for r in results],
        out,
        lang=lang,
        names=[r.name for r in results],
        title={"en": study.title, "zh": study.title_zh or study.title},
    )
    return results, written
