"""The solve paths of the direct hand-off (``lp_path``): same optimum on every path.

The start from the run LPs (:mod:`solvers.highs_coarse`) is switched on for these small LPs by
lowering :data:`solvers.highs_coarse.MIN_HOURS`; the run LPs then have 48 / 12 and 48 / 3 runs.
"""

from __future__ import annotations

import dataclasses
import types

import highspy
import numpy as np
import pytest

from simulator.core.errors import InputError
from solvers import highs_blocks, highs_coarse, highs_run
from solvers.highs import LP_PATHS, HighsDirect, solve_model
from solvers.lp import build_model
from solvers.segments import chronological_segments
from tests.solvers.test_lp import random_park, scipy_optimum, shrinking_park


@pytest.fixture
def small_runs(monkeypatch):
    """Start LPs of 16 hours or more from their run LPs."""
    monkeypatch.setattr(highs_coarse, "MIN_HOURS", 16)


def solve(data, **kw):
    return solve_model(build_model(data), **kw)


@pytest.mark.parametrize("years", [1, 2, 3])
@pytest.mark.parametrize("seed", [0, 3])
def test_every_path_reaches_the_scipy_optimum_with_the_run_start(small_runs, seed, years):
    data = random_park(seed, years=years, hours=48)
    ref = scipy_optimum(data)
    joint = solve(data, lp_path="joint")
    assert "run_start" not in joint.solver
    for path in LP_PATHS:
        res = solve(data, lp_path=path)
        assert res.status == "optimal"
        assert res.objective == pytest.approx(ref, rel=1e-6)
        np.testing.assert_allclose(res.values["cap"], joint.values["cap"], rtol=1e-4, atol=1e-4)
        assert np.all(np.diff(res.values["cap"], axis=1) >= -1e-7)
        started = res.solver.get("run_start", {}).get("used", 0)
        if path == "years":
            assert res.solver["lp_path"] == "years"
            assert started == years  # every block (or the one-year LP) started from its runs
            assert res.solver["run_start"]["runs"] == [4, 16]
            assert res.solver["run_start"]["grids"] == [1] * years  # the default: one grid
        else:
            assert started == 0


def test_run_start_is_simplex_only_and_other_algorithms_agree(small_runs):
    data = random_park(2, years=2, hours=48)
    ref = scipy_optimum(data)
    for algorithm in ("simplex", "ipm", "ipx", "pdlp"):
        res = solve(data, lp_path="years", algorithm=algorithm)
        assert res.status == "optimal"
        rel = 1e-6 if algorithm != "pdlp" else 1e-3
        assert res.objective == pytest.approx(ref, rel=rel)
        assert res.solver["run_start"]["used"] == (2 if algorithm == "simplex" else 0)


def test_fallback_to_the_joint_lp_with_the_run_start(small_runs):
    # the 4-hour park of test_lp repeated 12 times (capital costs × 12 to keep its economics):
    # year 1's own optimum has less solar than year 0's
    tile = dict(
        load_mw=np.tile([[10.0] * 4, [5.0] * 4], 12),
        wind_cf=np.zeros((2, 48)),
        solar_cf=np.tile([[0.0, 1.0, 1.0, 0.0]] * 2, 12),
        capex_per_unit=[12_000.0, 12_000.0, 1200.0, 600.0],
    )
    data = shrinking_park(**tile)
    res = solve(data, lp_path="years")
    joint = solve(data, lp_path="joint")
    assert res.solver["run_start"]["used"] == 2
    assert res.solver["linking_rows_violated"] >= 1
    assert res.solver["joint_from_blocks"] is True
    assert res.objective == pytest.approx(joint.objective, rel=1e-9)
    assert res.objective == pytest.approx(scipy_optimum(data), rel=1e-9)
    assert np.all(np.diff(res.values["cap"], axis=1) >= -1e-9)


def test_a_failed_run_lp_leaves_the_block_to_start_cold(small_runs, monkeypatch):
    data = random_park(1, years=2, hours=48)
    ref = solve(data, lp_path="joint")

    def fails(lp, labels, options=None, hours_per_run=None):
        return None, {"runs": [4], "iterations": 0, "seconds": 0.0}

    monkeypatch.setattr("solvers.highs_blocks.coarse_basis", fails)
    res = solve(data, lp_path="years")
    assert res.solver["run_start"]["used"] == 0
    assert res.objective == pytest.approx(ref.objective, rel=1e-9)


