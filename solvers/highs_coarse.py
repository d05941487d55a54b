"""A starting basis for the full-hour LP from the same LP on chronological runs of hours.

The simplex method needs about 1.5 iterations per row from HiGHS's cold start on the hourly
sizing LP (ordos-low-carbon, one year: 92 000 dual simplex iterations for 61 000 rows). Most of
that work is finding out, hour by hour, which flows are active (charge or discharge, import or
curtail), and neighbouring hours of similar load and weather answer alike. So the LP is first
solved on K chronological runs of similar hours, and its optimal basis, copied onto every hour of
each run, starts HiGHS's simplex on the hourly LP (an *alien* basis: HiGHS completes it and
replaces what is singular). The hourly LP is then solved as it is, to its own optimum: the runs
only choose where the simplex starts, never what it ends at.

The run LP is built from the compiled standard form, not from the model's data, so it follows
any formulation: every column and row of an hourly family (a Pyomo component indexed by the
model's hour set ``T``) is aggregated over each run, the others are kept.

* Columns: one column per family and run, ``x[t] = X[r]`` for every hour t of run r (a matrix
  ``P`` of ones, hours × runs); its cost is the sum of the hours' costs, its bounds the tightest
  of the hours' bounds.
* Rows: one row per family and run, the mean of the hours' rows (``R``, runs × hours, entries
  1/n); the run LP is ``min (Pᵀc)·X  s.t.  R·l ≤ (R A P)·X ≤ R·u``.

For the store's state-of-charge chain ``soc[t] = soc[t−1] + η_c·c[t] − q[t]/η_d`` the mean of
a run's rows is ``(SOC[r] − SOC[r−1])/n = η_c·C[r] − Q[r]/η_d``: the chronological segments LP
of ``docs/segments.md`` (exactly for σ = 0). The runs are cut by
:func:`solvers.segments.segment_starts` on the hourly data that the LP itself carries (the
right-hand sides of the hourly rows, the coefficients of the capacity columns in them — the
capacity factors — and the hourly costs), each scaled to [0, 1]. Two levels (T/12 runs, then
T/3 runs started from the first) are cheaper than one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np
import pyomo.environ as pyo
import scipy.sparse as sp

from solvers.highs_run import basis_of, statuses_of
from solvers.segments import segment_starts

__all__ = [
    "HOURS_PER_RUN",
    "MIN_HOURS",
    "RUN_GRIDS",
    "HourLabels",
    "StdLP",
    "coarse_basis",
    "hour_labels",
    "worth_it",
]

#: Hours per run of each level of the run LPs, coarse to fine (T/12 runs, then T/3).
HOURS_PER_RUN = (12, 3)

#: Grids of runs (hours per run of each level) tried in turn while a start is poor
#: (:func:`solvers.highs_blocks.start_from_runs`). One grid: no test, the start is used as it
#: is (the default). ``(HOURS_PER_RUN, (12, 4), (24, 6))`` was measured (docs/benchmarks.md §7).
RUN_GRIDS: tuple[tuple[int, ...], ...] = (HOURS_PER_RUN,)

#: Fewer hours than this per year: no run LP (it would cost about what it saves).
MIN_HOURS = 2000


def worth_it(labels: HourLabels | None) -> bool:
    """Whether an LP with these labels is worth starting from run LPs (:data:`MIN_HOURS`)."""
    return labels is not None and labels.hours >= MIN_HOURS


@dataclass(frozen=True, eq=False)
class StdLP:
    """A linear program in HiGHS's form: min cᵀx, l ≤ Ax ≤ u, lb ≤ x ≤ ub (A in CSC)."""

    cost: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    A: sp.csc_matrix
    sense: object = highspy.ObjSense.kMinimize

    def highs_lp(self) -> highspy.HighsLp:
        """Return the LP as a :class:`highspy.HighsLp`."""
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = len(self.cost), len(self.row_lower)
        lp.col_cost_ = self.cost
        lp.col_lower_ = self.col_lower
        lp.col_upper_ = self.col_upper
        lp.row_lower_ = self.row_lower
        lp.row_upper_ = self.row_upper
        lp.sense_ = self.sense
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = self.A.indptr
        lp.a_matrix_.index_ = self.A.indices
        lp.a_matrix_.value_ = self.A.data
        return lp

    def take(self, cols: np.ndarray, rows: np.ndarray) -> StdLP:
        """Return the sub-LP of these columns and rows (a year block)."""
        sub = self.A[:, cols].tocsr()[rows].tocsc()
        return StdLP(
            self.cost[cols],
            self.col_lower[cols],
            self.col_upper[cols],
            self.row_lower[rows],
            self.row_upper[rows],
            sub,
            self.sense,
        )


