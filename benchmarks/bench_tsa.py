"""Time-series aggregation: sizing on every hour against N typical days and K segments.

Calls :func:`solvers.tsa_compare.compare_typical_days` (the fast-sizing features) and reports,
per count of typical days and of chronological segments: the speed-up of the LP work (clustering
+ build + hand-off + HiGHS, every solve of the assure loop), the objective error, the capacity
errors (final year, against the full-hour plan) and the renewable shares of the plan simulated on
every hour by the dispatch core. All sizings run in this process, one after the other,
so the speed-up is a ratio taken in one run.

``--quick`` sizes a one-year park (the third year of ordos-low-carbon: its loads and its 50%
target) so that the full-hour reference takes seconds; the full mode sizes the 3-year park.
When the installed code has no ``compare_typical_days`` the section is reported as pending.

``--all-parks`` sizes every built-in 3-year park (N = 8, 16, 32, 64 typical days; K = 800, 1200,
1400, 1600 segments; about 15 minutes on 2 cores) — the table of ``docs/segments.md``.

Run ``python -m benchmarks.bench_tsa [--quick | --all-parks]``; prints Markdown.
"""

from __future__ import annotations

import math
import sys
import tomllib

from benchmarks.util import fmt_s, fmt_x

__all__ = ["available", "markdown", "one_year_park", "run", "run_parks"]

#: Chronological segments per year compared in the full and the all-parks modes.
SEGMENT_COUNTS = (800, 1200, 1400, 1600)


def available() -> bool:
    """Whether :func:`solvers.tsa_compare.compare_typical_days` exists in the installed code."""
    try:
        from solvers.tsa_compare import compare_typical_days  # noqa: F401
    except ImportError:
        return False
    return True


def one_year_park(name: str = "ordos-low-carbon", year_index: int = -1, storage: bool = True):
    """Return a one-year version of a built-in park: the loads and target of one of its years.

    ``storage=False`` also forbids storage (a much smaller LP, for the smoke test).
    """
    from simulator.core.scenario import load_scenario, resolve_scenario_path, scenario_from_dict

    path = resolve_scenario_path(name)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    base = load_scenario(name)
    data["years"] = 1
    data["start_year"] = base.calendar_years[year_index]
    data["targets"] = [base.target_shares()[year_index]]
    data["name"] = f"{base.name}-year{data['start_year']}"
    for load in data.get("loads", []):
        v = load.get("annual_mwh")
        if isinstance(v, list):
            load["annual_mwh"] = [v[year_index] if len(v) > 1 else v[0]]
    if not storage:
        data.setdefault("storage", {}).update(max_mwh=0, max_mw=0, existing_mwh=0, existing_mw=0)
    return scenario_from_dict(data, path)


def run(quick: bool = False, tiny: bool = False) -> dict:
    """Compare full-hour and typical-day sizings (or report ``pending``).

    Parameters
    ----------
    quick : bool
        One-year park, 8, 16 and 32 typical days.
    tiny : bool
        One-year park without storage, 8 typical days, no assure loop (smoke test).

    Returns
    -------
    dict
        ``status`` (``done`` or ``pending``), ``scenario``, ``years``, ``counts`` and ``rows``
        (the records of :func:`~solvers.tsa_compare.compare_typical_days`).
    """
    if not available():
        return {
            "status": "pending",
            "note": "solvers.tsa_compare.compare_typical_days is not installed",
        }
    from simulator.core.scenario import load_scenario

    if tiny or quick:
        scenario = one_year_park(storage=not tiny)
        counts = (8,) if tiny else (8, 16, 32)
        seg = (400,) if tiny else (400, 800)
    else:
        scenario = load_scenario("ordos-low-carbon")
        counts = (8, 16, 32, 64)
        seg = SEGMENT_COUNTS
    return _compare(scenario, counts, seg, assure=not tiny)


def _compare(scenario: object, counts: tuple, seg: tuple, assure: bool) -> dict:
    from solvers.tsa_compare import compare_typical_days

    df = compare_typical_days(scenario, counts, None, assure=assure, segment_counts=seg)
    rows = []
    for rec in df.to_dict(orient="records"):
        rows.append({k: (None if isinstance(v, float) and math.isnan(v) else v)
                     for k, v in rec.items()})
    return {
        "status": "done",
        "scenario": scenario.name,
        "years": scenario.years,
        "counts": list(counts),
        "segment_counts": list(seg),
        "assure": assure,
        "rows": rows,
    }


def run_parks(
    names: tuple[str, ...] | None = None,
    counts: tuple[int, ...] = (8, 16, 32, 64),
    segment_counts: tuple[int, ...] = SEGMENT_COUNTS,
) -> list[dict]:
    """Run the comparison (with the assure loop) on several 3-year parks, one after the other.

    Parameters
    ----------
    names : tuple of str, optional
        Built-in scenario names; default all of them.
    counts, segment_counts : tuple of int
        Typical days N and segments K to compare with the full-hour LP.

    Returns
    -------
    list of dict
        One :func:`run`-like result per park.
    """
    from simulator.core.scenario import builtin_scenarios, load_scenario

    names = tuple(builtin_scenarios()) if names is None else names
    return [_compare(load_scenario(n), counts, segment_counts, True) for n in names]


def markdown(res: dict) -> str:
    """Format :func:`run`'s result as Markdown."""
    if res.get("status") != "done":
        return f"Pending: {res.get('note', 'not run')}."
    rows = res["rows"]
    share_keys = [k for k in rows[0] if k.startswith("sim_share_")]
    cap_keys = [k for k in rows[0] if k.startswith("capacity_error_pct_")]
    head = (
        "| case | LP rows | LP s (all solves) | speed-up | objective error % | "
        + " | ".join(k.replace("capacity_error_pct_", "Δ ") + " %" for k in cap_keys)
        + " | "
        + " | ".join("sim. share " + k.replace("sim_share_", "") for k in share_keys)
        + " | targets met |"
    )
    lines = [
        f"{res['scenario']} ({res['years']} year(s)); sizing "
        + ("with the assure loop" if res.get("assure") else "without the assure loop")
        + "; shares are the plan simulated on every hour by the dispatch core.",
        "",
        head,
        "|---|" + "---:|" * (4 + len(cap_keys) + len(share_keys)) + "---|",
    ]

    def pct(v):
        return "–" if v is None else f"{v:+.2f}"

    for r in rows:
        cells = [
            r["case"],
            f"{r.get('rows') or 0:,}",
            fmt_s(r.get("lp_s")),
            fmt_x(r.get("speedup")),
            pct(r.get("objective_error_pct")),
            *(pct(r.get(k)) for k in cap_keys),
            *("–" if r.get(k) is None else f"{100 * r[k]:.1f}%" for k in share_keys),
            "yes" if r.get("targets_met") else "no",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    """Print the figures as Markdown."""
    if "--all-parks" in sys.argv:
        for res in run_parks():
            print(markdown(res), end="\n\n", flush=True)
        return
    print(markdown(run(quick="--quick" in sys.argv)))


if __name__ == "__main__":
    main()
