"""What an output was computed from: the resolved scenario, its input files, versions, command.

Every result file of parkbalance (``plan.json``, ``kpis.json``, sweep datasets) embeds the record
of :func:`provenance`, so that a report or a reader elsewhere knows the assumptions without the
scenario file: the fully resolved scenario as TOML text (defaults filled in, targets written out),
the SHA-256 of the scenario file and of every data file it names, the parkbalance version, the
command line, the HiGHS version and options of a sizing, and the start time.

:func:`scenario_from_provenance` turns the embedded TOML back into a
:class:`~simulator.core.scenario.Scenario` (the report's assumptions section uses it).
"""

from __future__ import annotations

import hashlib
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tomli_w

from simulator.core.scenario import Scenario, builtin_scenarios, scenario_from_dict

__all__ = [
    "DATA_SUFFIXES",
    "file_sha256",
    "input_files",
    "parkbalance_version",
    "provenance",
    "scenario_from_provenance",
    "scenario_source",
    "scenario_toml",
]

#: Suffixes of data files a scenario may name (profiles, loads); their digests are recorded.
DATA_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xls", ".parquet")


def parkbalance_version() -> str:
    """Installed version of parkbalance (the package's own ``__version__`` when not installed)."""
    try:
        from importlib.metadata import version

        return version("parkbalance")
    except Exception:  # pragma: no cover - running from a source tree without installation
        import simulator

        return simulator.__version__


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes (hex), or ``"missing"`` when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "missing"


def _resolved_dict(scenario: Scenario) -> dict[str, Any]:
    """Return the scenario as TOML-ready data: defaults filled in, ``None`` left out."""
    data = scenario.model_dump(mode="json", exclude_none=True)
    data["targets"] = [float(t) for t in scenario.target_shares()]
    return data


def scenario_toml(scenario: Scenario) -> str:
    """Return the fully resolved scenario as TOML text.

    Reading it back (``tomllib`` then :func:`simulator.core.scenario.scenario_from_dict`) gives a
    scenario equal to ``scenario`` except that the default targets are written out.
    """
    return tomli_w.dumps(_resolved_dict(scenario))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def input_files(scenario: Scenario) -> dict[str, str]:
    """SHA-256 of every data file the scenario names, by the name given in the scenario.

    Every string value of the scenario that names a file with a data suffix
    (:data:`DATA_SUFFIXES`) relative to the scenario file counts, wherever it sits in the schema.
    """
    out: dict[str, str] = {}
    for text in _strings(scenario.model_dump(mode="json", exclude_none=True)):
        if not text.lower().endswith(DATA_SUFFIXES) or text in out:
            continue
        out[text] = file_sha256(scenario.resolve(text))
    return out


def scenario_source(scenario: Scenario) -> str:
    """Return ``builtin:NAME``, the absolute path of the scenario file, or ``python``."""
    path = scenario.source_path
    if path is None:
        return "python"
    for name, builtin in builtin_scenarios().items():
        try:
            if Path(builtin).resolve() == Path(path).resolve():
                return f"builtin:{name}"
        except OSError:  # pragma: no cover
            pass
    return str(path)


def _command() -> list[str]:
    argv = list(sys.argv)
    if argv:
        argv[0] = Path(argv[0]).name or argv[0]
    return argv


def provenance(
    scenario: Scenario,
    *,
    started_at: datetime | None = None,
    solver: dict | None = None,
    command: list[str] | None = None,
    files: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Return the provenance record embedded in every output.

    Parameters
    ----------
    scenario : Scenario
        The resolved scenario the result was computed from.
    started_at : datetime, optional
        When the computation started (default: now), stored in UTC ISO 8601.
    solver : dict, optional
        ``SizingResult.solver`` of a sizing: its ``version`` and ``options`` are recorded.
    command : list of str, optional
        The command line (default ``sys.argv`` with the program's base name).
    files : dict of str to str, optional
        Digests of the data files as already taken by the caller (a sweep digests the bytes it
        read once, :func:`simulator.studies.sweep_inputs.snapshot_inputs`); default: read and digest
        them now (:func:`input_files`).

    Returns
    -------
    dict
        ``parkbalance_version, command, started_at, scenario_name, scenario_source,
        scenario_sha256, scenario_toml, variants, overrides, input_files, highs_version,
        highs_options``. ``scenario_sha256`` is the digest of the scenario file as stored;
        ``variants`` (the file's ``[variants.NAME]`` applied, in order) and ``overrides``
        (``--set`` keys and values, applied after them) say how ``scenario_toml`` was
        resolved from it (:func:`simulator.core.scenario.load_scenario`).
    """
    text = scenario_toml(scenario)
    path = scenario.source_path
    if path is not None and Path(path).is_file():
        digest = file_sha256(path)
    else:
        digest = hashlib.sha256(text.encode()).hexdigest()
    when = (started_at or datetime.now(UTC)).astimezone(UTC)
    solver = solver or {}
    return {
        "parkbalance_version": parkbalance_version(),
        "command": command if command is not None else _command(),
        "started_at": when.isoformat(timespec="seconds"),
        "scenario_name": scenario.name,
        "scenario_source": scenario_source(scenario),
        "scenario_sha256": digest,
        "scenario_toml": text,
        "variants": scenario.applied_variants,
        "overrides": scenario.applied_overrides,
        "input_files": dict(files) if files is not None else input_files(scenario),
        "highs_version": solver.get("version"),
        "highs_options": {
            "solver": solver.get("algorithm"),
            "threads": solver.get("threads"),
            "handoff": solver.get("handoff"),
            **(solver.get("options") or {}),
        }
        if solver
        else None,
    }


def scenario_from_provenance(record: dict[str, Any]) -> Scenario:
    """Rebuild the scenario embedded in a provenance record (its data files are not read).

    Raises
    ------
    simulator.core.errors.InputError
        When the embedded text is not a valid scenario.
    """
    data = tomllib.loads(record["scenario_toml"])
    return scenario_from_dict(data, source=None)
