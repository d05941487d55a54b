"""Test helpers: the keys of issue 11 (``verdict``, ``checks``, ``provenance``) of an output.

``plan.json`` / ``kpis.json`` carry them (``simulator.core.verdict``,
``simulator.core.provenance``). :func:`add_contract` replaces them by checks computed from the
output's own KPIs plus any extra checks (a failing rule, a rule id the report does not know);
:func:`strip_contract` removes them, giving an output as written before they existed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


def toml_text(data: dict) -> str:
    """Write a scenario dict (as read from TOML) as TOML text (tables, arrays of tables)."""

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int | float):
            return repr(v)
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        raise TypeError(type(v))

    def table(d: dict, prefix: str) -> list[str]:
        lines, subs = [], []
        for k, v in d.items():
            if v is None:
                continue
            if isinstance(v, dict):
                subs.append((k, v))
            elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                subs.append((k, v))
            else:
                lines.append(f"{k} = {value(v)}")
        for k, v in subs:
            name = f"{prefix}.{k}" if prefix else k
            if isinstance(v, dict):
                lines += ["", f"[{name}]", *table(v, name)]
            else:
                for item in v:
                    lines += ["", f"[[{name}]]", *table(item, name)]
        return lines

    return "\n".join(table(data, "")) + "\n"


def make_checks(data: dict, import_max_mw: float | None = None) -> list[dict]:
    """Checks of the simulated KPIs of ``data`` (plan.json or kpis.json content)."""
    sim = data.get("simulated_kpis") or data.get("years") or []
    lp = {r["year"]: r for r in data.get("lp_kpis") or []}
    checks = []
    for r in sim:
        y = int(r["year"])
        lpr = lp.get(y, {})
        share = r["renewable_share"]
        checks.append(
            {
                "year": y,
                "rule": "renewable_share",
                "sense": ">=",
                "value": share,
                "limit": r["target_share"],
                "unit": "share",
                "lp_value": lpr.get("renewable_share"),
                "passed": share >= r["target_share"] - 1e-9,
            }
        )
        uns = r["unserved_mwh"] / r["load_mwh"]
        checks.append(
            {
                "year": y,
                "rule": "unserved_share",
                "sense": "<=",
                "value": uns,
                "limit": 0.0,
                "unit": "share",
                "lp_value": (lpr["unserved_mwh"] / lpr["load_mwh"]) if lpr else None,
                "passed": uns <= 1e-9,
            }
        )
        if import_max_mw is not None:
            checks.append(
                {
                    "year": y,
                    "rule": "import_peak_mw",
                    "sense": "<=",
                    "value": r["peak_import_mw"],
                    "limit": import_max_mw,
                    "unit": "MW",
                    "lp_value": lpr.get("peak_import_mw"),
                    "passed": r["peak_import_mw"] <= import_max_mw + 1e-6,
                }
            )
    return checks


def add_contract(
    out_dir: Path,
    scenario_data: dict,
    *,
    extra_checks: list[dict] = (),
    command: list[str] | None = None,
    import_max_mw: float | None = None,
) -> dict:
    """Add ``verdict``, ``checks`` and ``provenance`` to plan.json (or kpis.json) of ``out_dir``.

    Returns the new content.
    """
    path = out_dir / "plan.json"
    if not path.is_file():
        path = out_dir / "kpis.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    checks = make_checks(data, import_max_mw) + list(extra_checks)
    failures = [
        f"year {c['year']}: {c['rule']} {c['value']:.4g} where {c['sense']} {c['limit']:.4g} "
        "is required"
        for c in checks
        if not c["passed"]
    ]
    toml = toml_text(scenario_data)
    status = data.get("status", "simulated")
    if "status" not in data:
        status = "simulated"
    elif status == "optimal" and failures:
        status = "rule_failed"
    data["verdict"] = {
        "status": status,
        "passed": not failures and status in ("optimal", "simulated"),  # as issue 11 defines
        "failures": failures,
    }
    data["checks"] = checks
    data["provenance"] = {
        "parkbalance_version": "0.1.0",
        "command": command or ["parkbalance", "size", "my park.toml", "--out", "out/plan"],
        "started_at": "2026-12-01T02:00:00+00:00",
        "scenario_name": data["scenario"],
        "scenario_source": "/home/planner/parks/my park.toml",
        "scenario_sha256": hashlib.sha256(toml.encode()).hexdigest(),
        "scenario_toml": toml,
        "input_files": {},
        "highs_version": "1.15.1",
        "highs_options": {"solver": "ipm"},
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return data


def strip_contract(out_dir: Path) -> None:
    """Remove ``verdict``, ``checks`` and ``provenance``: an output as written before issue 11."""
    path = out_dir / "plan.json"
    if not path.is_file():
        path = out_dir / "kpis.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in ("verdict", "checks", "provenance"):
        data.pop(key, None)
    path.write_text(json.dumps(data), encoding="utf-8")
