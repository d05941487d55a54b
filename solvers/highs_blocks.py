"""The exact year-by-year decomposition of the multi-year sizing LP (``lp_path="years"``).

The years of the sizing LP share only the rows that link columns of different years
(``capacity_nondecreasing``). Without those rows the LP falls apart into one independent block
per year, a relaxation of the joint LP; its blocks are solved side by side (one HiGHS instance
per year, in threads; HiGHS releases the GIL). When the joined block optima satisfy the linking
rows they are the joint optimum (a feasible point that attains a lower bound) and nothing else
is solved; otherwise the joint LP is solved by dual simplex from the joined block bases with the
linking rows' slacks basic (dual feasible: only the violated linking rows are left to repair). A
block that is infeasible makes the joint LP infeasible; any other block status leaves the joint
LP to be solved cold. Each block starts from the basis of its run LPs
(:mod:`solvers.highs_coarse`) unless it has a warm start or the algorithm is not simplex.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import highspy
import numpy as np
import pyomo.environ as pyo

from solvers import highs_coarse
from solvers.highs_coarse import HourLabels, StdLP, coarse_basis, worth_it
from solvers.highs_run import (
    WarmStart,
    apply_options,
    basis_of,
    live_progress,
    option,
    run_interruptible,
    status_name,
    statuses_of,
)

__all__ = [
    "Block",
    "BlockOutcome",
    "RunStart",
    "YearBlocks",
    "solve_blocks",
    "start_from_runs",
    "year_blocks",
]

#: Algorithms whose solve starts from a basis (the run LPs' basis is used only for these).
SIMPLEX_ALGORITHMS = ("choose", "simplex")


@dataclass(frozen=True, eq=False)
class Block:
    """Columns and rows (positions in the compiled LP) of one year's block."""

    year: int
    cols: np.ndarray
    rows: np.ndarray


@dataclass(frozen=True, eq=False)
class YearBlocks:
    """The year blocks of a compiled multi-year LP and its linking rows."""

    years: list[Block]
    linking: np.ndarray
    a_link: object  # scipy.sparse CSR matrix of the linking rows


def year_blocks(
    model: pyo.ConcreteModel, comps: list, columns: list, A: object
) -> YearBlocks | None:
    """Split the compiled LP into one block per year of ``model.Y``, if it can be split.

    Every variable component must be indexed by the model's year set ``Y`` (``cap[a, y]``,
    ``direct_mw[y, t]``, ...); a row belongs to the year of its columns, and a row with columns
    of several years is a linking row. None when the model has fewer than two years or a
    variable without a year.
    """
    years_set = model.component("Y")
    if years_set is None or len(years_set) < 2:
        return None
    year_of: dict[int, int] = {}
    for comp in comps:
        if not comp.is_indexed():
            return None
        iset = comp.index_set()
        subsets = list(iset.subsets()) if iset.dimen and iset.dimen > 1 else [iset]
        pos = next((k for k, sub in enumerate(subsets) if sub is years_set), None)
        if pos is None:
            return None
        for idx, v in comp.items():
            year_of[id(v)] = int(idx[pos] if len(subsets) > 1 else idx)
    col_year = np.fromiter((year_of[id(v)] for v in columns), np.int64, len(columns))
    R = A.tocsr()
    n_row = R.shape[0]
    lo = np.zeros(n_row, np.int64)  # an empty row (a constant) goes to the first block
    hi = np.zeros(n_row, np.int64)
    nonempty = np.diff(R.indptr) > 0
    if nonempty.any():
        cy = col_year[R.indices]
        starts = R.indptr[:-1][nonempty]
        lo[nonempty] = np.minimum.reduceat(cy, starts)
        hi[nonempty] = np.maximum.reduceat(cy, starts)
    linking = np.flatnonzero(lo != hi)
    blocks = [
        Block(int(y), np.flatnonzero(col_year == y), np.flatnonzero((lo == y) & (hi == y)))
        for y in sorted(set(col_year.tolist()))
    ]
    if any(len(b.rows) == 0 or len(b.cols) == 0 for b in blocks):
        return None
    return YearBlocks(blocks, linking, R[linking])


