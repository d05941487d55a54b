"""Smoke test of the benchmark suite: its tiniest configuration runs end to end.

Figures are not checked (the machine may be busy); only that every section runs, agrees with
itself where it checks something (the same LP optimum by every path, the C floor's sums equal
the numba kernel's) and writes its report.
"""

from __future__ import annotations

import json

import pytest


def test_benchmark_suite_tiny_runs_end_to_end(tmp_path):
    from benchmarks.suite import SECTIONS, run_suite

    only = [s for s in SECTIONS if s != "sweep"]  # sweep: benchmarks.bench_sweep, owned apart
    res = run_suite(out=tmp_path, only=only, tiny=True, progress=None)
    errors = {n: s["error"] for n, s in res["sections"].items() if s["error"]}
    assert not errors
    sec = {n: s["result"] for n, s in res["sections"].items()}
    assert sec["lp"]["check"]["all_equal"], sec["lp"]["check"]
    if sec["dispatch"].get("c_loop_ns_per_hour"):
        assert sec["dispatch"]["c_matches_numba"]
    assert sec["algorithms"]["configs"]["simplex"]["status"] == "Optimal"
    assert sec["tsa"]["status"] in ("done", "pending")
    assert all(sec["scaling"][s]["points"] for s in ("dispatch-scenarios", "lp-hours"))
    md = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "## Where parkbalance stands" in md and "## 5. Scaling" in md
    assert (tmp_path / "scaling.png").stat().st_size > 0
    assert json.loads((tmp_path / "results.json").read_text())["tiny"] is True


def test_lp_floor_matches_the_project_model():
    from benchmarks.lp_floor import build_floor, to_highs
    from solvers.highs import solve_model
    from solvers.lp import build_model
    from tests.solvers.test_lp import random_park

    data = random_park(0, years=2, hours=24)  # every family switched on
    h = to_highs(build_floor(data))
    h.run()
    assert h.getInfo().objective_function_value == pytest.approx(
        solve_model(build_model(data)).objective, rel=1e-9
    )