@dataclass(frozen=True, eq=False)
class HourLabels:
    """Which hour and family each column and row of a compiled LP belongs to.

    ``col_hour[j]`` is the hour (position in the model's set ``T``) of column j, −1 when its
    component is not indexed by ``T`` (``cap[a, y]``); ``col_group[j]`` numbers the column's
    component together with its other indices (the year), so that the columns of one group are
    one variable family over the hours. The same for rows.
    """

    col_hour: np.ndarray
    col_group: np.ndarray
    row_hour: np.ndarray
    row_group: np.ndarray

    def take(self, cols: np.ndarray, rows: np.ndarray) -> HourLabels:
        """Return the labels of a sub-LP (a year block)."""
        return HourLabels(
            self.col_hour[cols], self.col_group[cols], self.row_hour[rows], self.row_group[rows]
        )

    @property
    def hours(self) -> int:
        """Number of hours that the hourly families span."""
        top = max(int(self.col_hour.max(initial=-1)), int(self.row_hour.max(initial=-1)))
        return top + 1


def _labels(items: list, hours_set: object) -> tuple[np.ndarray, np.ndarray]:
    """(hour, group) of each component data object (variable or constraint), by component."""
    where = {i: k for k, i in enumerate(map(id, items))}
    hour = np.full(len(items), -1, np.int64)
    group = np.zeros(len(items), np.int64)
    parents = {id(c): c for c in (item.parent_component() for item in items)}
    n_groups = 0
    for comp in parents.values():
        ks = np.array([where.get(id(v), -1) for v in comp.values()], np.int64)
        found = ks >= 0
        if not comp.is_indexed():
            group[ks[found]] = n_groups
            n_groups += 1
            continue
        iset = comp.index_set()
        subsets = list(iset.subsets()) if iset.dimen != 1 else [iset]
        pos = next((p for p, sub in enumerate(subsets) if sub is hours_set), None)
        idx = np.array(list(comp.keys()), dtype=object).reshape(len(ks), -1)[found]
        if pos is not None:
            hour[ks[found]] = idx[:, pos].astype(np.int64)
            idx = np.delete(idx, pos, axis=1)
        rest = [tuple(r) for r in idx.tolist()]
        local: dict[tuple, int] = {}
        group[ks[found]] = [local.setdefault(r, len(local)) for r in rest]
        group[ks[found]] += n_groups
        n_groups += len(local)
    return hour, group


def hour_labels(model: pyo.ConcreteModel, columns: list, rows: list) -> HourLabels | None:
    """Label the compiled columns and rows of ``model`` by hour (None without an hour set ``T``).

    ``columns`` are the compiler's variable data objects, ``rows`` its row records (with
    ``.constraint``).
    """
    hours_set = model.component("T")
    if hours_set is None:
        return None
    col_hour, col_group = _labels(columns, hours_set)
    row_hour, row_group = _labels([r.constraint for r in rows], hours_set)
    return HourLabels(col_hour, col_group, row_hour, row_group)


def _features(lp: StdLP, lab: HourLabels) -> np.ndarray:
    """Hourly data the LP carries, one row per hour, each column scaled to [0, 1]."""
    n_hours = lab.hours
    parts = []
    hr = lab.row_hour >= 0
    rhs = np.where(np.isfinite(lp.row_lower), lp.row_lower, lp.row_upper)
    rhs = np.where(np.isfinite(rhs), rhs, 0.0)
    parts.append(_pivot(lab.row_hour[hr], lab.row_group[hr], rhs[hr], n_hours))
    hc = lab.col_hour >= 0
    parts.append(_pivot(lab.col_hour[hc], lab.col_group[hc], lp.cost[hc], n_hours))
    # coefficients of the columns without an hour (capacities) in the hourly rows
    sub = lp.A[:, np.flatnonzero(~hc)].tocoo()
    keep = hr[sub.row]
    rows, cols, vals = sub.row[keep], sub.col[keep], sub.data[keep]
    key = lab.row_group[rows] * (int(cols.max(initial=0)) + 1) + cols
    parts.append(_pivot(lab.row_hour[rows], key, vals, n_hours))
    f = np.hstack(parts)
    lo, hi = f.min(axis=0), f.max(axis=0)
    vary = hi - lo > 1e-12 * np.maximum(1.0, np.abs(hi))
    if not vary.any():
        return np.zeros((n_hours, 1))
    return (f[:, vary] - lo[vary]) / (hi[vary] - lo[vary])


def _pivot(hour: np.ndarray, key: np.ndarray, value: np.ndarray, n_hours: int) -> np.ndarray:
    """Table hours × distinct keys of ``value`` (0 where a key has no entry at an hour)."""
    keys, k = np.unique(key, return_inverse=True)
    out = np.zeros((n_hours, len(keys)))
    out[hour, k] = value
    return out