@pytest.mark.parametrize("poor", [0, 1, 3])
def test_a_poor_start_tries_the_next_grid_of_runs(small_runs, monkeypatch, poor):
    # the first `poor` starts count as poor (their largest dual infeasibility above every cost)
    data = random_park(4, years=1, hours=48)
    ref = solve(data, lp_path="joint")
    probes = []

    def probe(h):
        probes.append(highs_blocks.coarse_basis)
        return 1e30 if len(probes) <= poor else 0.0

    monkeypatch.setattr(highs_blocks, "_dual_infeasibility", probe)
    monkeypatch.setattr(highs_coarse, "RUN_GRIDS", ((12, 3), (12, 4), (24, 6)))
    res = solve(data, lp_path="years")
    start = res.solver["run_start"]
    n_grids = len(highs_coarse.RUN_GRIDS)
    assert start["grids"] == [min(poor + 1, n_grids)]
    assert len(probes) == start["grids"][0]
    wanted = highs_coarse.RUN_GRIDS[min(poor, n_grids - 1) if poor < n_grids else 0]
    assert start["runs"] == [48 // wanted[0], 48 // wanted[1]]
    assert start["used"] == 1
    assert res.objective == pytest.approx(ref.objective, rel=1e-9)


def test_one_grid_is_not_probed(small_runs, monkeypatch):
    def probe(h):
        raise AssertionError("probed")

    monkeypatch.setattr(highs_blocks, "_dual_infeasibility", probe)
    res = solve(random_park(4, years=2, hours=48), lp_path="years")
    assert res.solver["run_start"]["grids"] == [1, 1]
    assert "max_dual_infeasibility" not in res.solver["run_start"]


def test_the_probe_reads_the_dual_infeasibility_of_a_basis():
    # a one-row LP min x − y, x + y = 1, 0 ≤ x, y ≤ 2: x basic is dual infeasible by 2 (y's
    # reduced cost −2 at its lower bound); y basic is optimal
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.addVars(2, np.zeros(2), np.full(2, 2.0))
    h.changeColsCost(2, np.arange(2), np.array([1.0, -1.0]))
    h.addRow(1.0, 1.0, 2, np.arange(2), np.ones(2))
    st = highspy.HighsBasisStatus
    for basic, want in ((0, 2.0), (1, 0.0)):
        cols = [st.kBasic if j == basic else st.kLower for j in range(2)]
        h.setBasis(highs_run.basis_of(np.array(cols, np.int8), np.array([st.kLower], np.int8)))
        assert highs_blocks._dual_infeasibility(h) == pytest.approx(want)
        assert h.getInfo().simplex_iteration_count == 0
    h.run()
    assert h.getInfo().objective_function_value == pytest.approx(-1.0)


def test_an_infeasible_run_lp_gives_no_basis(small_runs):
    data = random_park(1, years=1, hours=48)
    direct = HighsDirect(build_model(data), lp_path="joint")
    lab = highs_coarse.hour_labels(direct.model, direct._columns, direct._rows)
    lp = direct._lp
    # every column at most 0: the balance rows (load > 0) cannot hold in the run LP
    bad = dataclasses.replace(
        lp, col_lower=np.minimum(lp.col_lower, 0.0), col_upper=np.minimum(lp.col_upper, 0.0)
    )
    basis, info = highs_coarse.coarse_basis(bad, lab)
    assert basis is None and info["runs"] == [4]


def test_the_run_lp_of_the_standard_form_is_the_segments_lp():
    # σ = 0: the mean of a run's hourly rows is exactly the chronological segments LP
    data = dataclasses.replace(random_park(7, years=1, hours=24 * 20), self_discharge_per_hour=0.0)
    # the segments need a whole year of hours: repeat the 480 hours over 8760
    year = {k: np.resize(getattr(data, k), (1, 8760)) for k in ("load_mw", "wind_cf", "solar_cf")}
    prof = types.SimpleNamespace(years=1, **year)
    seg = chronological_segments(prof, 40, data.import_price_per_mwh)
    full = dataclasses.replace(
        data,
        load_mw=year["load_mw"],
        wind_cf=year["wind_cf"],
        solar_cf=year["solar_cf"],
        weight=None,
        hour_of_day=None,
    )
    direct = HighsDirect(build_model(full), lp_path="joint")
    lab = highs_coarse.hour_labels(direct.model, direct._columns, direct._rows)
    run_of_hour = np.searchsorted(seg.starts[0], np.arange(8760), side="right") - 1
    run = highs_coarse._aggregate(direct._lp, lab, run_of_hour)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(run.lp.highs_lp())
    h.run()
    ours = h.getInfo().objective_function_value + direct._offset
    theirs = solve(seg.lp_data(full), lp_path="joint")
    assert ours == pytest.approx(theirs.objective, rel=1e-9)


def test_bad_path_names_the_argument():
    with pytest.raises(InputError, match="lp_path"):
        solve(random_park(0, years=1), lp_path="runs")


def test_cli_names_the_flag_of_a_library_argument():
    from simulator.cli.app import flag_names
    from simulator.cli.size import _FLAG_OF

    def _flags_named():
        return flag_names(**_FLAG_OF)

    with pytest.raises(InputError, match="^--solver-algorithm: 'hipo'"):
        with _flags_named():
            raise InputError("algorithm", None, "'hipo' is not available")
    with pytest.raises(InputError, match="^--threads: must be"):
        with _flags_named():
            solve(random_park(0, years=1), threads=0)
    with pytest.raises(InputError, match="^lp_path"):  # not a flag: left as it is
        with _flags_named():
            raise InputError("lp_path", None, "must be one of years, years_cold, joint")


def test_a_failing_start_leaves_the_block_solved_from_highs_own_start():
    """A starting basis that cannot be made only costs speed: the block is still solved."""

    from solvers.highs_run import run_interruptible

    def tiny() -> highspy.Highs:  # min x + 2y s.t. x + y >= 1, 0 <= x, y <= 1
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.addVars(2, np.zeros(2), np.ones(2))
        h.changeColsCost(2, np.array([0, 1], dtype=np.int32), np.array([1.0, 2.0]))
        h.addRow(1.0, highspy.kHighsInf, 2, np.array([0, 1], dtype=np.int32), np.ones(2))
        return h

    def broken() -> None:
        raise ValueError("no run LPs today")

    hs = [tiny(), tiny()]
    with pytest.warns(RuntimeWarning, match="no run LPs today"):
        run_interruptible(hs, [broken, None])
    for h in hs:
        assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        assert h.getInfo().objective_function_value == pytest.approx(1.0)
