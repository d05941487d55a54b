"""What identifies a sweep and what its dataset records: the sweep key, attributes, provenance.

The *sweep key* is the SHA-256 of everything that decides the numbers (the scenario, the bytes of
its input files as read once, the code, the format of the chunk files, the grid and chunking); a
resume continues only a sweep with the same key.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from simulator.core.scenario import Scenario
from simulator.studies.sweep_inputs import InputSnapshot, snapshot_inputs
from simulator.studies.sweep_store import PARTS_FORMAT

__all__ = ["attrs", "code_version", "scenario_digest", "sweep_key"]

#: The modules whose code decides the numbers of a sweep (part of the sweep key).
_CODE_FILES = (
    "core/dispatch.py",
    "core/dispatch_pack.py",
    "core/kpis.py",
    "core/profiles.py",
    "core/scenario.py",
    "studies/sweep.py",
    "studies/sweep_dataset.py",
    "studies/sweep_kernel.py",
    "studies/sweep_lp.py",
    "studies/sweep_plan.py",
)


def scenario_digest(scenario: Scenario) -> str:
    """SHA-256 of the scenario's TOML text (or of its validated content when it has no file).

    A sweep records the digest taken once, up front
    (:func:`simulator.studies.sweep_inputs.snapshot_inputs`).
    """
    with snapshot_inputs(scenario) as snap:
        return snap.scenario_sha256


def code_version() -> str:
    """Digest of the code that decides the numbers: rules, kernels, KPIs, profiles, the sweeps."""
    h = hashlib.sha256()
    here = Path(__file__).parents[1]  # the simulator package
    for name in _CODE_FILES:
        h.update(name.encode())
        h.update((here / name).read_bytes())
    return h.hexdigest()


def sweep_key(kind: str, snap: InputSnapshot, content: dict) -> str:
    """Return the sweep key: SHA-256 of everything that decides the numbers.

    That is the scenario, the bytes of its input files (as read once by ``snap``), the code, the
    format of the parts and ``content``.
    """
    data = {
        "kind": kind,
        "format": PARTS_FORMAT,
        "scenario": snap.original.model_dump(mode="json"),
        "files": snap.files,
        "code": code_version(),
        **content,
    }
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("parkbalance")
    except Exception:  # pragma: no cover - not installed
        import simulator

        return simulator.__version__


def attrs(
    kind: str,
    snap: InputSnapshot,
    key: str,
    specs: dict[str, str],
    started_at: datetime | None = None,
    **more: Any,
) -> dict:
    """Attributes of a sweep dataset, with the provenance record of what it was computed from.

    ``provenance`` (JSON, :func:`simulator.core.provenance.provenance`) records the resolved
    scenario, the variants and ``--set`` overrides applied, versions, the command and
    ``started_at``; its ``input_files`` are ``input_sha256``: the digests of the bytes the sweep
    read once. ``scenario_toml`` is the resolved scenario as TOML (the report reads it).
    """
    from simulator.core.provenance import provenance, scenario_toml

    scenario = snap.original
    record = provenance(scenario, started_at=started_at, files=snap.files)
    return {
        "title": f"parkbalance {kind} of {scenario.name}",
        "scenario": scenario.name,
        "scenario_sha256": snap.scenario_sha256,
        "input_sha256": json.dumps(snap.files, ensure_ascii=False, sort_keys=True),
        "parkbalance_version": _version(),
        "grid": json.dumps(specs, ensure_ascii=False),
        "sweep_key": key,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "scenario_toml": scenario_toml(scenario),
        "provenance": json.dumps(record, ensure_ascii=False, sort_keys=True),
        **more,
    }