def _dual_infeasibility(h: highspy.Highs) -> float:
    """Largest dual infeasibility of ``h``'s basis, by a run of 0 simplex iterations.

    The instance keeps the basis (HiGHS has factorised it), so the solve that follows goes on
    from it.
    """
    limit = option(h, "simplex_iteration_limit")
    h.setOptionValue("simplex_iteration_limit", 0)
    try:
        highspy._core._Highs.run(h)
    finally:
        h.setOptionValue("simplex_iteration_limit", limit)
    value = float(h.getInfo().max_dual_infeasibility)
    return value if np.isfinite(value) and value >= 0 else 0.0


def start_from_runs(h: highspy.Highs, lp: StdLP, labels: HourLabels) -> dict:
    """Set ``h``'s starting basis from ``lp``'s run LPs; return what was done.

    With one grid of runs in :data:`solvers.highs_coarse.RUN_GRIDS` (the default) its start is
    used as it is. With several, they are tried in turn until one gives a start whose largest
    dual infeasibility (:func:`_dual_infeasibility`) is at most the largest cost of the LP (a
    larger one means a capacity's price sits on a single hour; from such starts the dual simplex
    took 40 000–100 000 iterations on one year of wuhai-captive-coal, from the others 6 000–
    9 000), and the start with the smallest largest dual infeasibility is kept. Off by default:
    on the 3-year parks the test did not predict the hourly iterations well enough (docs/
    benchmarks.md §7). The hourly LP is solved to its own optimum from whichever start.
    """
    grids = highs_coarse.RUN_GRIDS
    probe = len(grids) > 1
    info: dict = {"runs": [], "iterations": 0, "seconds": 0.0, "used": 0, "grids": 0}
    bound = float(np.max(np.abs(lp.cost), initial=0.0))
    best: tuple[float, highspy.HighsBasis, list] | None = None
    for grid in grids:
        basis, got = coarse_basis(lp, labels, hours_per_run=grid)
        info["iterations"] += got["iterations"]
        info["seconds"] += got["seconds"]
        info["grids"] += 1
        if basis is None or h.setBasis(basis) != highspy.HighsStatus.kOk:
            info["runs"] = info["runs"] or got["runs"]
            break  # a run LP that is not optimal: another grid would not do better
        worst = _dual_infeasibility(h) if probe else 0.0
        if best is None or worst < best[0]:
            best = (worst, basis, got["runs"])
        if worst <= bound:
            break
    if best is not None:
        info["runs"] = best[2]
        if probe:
            info["max_dual_infeasibility"] = best[0]
        if best[0] > bound:  # no grid started well: back to the best start
            info["used"] = int(h.setBasis(best[1]) == highspy.HighsStatus.kOk)
        else:  # the last start set is the one that passed
            info["used"] = 1
    return info


@dataclass
class RunStart:
    """What the run LPs did for the starting bases (summed over the LPs they started)."""

    runs: list[int] = field(default_factory=list)
    iterations: int = 0
    seconds: float = 0.0
    used: int = 0
    grids: list[int] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def starter(self, h: highspy.Highs, lp: StdLP, labels: HourLabels) -> Callable[[], None]:
        """Return a callable that starts ``h`` from ``lp``'s run LPs (run in its thread)."""

        def prepare() -> None:
            info = start_from_runs(h, lp, labels)
            with self._lock:
                self.runs = info["runs"]
                self.iterations += info["iterations"]
                self.seconds += info["seconds"]
                self.used += info["used"]
                self.grids.append(info["grids"])

        return prepare

    def record(self) -> dict:
        """JSON-ready summary (``solver["run_start"]``)."""
        return {
            "runs": list(self.runs),
            "iterations": self.iterations,
            "seconds": self.seconds,
            "used": self.used,
            "grids": list(self.grids),
        }


@dataclass
class BlockOutcome:
    """What the year blocks settled.

    ``status`` is ``optimal`` or ``infeasible`` when the blocks settle the joint LP, ``joint``
    when the joint LP must be solved (from ``joined``, the joined block bases, when they all
    have one); ``objective`` is the sum of the block objectives (without the constant).
    """

    status: str
    info: dict
    x: np.ndarray | None = None
    objective: float | None = None
    joined: WarmStart | None = None


@dataclass(frozen=True)
class BlockOptions:
    """HiGHS settings of the blocks (those of the joint instance, without ``threads``)."""

    algorithm: str
    time_limit_s: float | None
    log: bool
    highs_options: dict
    run_start: bool