@dataclass(frozen=True, eq=False)
class _RunLP:
    """A run LP and where each column and row of the hourly LP went in it."""

    lp: StdLP
    col_map: np.ndarray
    row_map: np.ndarray


def _aggregate(lp: StdLP, lab: HourLabels, run_of_hour: np.ndarray) -> _RunLP:
    """Build the LP on runs: hourly families aggregated over each run (see the module docstring)."""
    n_runs = int(run_of_hour.max()) + 1

    def key(hour: np.ndarray, group: np.ndarray) -> np.ndarray:
        own = -np.arange(1, len(hour) + 1)  # a column or row without an hour stays itself
        return np.where(hour >= 0, group * n_runs + run_of_hour[np.maximum(hour, 0)], own)

    _, col_map = np.unique(key(lab.col_hour, lab.col_group), return_inverse=True)
    _, row_map = np.unique(key(lab.row_hour, lab.row_group), return_inverse=True)
    n_col, n_row = int(col_map.max()) + 1, int(row_map.max()) + 1
    count = np.bincount(row_map, minlength=n_row).astype(float)
    P = sp.csc_matrix((np.ones(len(col_map)), (np.arange(len(col_map)), col_map)))
    R = sp.csr_matrix((1.0 / count[row_map], (row_map, np.arange(len(row_map)))))
    A = (R @ lp.A @ P).tocsc()
    A.sum_duplicates()
    col_lower = np.full(n_col, -np.inf)
    col_upper = np.full(n_col, np.inf)
    np.maximum.at(col_lower, col_map, lp.col_lower)
    np.minimum.at(col_upper, col_map, lp.col_upper)
    col_upper = np.maximum(col_upper, col_lower)

    row_lower = np.where(
        np.bincount(row_map, np.isinf(lp.row_lower).astype(float), minlength=n_row) > 0,
        -np.inf,
        R @ np.where(np.isinf(lp.row_lower), 0.0, lp.row_lower),
    )
    row_upper = np.where(
        np.bincount(row_map, np.isinf(lp.row_upper).astype(float), minlength=n_row) > 0,
        np.inf,
        R @ np.where(np.isinf(lp.row_upper), 0.0, lp.row_upper),
    )
    run_lp = StdLP(P.T @ lp.cost, col_lower, col_upper, row_lower, row_upper, A, lp.sense)
    return _RunLP(run_lp, col_map, row_map)


def coarse_basis(
    lp: StdLP,
    lab: HourLabels,
    options: dict | None = None,
    hours_per_run: tuple[int, ...] = HOURS_PER_RUN,
) -> tuple[highspy.HighsBasis | None, dict]:
    """Make an alien starting basis for ``lp`` from its run LPs (see the module docstring).

    Parameters
    ----------
    lp : StdLP
        The hourly LP (or one year block of it).
    lab : HourLabels
        Hour and family of each of its columns and rows.
    options : dict, optional
        HiGHS options for the run LPs (e.g. ``time_limit``, ``output_flag``).
    hours_per_run : tuple of int
        Hours per run of each level, coarse to fine (:data:`HOURS_PER_RUN`).

    Returns
    -------
    (highspy.HighsBasis or None, dict)
        The basis (None when a run LP ends other than optimal, or the LP has too few hours)
        and what was done: ``runs`` per level, ``iterations``, ``seconds``.
    """
    t0 = time.perf_counter()
    n_hours = lab.hours
    info: dict = {"runs": [], "iterations": 0, "seconds": 0.0}
    if not worth_it(lab):
        return None, info
    features = _features(lp, lab)
    hourly_status: tuple[np.ndarray, np.ndarray] | None = None
    for per_run in hours_per_run:
        starts = segment_starts(features, max(1, n_hours // per_run))
        run_of_hour = np.searchsorted(starts, np.arange(n_hours), side="right") - 1
        run = _aggregate(lp, lab, run_of_hour)
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        for k, v in (options or {}).items():
            h.setOptionValue(k, v)
        h.passModel(run.lp.highs_lp())
        if hourly_status is not None:
            cols = np.zeros(run.lp.A.shape[1], np.int8)
            rows = np.zeros(run.lp.A.shape[0], np.int8)
            cols[run.col_map] = hourly_status[0]
            rows[run.row_map] = hourly_status[1]
            h.setBasis(basis_of(cols, rows))
        h.run()
        info["runs"].append(int(starts.size))
        info["iterations"] += int(h.getInfo().simplex_iteration_count)
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal or not h.getBasis().valid:
            info["seconds"] = time.perf_counter() - t0
            return None, info
        cs, rs = statuses_of(h.getBasis())
        hourly_status = (cs[run.col_map], rs[run.row_map])
    info["seconds"] = time.perf_counter() - t0
    return basis_of(*hourly_status), info