def _instances(
    blocks: YearBlocks,
    lp: StdLP,
    labels: HourLabels | None,
    opts: BlockOptions,
    warm: WarmStart | None,
    start: RunStart,
) -> tuple[list[highspy.Highs], list]:
    """One HiGHS instance per block, with its warm start or its run-LP starter."""
    hs, before = [], []
    for b in blocks.years:
        hb = highspy.Highs()
        apply_options(hb, opts.algorithm, None, opts.time_limit_s, opts.log, opts.highs_options)
        sub = lp.take(b.cols, b.rows)
        hb.passModel(sub.highs_lp())
        prepare = None
        if warm is not None:
            basis = basis_of(warm.col_status[b.cols], warm.row_status[b.rows])
            if hb.setBasis(basis) == highspy.HighsStatus.kOk and opts.algorithm != "simplex":
                hb.setOptionValue("solver", "simplex")
        elif opts.run_start and labels is not None and opts.algorithm in SIMPLEX_ALGORITHMS:
            own = labels.take(b.cols, b.rows)
            prepare = start.starter(hb, sub, own) if worth_it(own) else None
        hs.append(hb)
        before.append(prepare)
    return hs, before


def solve_blocks(
    blocks: YearBlocks,
    lp: StdLP,
    labels: HourLabels | None,
    opts: BlockOptions,
    warm: WarmStart | None,
    feasibility_tol: float,
) -> BlockOutcome:
    """Solve the year blocks side by side and join them (see the module docstring)."""
    start = RunStart()
    hs, before = _instances(blocks, lp, labels, opts, warm, start)
    t1 = time.perf_counter()
    with live_progress(hs):
        run_interruptible(hs, before)
    names = [status_name(hb.getModelStatus()) for hb in hs]
    infos = [hb.getInfo() for hb in hs]
    info = {
        "blocks": len(hs),
        "blocks_s": time.perf_counter() - t1,
        "block_status": [n[1] for n in names],
        "iterations": {
            key: sum(int(getattr(i, f"{key}_iteration_count")) for i in infos)
            for key in ("simplex", "ipm", "crossover", "pdlp")
        },
        "joint_from_blocks": False,
        "linking_rows_violated": None,
        "run_start": start.record(),
    }
    ours = [n[0] for n in names]
    if "infeasible" in ours:  # a relaxation of the joint LP is infeasible: so is the joint LP
        return BlockOutcome("infeasible", info)
    if any(o != "optimal" for o in ours):
        return BlockOutcome("joint", info)  # the joint LP, cold
    x = np.zeros(len(lp.cost))
    for b, hb in zip(blocks.years, hs, strict=True):
        x[b.cols] = np.asarray(hb.getSolution().col_value, dtype=float)
    violated = _violated_links(blocks, lp, x, feasibility_tol)
    info["linking_rows_violated"] = violated
    joined = _joined_basis(blocks, hs, x, len(lp.cost), len(lp.row_lower))
    if violated == 0:
        objective = float(sum(i.objective_function_value for i in infos))
        return BlockOutcome("optimal", info, x, objective, joined)
    return BlockOutcome("joint", info, x, None, joined)


def _violated_links(blocks: YearBlocks, lp: StdLP, x: np.ndarray, tol: float) -> int:
    """Count the linking rows that ``x`` violates (tolerance relative to the row's size)."""
    link = blocks.linking
    act = blocks.a_link @ x
    scale = 1.0 + abs(blocks.a_link) @ np.abs(x)
    viol = np.maximum(lp.row_lower[link] - act, act - lp.row_upper[link])
    return int(np.sum(viol > tol * scale))


def _joined_basis(
    blocks: YearBlocks, hs: list[highspy.Highs], x: np.ndarray, n_col: int, n_row: int
) -> WarmStart | None:
    """Join the block bases side by side, the linking rows' slacks basic (None without bases)."""
    bases = [hb.getBasis() for hb in hs]
    if not all(bs.valid for bs in bases):
        return None
    col_status = np.zeros(n_col, np.int8)
    row_status = np.full(n_row, int(highspy.HighsBasisStatus.kBasic), np.int8)
    for b, bs in zip(blocks.years, bases, strict=True):
        col_status[b.cols], row_status[b.rows] = statuses_of(bs)
    return WarmStart(col_status, row_status, x, n_col, n_row)
