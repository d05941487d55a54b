"""Hand a Pyomo LP to HiGHS and read the solution back as numpy arrays.

Two hand-offs, the same model:

``"direct"`` (default, fastest)
    Pyomo's :class:`~pyomo.repn.plugins.standard_form.LinearStandardFormCompiler` turns the model
    into sparse matrices (``A`` in CSC, ``c``, right-hand sides, row senses, in the column order
    of the model's variable components); column bounds are read from the Pyomo variables; one
    ``Highs.passModel(HighsLp)`` call hands everything over. The solution comes back as one numpy
    vector and is split into one array per variable component (shape ``(years, hours)`` or
    ``(assets, years)``) without touching the Pyomo variables.
``"pyomo"``
    Pyomo's generic persistent HiGHS interface (``pyomo.contrib.solver``: one ``addRows`` call per
    constraint batch after walking each expression); values are loaded into the Pyomo variables
    and read back from them. Kept for benchmarks and as a cross-check.

Exact year-by-year decomposition (``lp_path="years"``, the default of :class:`HighsDirect`)
    The years of the sizing LP share only the rows that link columns of different years
    (``capacity_nondecreasing``). Without those rows the LP falls apart into one independent block
    per year, a relaxation of the joint LP; its blocks are solved side by side (one HiGHS instance
    per year, in threads). When the joined block optima satisfy the linking rows they are the
    joint optimum (a feasible point that attains a lower bound) and nothing else is solved;
    otherwise the joint LP is solved by dual simplex from the joined block bases with the linking
    rows' slacks basic (dual feasible: only the violated linking rows are left to repair). A
    block that is infeasible makes the joint LP infeasible. ``lp_path="joint"`` solves the joint
    LP in one piece, as before.

Both record ``timing = {handoff_s, solve_s}``: ``solve_s`` is HiGHS's own run time
(``Highs.getRunTime()``), ``handoff_s`` the rest of the wall time spent to get the model into
HiGHS and the solution out of it.
"""

from __future__ import annotations

import contextlib
import operator
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from simulator.errors import InputError
from simulator.vocabulary import SOLVER_ALGORITHMS
from solvers import progress

__all__ = [
    "ALGORITHMS",
    "HighsDirect",
    "HANDOFFS",
    "LP_PATHS",
    "SolveResult",
    "WarmStart",
    "highs_version",
    "solve_model",
]

#: Values of ``--solver-algorithm``; each is HiGHS's ``solver`` option of the same name.
ALGORITHMS = SOLVER_ALGORITHMS

#: Ways to hand the Pyomo model to HiGHS.
HANDOFFS = ("direct", "pyomo")

#: How :class:`HighsDirect` solves a multi-year LP: ``years`` (exact decomposition by year, see the
#: module docstring) or ``joint`` (the whole LP in one HiGHS run).
LP_PATHS = ("years", "joint")

Algorithm = str  # one of SOLVER_ALGORITHMS

_STATUS = {
    "kOptimal": "optimal",
    "kInfeasible": "infeasible",
    "kUnboundedOrInfeasible": "infeasible_or_unbounded",
    "kUnbounded": "unbounded",
    "kTimeLimit": "time_limit",
    "kIterationLimit": "iteration_limit",
    "kInterrupt": "interrupted",
    "kHighsInterrupt": "interrupted",
    "kMemoryLimit": "memory_limit",
    "kModelEmpty": "optimal",
}


def highs_version() -> str:
    """Version of the HiGHS library behind highspy (``"1.15.1"``)."""
    return highspy.Highs().version()


def _status_name(model_status: highspy.HighsModelStatus) -> tuple[str, str]:
    """(our status, HiGHS's name) of a HiGHS model status."""
    name = model_status.name if hasattr(model_status, "name") else str(model_status)
    name = name.split(".")[-1]
    return _STATUS.get(name, "numerical_error"), name


@dataclass
class SolveResult:
    """What one LP solve produced.

    Attributes
    ----------
    status : str
        ``optimal``, ``infeasible``, ``unbounded``, ``infeasible_or_unbounded``, ``time_limit``,
        ``iteration_limit``, ``interrupted``, ``memory_limit`` or ``numerical_error``.
    objective : float or None
        Objective value including its constant [currency, or the sum of shares for max_share];
        None without a primal solution.
    values : dict of str to numpy.ndarray
        Primal value of every variable component, shaped by its index sets (``(years, hours)``
        for hourly variables, ``(4, years)`` for ``cap``); empty without a primal solution.
    timing : dict
        ``handoff_s`` and ``solve_s`` [s] (``build_s`` is added by the caller who built it).
    solver : dict
        ``name, version, algorithm, threads, handoff, iterations, model_status, rows, columns,
        nonzeros``.
    """

    status: str
    objective: float | None
    values: dict[str, np.ndarray] = field(default_factory=dict)
    timing: dict[str, float] = field(default_factory=dict)
    solver: dict = field(default_factory=dict)

    @property
    def has_solution(self) -> bool:
        """Whether primal values are available."""
        return bool(self.values)


@dataclass(frozen=True, eq=False)
class WarmStart:
    """A HiGHS simplex basis (and primal values) to start a later solve of a same-shaped LP from.

    Taken with :meth:`HighsDirect.warm_start` after a solve (``SizingResult.warm_start`` carries
    the last one of a sizing); given to :meth:`HighsDirect.apply_warm_start` or
    ``solvers.size(..., warm_start=...)``. Valid when the new LP has the same rows and columns in
    the same order (the same scenario structure, number of years and typical days); costs, bounds
    and right-hand sides may differ (a capex or target sweep). Plain numpy arrays: picklable, so
    it can travel to sweep workers.

    Attributes
    ----------
    col_status, row_status : numpy.ndarray
        HiGHS basis status of each column and row (``HighsBasisStatus`` values, int8).
    col_value : numpy.ndarray
        Primal value of each column.
    num_col, num_row : int
        Dimensions of the LP the basis belongs to.
    """

    col_status: np.ndarray
    row_status: np.ndarray
    col_value: np.ndarray
    num_col: int
    num_row: int

    def fits(self, num_col: int, num_row: int) -> bool:
        """Whether the basis has the dimensions of an LP with these columns and rows."""
        return self.num_col == num_col and self.num_row == num_row


def _var_components(model: pyo.ConcreteModel) -> list:
    return list(model.component_objects(pyo.Var, active=True, descend_into=True))


def _shape_of(var: pyo.Var) -> tuple[int, ...]:
    if not var.is_indexed():
        return ()
    iset = var.index_set()
    subsets = list(iset.subsets()) if iset.dimen and iset.dimen > 1 else [iset]
    return tuple(len(s) for s in subsets)


#: HiGHS options for the LPs on typical days or segments (``solvers.sizing.size`` passes them
#: when the algorithm is ``choose`` or ``simplex``): Devex pricing in the dual simplex. On the
#: 1400-run LPs of the built-in parks it took 0.4–1.04× the time of HiGHS's default pricing (dual
#: steepest edge), typical-day LPs 0.85–1.0×; on the full-hour LP it changed nothing that matters
#: (88 s against 90–100 s on ordos-low-carbon), so the full-hour LP keeps the default.
AGGREGATED_LP_OPTIONS: dict[str, int] = {"simplex_dual_edge_weight_strategy": 1}


def _apply_options(
    h: highspy.Highs,
    algorithm: str,
    threads: int | None,
    time_limit_s: float | None,
    log: bool,
    highs_options: Mapping[str, bool | int | float | str] | None = None,
) -> None:
    if algorithm not in ALGORITHMS:
        raise InputError("--solver-algorithm", None, f"must be one of {', '.join(ALGORITHMS)}")
    h.setOptionValue("output_flag", bool(log))
    if h.setOptionValue("solver", algorithm) != highspy.HighsStatus.kOk:
        raise InputError(
            "--solver-algorithm",
            None,
            f"{algorithm!r} is not available in HiGHS {h.version()} as installed "
            "(try ipm, ipx, simplex, pdlp or choose; hipo needs the highspy-extras package)",
        )
    if threads is not None:
        if threads < 1:
            raise InputError("--threads", None, "must be ≥ 1")
        h.setOptionValue("threads", int(threads))
    if time_limit_s is not None:
        if time_limit_s <= 0:
            raise InputError("--time-limit", None, "must be > 0 seconds")
        h.setOptionValue("time_limit", float(time_limit_s))
    for key, value in (highs_options or {}).items():
        if h.setOptionValue(key, value) != highspy.HighsStatus.kOk:
            raise ValueError(f"HiGHS option {key}={value!r} was refused")


def _solver_info(
    h: highspy.Highs,
    algorithm: str,
    threads: int | None,
    handoff: str,
    model_status: str,
    highs_options: Mapping | None = None,
) -> dict:
    info = h.getInfo()
    return {
        "name": "highs",
        "version": h.version(),
        "algorithm": algorithm,
        "options": dict(highs_options or {}),
        "threads": threads,
        "handoff": handoff,
        "model_status": model_status,
        "iterations": {
            "simplex": int(info.simplex_iteration_count),
            "ipm": int(info.ipm_iteration_count),
            "crossover": int(info.crossover_iteration_count),
            "pdlp": int(info.pdlp_iteration_count),
        },
        "rows": int(h.getNumRow()),
        "columns": int(h.getNumCol()),
        "nonzeros": int(h.getNumNz()),
    }


def solve_model(
    model: pyo.ConcreteModel,
    *,
    algorithm: Algorithm = "choose",
    threads: int | None = None,
    time_limit_s: float | None = None,
    handoff: Literal["direct", "pyomo"] = "direct",
    log: bool = False,
    highs_options: Mapping[str, bool | int | float | str] | None = None,
    lp_path: str = "years",
) -> SolveResult:
    """Solve a linear Pyomo model with HiGHS.

    Parameters
    ----------
    model : pyomo.environ.ConcreteModel
        A linear model with one active objective (e.g. from :func:`solvers.lp.build_model`).
    algorithm : {"choose", "simplex", "ipm", "ipx", "hipo", "pdlp"}
        HiGHS's ``solver`` option. ``ipm`` lets HiGHS pick its interior point method (HiPO when
        the ``highspy-extras`` package is installed, else IPX); ``ipx`` and ``hipo`` name one.
        ``hipo`` needs ``highspy-extras``; otherwise an :class:`~simulator.errors.InputError`
        says so.
    threads : int, optional
        HiGHS's ``threads`` option; default HiGHS's own choice.
    time_limit_s : float, optional
        HiGHS's ``time_limit`` [s]; the status is ``time_limit`` when it is reached.
    handoff : {"direct", "pyomo"}
        How the model gets to HiGHS (see the module docstring).
    log : bool
        Show HiGHS's log.
    highs_options : mapping, optional
        Further HiGHS options by name (e.g. :data:`AGGREGATED_LP_OPTIONS`); recorded in
        ``solver["options"]``.
    lp_path : {"years", "joint"}
        With the ``direct`` hand-off: solve a multi-year LP by the exact decomposition by year
        (default) or in one piece (see the module docstring); the optimum is the same.

    Returns
    -------
    SolveResult
        Status, objective, variable values as numpy arrays, timing and solver information.
    """
    if handoff == "direct":
        return HighsDirect(
            model,
            algorithm=algorithm,
            threads=threads,
            time_limit_s=time_limit_s,
            log=log,
            highs_options=highs_options,
            lp_path=lp_path,
        ).solve()
    if handoff == "pyomo":
        return _solve_pyomo(model, algorithm, threads, time_limit_s, log, highs_options)
    raise InputError("--handoff", None, f"must be one of {', '.join(HANDOFFS)}")


def _resolve_ambiguous(h: highspy.Highs) -> highspy.HighsModelStatus:
    """Re-run without presolve when HiGHS says only 'infeasible or unbounded'."""
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kUnboundedOrInfeasible:
        h.setOptionValue("presolve", "off")
        h.setOptionValue("solver", "simplex")
        h.run()
        status = h.getModelStatus()
    return status


class HighsDirect:
    """A Pyomo model compiled once to sparse matrices and held in one HiGHS instance.

    The ``"direct"`` hand-off: :meth:`solve` runs HiGHS; :meth:`set_lower_bounds` changes the
    lower bounds of some rows in both the Pyomo model and HiGHS, so that the next
    :meth:`solve` starts from the previous basis (the assure loop raises the target rows this way).

    Parameters
    ----------
    model : pyomo.environ.ConcreteModel
        A linear model with one active objective.
    algorithm, threads, time_limit_s, log, highs_options, lp_path
        As in :func:`solve_model`.
    """

    def __init__(
        self,
        model: pyo.ConcreteModel,
        *,
        algorithm: Algorithm = "choose",
        threads: int | None = None,
        time_limit_s: float | None = None,
        log: bool = False,
        highs_options: Mapping[str, bool | int | float | str] | None = None,
        lp_path: str = "years",
    ) -> None:
        t0 = time.perf_counter()
        if lp_path not in LP_PATHS:
            raise InputError("lp_path", None, f"must be one of {', '.join(LP_PATHS)}")
        self.model = model
        self.algorithm = algorithm
        self.threads = threads
        self.time_limit_s = time_limit_s
        self.log = log
        self.lp_path = lp_path
        self.highs_options = dict(highs_options or {})
        h = self.highs = highspy.Highs()
        _apply_options(h, algorithm, threads, time_limit_s, log, highs_options)
        self._comps = _var_components(model)
        info = LinearStandardFormCompiler().write(
            model, mixed_form=True, set_sense=None, column_order=self._comps
        )
        if len(info.objectives) != 1:
            raise ValueError(
                f"model needs exactly one active objective, has {len(info.objectives)}"
            )
        self._columns = columns = info.columns
        self._rows = info.rows
        n_col = len(columns)
        inf = highspy.kHighsInf
        # Column bounds, read from the Pyomo variables (None = unbounded -> NaN -> ±inf).
        col_lower = np.array([v.lb for v in columns], dtype=float)
        col_upper = np.array([v.ub for v in columns], dtype=float)
        col_lower[np.isnan(col_lower)] = -inf
        col_upper[np.isnan(col_upper)] = inf
        # Row bounds: bound_type 0 is "==", 1 is "<= rhs", -1 is ">= rhs" (mixed form).
        sense = np.fromiter(
            map(operator.attrgetter("bound_type"), info.rows), np.int8, len(info.rows)
        )
        self._rhs = rhs = np.asarray(info.rhs, dtype=float)
        row_lower = np.where(sense == 1, -inf, rhs)
        row_upper = np.where(sense == -1, inf, rhs)
        A = info.A.tocsc()
        cost = np.zeros(n_col)
        c = info.c.tocsr()
        cost[c.indices[c.indptr[0] : c.indptr[1]]] = c.data[c.indptr[0] : c.indptr[1]]

        lp = highspy.HighsLp()
        lp.num_col_ = n_col
        lp.num_row_ = A.shape[0]
        lp.col_cost_ = cost
        lp.col_lower_ = col_lower
        lp.col_upper_ = col_upper
        lp.row_lower_ = row_lower
        lp.row_upper_ = row_upper
        lp.offset_ = float(info.c_offset[0]) if len(info.c_offset) else 0.0
        maximise = info.objectives[0].sense == pyo.maximize
        lp.sense_ = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = A.indptr
        lp.a_matrix_.index_ = A.indices
        lp.a_matrix_.value_ = A.data
        h.passModel(lp)
        self._arrays = {
            "cost": cost,
            "col_lower": col_lower,
            "col_upper": col_upper,
            "row_lower": np.array(row_lower, dtype=float),
            "row_upper": np.array(row_upper, dtype=float),
        }
        self._A = A
        self._offset = float(lp.offset_)
        self._sense = lp.sense_
        self._last_basis: WarmStart | None = None
        self._blocks = _year_blocks(model, self._comps, columns, A) if lp_path == "years" else None
        self._warm: WarmStart | None = None
        self._pending_handoff_s = time.perf_counter() - t0
        self._runs = 0

    def set_lower_bounds(self, constraint: pyo.Constraint, lower: dict) -> None:
        """Change the lower bound of ``constraint[index]`` to ``lower[index]`` (≥ rows only).

        Updates the Pyomo constraint and the matching HiGHS row; the basis is kept.
        """
        t0 = time.perf_counter()
        wanted = {id(constraint[idx]): float(lb) for idx, lb in lower.items()}
        inf = highspy.kHighsInf
        for r, row in enumerate(self._rows):  # few target rows; rows are scanned once
            con = row.constraint
            if id(con) not in wanted:
                continue
            if row.bound_type != -1 or con.upper is not None:
                raise ValueError(f"{con.name} is not a one-sided '>=' row")
            new_lb = wanted.pop(id(con))
            offset = con.lower - self._rhs[r]  # rhs = lower − constant part of the body
            con.set_value((new_lb, con.body, None))
            self._rhs[r] = new_lb - offset
            self.highs.changeRowBounds(r, self._rhs[r], inf)
            self._arrays["row_lower"][r] = self._rhs[r]
        if wanted:
            raise KeyError("some constraints are not rows of the compiled model")
        if self._runs and self._blocks is not None:
            self._warm = self.warm_start()  # the blocks start from the last basis
        if self._runs and self.algorithm in ("choose", "ipm", "ipx", "hipo"):
            # warm start from the basis of the previous run
            self.highs.setOptionValue("solver", "simplex")
        self._pending_handoff_s += time.perf_counter() - t0

    def warm_start(self) -> WarmStart | None:
        """Basis and primal values of the last solve (None when HiGHS has no valid basis)."""
        if self._last_basis is not None:  # the last solve ended in the year blocks
            return self._last_basis
        h = self.highs
        basis = h.getBasis()
        if not basis.valid:
            return None
        return WarmStart(
            col_status=np.fromiter((int(v) for v in basis.col_status), np.int8),
            row_status=np.fromiter((int(v) for v in basis.row_status), np.int8),
            col_value=np.asarray(h.getSolution().col_value, dtype=float),
            num_col=int(h.getNumCol()),
            num_row=int(h.getNumRow()),
        )

    def apply_warm_start(self, warm: WarmStart | None) -> bool:
        """Start the next :meth:`solve` from ``warm``'s basis (dual/primal simplex).

        Returns
        -------
        bool
            True when the basis was accepted; False when ``warm`` is None, has other dimensions
            or HiGHS refuses it (the solve then starts cold).
        """
        h = self.highs
        if warm is None or not warm.fits(int(h.getNumCol()), int(h.getNumRow())):
            return False
        if self._blocks is not None:  # split over the year blocks at the next solve
            self._warm = warm
            return True
        t0 = time.perf_counter()
        status = highspy.HighsBasisStatus
        basis = highspy.HighsBasis()
        basis.col_status = [status(int(v)) for v in warm.col_status]
        basis.row_status = [status(int(v)) for v in warm.row_status]
        basis.valid = True
        ok = h.setBasis(basis) == highspy.HighsStatus.kOk
        if ok and self.algorithm in ("choose", "ipm", "ipx", "pdlp", "hipo"):
            h.setOptionValue("solver", "simplex")  # only simplex starts from a basis
        self._pending_handoff_s += time.perf_counter() - t0
        return ok

    def solve(self) -> SolveResult:
        """Run HiGHS and return the status, objective and variable values."""
        self._last_basis = None
        blocks_info: dict = {}
        if self._blocks is not None:
            done, blocks_info = self._solve_blocks()
            if done is not None:
                return done
        h = self.highs
        restore = None
        if blocks_info.get("joint_from_blocks") and self.algorithm != "simplex":
            restore = self.algorithm
            h.setOptionValue("solver", "simplex")  # only simplex starts from the blocks' basis
        before = h.getRunTime()
        try:
            with _live_progress([h]):
                _run_interruptible([h])
        finally:
            if restore is not None:
                h.setOptionValue("solver", restore)
        status = _resolve_ambiguous(h)
        solve_s = h.getRunTime() - before + blocks_info.get("blocks_s", 0.0)
        self._runs += 1
        t2 = time.perf_counter()
        our, name = _status_name(status)
        values: dict[str, np.ndarray] = {}
        objective = None
        if our in ("optimal", "time_limit", "iteration_limit", "interrupted") and (
            our == "optimal" or h.getInfo().primal_solution_status >= 2
        ):
            x = np.asarray(h.getSolution().col_value, dtype=float)
            values = _split_columns(self._comps, self._columns, x)
            objective = float(h.getInfo().objective_function_value)
        handoff_s = self._pending_handoff_s + (time.perf_counter() - t2)
        self._pending_handoff_s = 0.0
        solver = _solver_info(h, self.algorithm, self.threads, "direct", name, self.highs_options)
        solver["lp_path"] = self.lp_path if self._blocks is not None else "joint"
        if blocks_info:
            for key, n in blocks_info.pop("iterations").items():
                solver["iterations"][key] += n
            solver.update(blocks_info)
        return SolveResult(
            status=our,
            objective=objective,
            values=values,
            timing={"handoff_s": handoff_s, "solve_s": float(solve_s)},
            solver=solver,
        )

    def _solve_blocks(self) -> tuple[SolveResult | None, dict]:
        """Solve the year blocks side by side (the ``years`` path, see the module docstring).

        Returns
        -------
        (SolveResult or None, dict)
            The result when the blocks settle the joint LP (optimal or infeasible), else None
            with the joint HiGHS instance ready to run (from the blocks' basis when they have
            one); the dict holds what the blocks did (``blocks``, ``blocks_s``, ``iterations``,
            ``joint_from_blocks``).
        """
        t0 = time.perf_counter()
        blocks, arr = self._blocks, self._arrays
        A = self._A
        hs = []
        for b in blocks.years:
            hb = highspy.Highs()
            _apply_options(
                hb, self.algorithm, None, self.time_limit_s, self.log, self.highs_options
            )
            sub = A[:, b.cols].tocsr()[b.rows].tocsc()
            lp = highspy.HighsLp()
            lp.num_col_, lp.num_row_ = len(b.cols), len(b.rows)
            lp.col_cost_ = arr["cost"][b.cols]
            lp.col_lower_ = arr["col_lower"][b.cols]
            lp.col_upper_ = arr["col_upper"][b.cols]
            lp.row_lower_ = arr["row_lower"][b.rows]
            lp.row_upper_ = arr["row_upper"][b.rows]
            lp.sense_ = self._sense
            lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
            lp.a_matrix_.start_ = sub.indptr
            lp.a_matrix_.index_ = sub.indices
            lp.a_matrix_.value_ = sub.data
            hb.passModel(lp)
            if self._warm is not None:
                basis = highspy.HighsBasis()
                st = highspy.HighsBasisStatus
                basis.col_status = [st(int(v)) for v in self._warm.col_status[b.cols]]
                basis.row_status = [st(int(v)) for v in self._warm.row_status[b.rows]]
                basis.valid = True
                if hb.setBasis(basis) == highspy.HighsStatus.kOk and self.algorithm != "simplex":
                    hb.setOptionValue("solver", "simplex")
            hs.append(hb)
        self._warm = None
        self._pending_handoff_s += time.perf_counter() - t0
        t1 = time.perf_counter()
        with _live_progress(hs):
            _run_interruptible(hs)
        blocks_s = time.perf_counter() - t1
        t2 = time.perf_counter()
        names = [_status_name(hb.getModelStatus()) for hb in hs]
        infos = [hb.getInfo() for hb in hs]
        info = {
            "blocks": len(hs),
            "blocks_s": blocks_s,
            "block_status": [n[1] for n in names],
            "iterations": {
                "simplex": sum(int(i.simplex_iteration_count) for i in infos),
                "ipm": sum(int(i.ipm_iteration_count) for i in infos),
                "crossover": sum(int(i.crossover_iteration_count) for i in infos),
                "pdlp": sum(int(i.pdlp_iteration_count) for i in infos),
            },
            "joint_from_blocks": False,
            "linking_rows_violated": None,
        }
        ours = [n[0] for n in names]
        n_col, n_row = len(arr["cost"]), len(arr["row_lower"])
        if "infeasible" in ours:  # a relaxation of the joint LP is infeasible: so is the joint LP
            self._runs += 1
            self._pending_handoff_s += time.perf_counter() - t2
            return self._block_result("infeasible", "kInfeasible", None, None, info), info
        if any(o != "optimal" for o in ours):
            self._pending_handoff_s += time.perf_counter() - t2
            return None, info  # the joint LP, cold
        x = np.zeros(n_col)
        for b, hb in zip(blocks.years, hs, strict=True):
            x[b.cols] = np.asarray(hb.getSolution().col_value, dtype=float)
        link = blocks.linking
        act = blocks.a_link @ x
        scale = 1.0 + abs(blocks.a_link) @ np.abs(x)
        viol = np.maximum(arr["row_lower"][link] - act, act - arr["row_upper"][link])
        tol = _option(self.highs, "primal_feasibility_tolerance")
        violated = int(np.sum(viol > tol * scale))
        info["linking_rows_violated"] = violated
        bases = [hb.getBasis() for hb in hs]
        have_basis = all(bs.valid for bs in bases)
        if have_basis:
            col_status = np.zeros(n_col, np.int8)
            row_status = np.full(n_row, int(highspy.HighsBasisStatus.kBasic), np.int8)
            for b, bs in zip(blocks.years, bases, strict=True):
                col_status[b.cols] = np.fromiter((int(v) for v in bs.col_status), np.int8)
                row_status[b.rows] = np.fromiter((int(v) for v in bs.row_status), np.int8)
            joined = WarmStart(col_status, row_status, x, n_col, n_row)
        if violated == 0:
            self._runs += 1
            objective = float(sum(i.objective_function_value for i in infos)) + self._offset
            self._last_basis = joined if have_basis else None
            self._pending_handoff_s += time.perf_counter() - t2
            return self._block_result("optimal", "kOptimal", objective, x, info), info
        if have_basis:  # dual simplex repairs the violated linking rows from the joined basis
            st = highspy.HighsBasisStatus
            basis = highspy.HighsBasis()
            basis.col_status = [st(int(v)) for v in joined.col_status]
            basis.row_status = [st(int(v)) for v in joined.row_status]
            basis.valid = True
            info["joint_from_blocks"] = self.highs.setBasis(basis) == highspy.HighsStatus.kOk
        self._pending_handoff_s += time.perf_counter() - t2
        return None, info

    def _block_result(
        self,
        status: str,
        name: str,
        objective: float | None,
        x: np.ndarray | None,
        info: dict,
    ) -> SolveResult:
        """Make the SolveResult of a solve that the year blocks settled."""
        t0 = time.perf_counter()
        solver = _solver_info(
            self.highs, self.algorithm, self.threads, "direct", name, self.highs_options
        )
        solver["iterations"] = info.pop("iterations")
        solver["lp_path"] = "years"
        solver.update(info)
        values = _split_columns(self._comps, self._columns, x) if x is not None else {}
        handoff_s = self._pending_handoff_s + (time.perf_counter() - t0)
        self._pending_handoff_s = 0.0
        return SolveResult(
            status=status,
            objective=objective,
            values=values,
            timing={"handoff_s": handoff_s, "solve_s": float(info["blocks_s"])},
            solver=solver,
        )


def _run_interruptible(hs: list[highspy.Highs]) -> None:
    """Run each HiGHS instance in a solver thread, side by side, and wait for all of them.

    Ctrl-C cancels every solve, then raises KeyboardInterrupt. ``Highs.run()`` holds the main
    thread in C++ until the solve ends, so Python could not react to Ctrl-C during a long solve;
    here the main thread waits in short steps instead. One instance runs through highspy's own
    ``startSolve``; several run in threads of their own (highspy's ``startSolve`` allows one
    running solve per process: its locks are shared by all instances).
    """
    for h in hs:
        h.HandleUserInterrupt = True
    main = threading.current_thread() is threading.main_thread()
    threads: list[threading.Thread] = []
    try:
        # no Ctrl-C while the solver threads start (it would leave one running unwatched); the
        # signal waits and arrives in the loop below
        if main:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            if len(hs) == 1:
                hs[0].startSolve()
            else:
                for h in hs:
                    t = threading.Thread(target=_run_core, args=(h,), daemon=True)
                    t.start()
                    threads.append(t)
        finally:
            if main:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        try:
            if threads:
                for t in threads:
                    while t.is_alive():
                        t.join(0.1)
            else:
                while not hs[0].wait(0.1)[0]:
                    pass
        except KeyboardInterrupt:
            for h in hs:
                h.cancelSolve()
            if threads:
                for t in threads:
                    t.join()
            else:
                hs[0].joinSolve()
            highspy.Highs.resetGlobalScheduler(True)  # stop HiGHS's worker threads before exit
            raise
    finally:
        for h in hs:
            h.HandleUserInterrupt = False


def _run_core(h: highspy.Highs) -> None:
    """Run one HiGHS instance in the calling thread (HiGHS's C++ ``run``, the GIL released)."""
    highspy._core._Highs.run(h)


def _option(h: highspy.Highs, name: str) -> bool | int | float | str:
    """Value of a HiGHS option (highspy returns ``(status, value)``)."""
    got = h.getOptionValue(name)
    return got[1] if isinstance(got, tuple) else got


@contextlib.contextmanager
def _live_progress(hs: list[highspy.Highs]) -> Iterator[None]:
    """Feed HiGHS's log to the active progress reporter (:mod:`solvers.progress`), if any.

    With several instances solving side by side (the year blocks) all their logs feed the one
    progress line.
    """
    reporter = progress.current()
    if reporter is None:
        yield
        return
    shown = reporter.new()
    flags = [(_option(h, "output_flag"), _option(h, "log_to_console")) for h in hs]
    for h, (log_flag, _) in zip(hs, flags, strict=True):
        if not log_flag:  # the log is read for progress, not printed
            h.setOptionValue("output_flag", True)
            h.setOptionValue("log_to_console", False)

    def on_log(event: object) -> None:
        shown.on_log(event.message)

    for h in hs:
        h.cbLogging.subscribe(on_log)
    shown.start()
    try:
        yield
    finally:
        shown.stop()
        for h, (log_flag, console_flag) in zip(hs, flags, strict=True):
            h.cbLogging.unsubscribe(on_log)
            h.setOptionValue("output_flag", log_flag)
            h.setOptionValue("log_to_console", console_flag)


@dataclass(frozen=True, eq=False)
class _Block:
    """Columns and rows (positions in the compiled LP) of one year's block."""

    year: int
    cols: np.ndarray
    rows: np.ndarray


@dataclass(frozen=True, eq=False)
class _YearBlocks:
    """The year blocks of a compiled multi-year LP and its linking rows."""

    years: list[_Block]
    linking: np.ndarray
    a_link: object  # scipy.sparse CSR matrix of the linking rows


def _year_blocks(
    model: pyo.ConcreteModel, comps: list, columns: list, A: object
) -> _YearBlocks | None:
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
        _Block(int(y), np.flatnonzero(col_year == y), np.flatnonzero((lo == y) & (hi == y)))
        for y in sorted(set(col_year.tolist()))
    ]
    if any(len(b.rows) == 0 or len(b.cols) == 0 for b in blocks):
        return None
    return _YearBlocks(blocks, linking, R[linking])


def _split_columns(comps: list, columns: list, x: np.ndarray) -> dict[str, np.ndarray]:
    """Scatter the solver's column values back into one array per variable component.

    The compiler keeps the column order of ``comps`` but leaves out variables that appear in no
    row and not in the objective (and fixed ones); those get their fixed value, else the bound
    nearest to 0.
    """
    order = [v for comp in comps for v in comp.values()]
    order_ids = np.fromiter(map(id, order), np.int64, len(order))
    col_ids = np.fromiter(map(id, columns), np.int64, len(columns))
    present = np.isin(order_ids, col_ids)
    pos = np.flatnonzero(present)
    if pos.size != len(columns) or not np.array_equal(order_ids[pos], col_ids):
        raise RuntimeError("standard-form columns do not follow the model's variable order")
    full = np.empty(len(order))
    full[pos] = x
    for j in np.flatnonzero(~present):
        v = order[j]
        if v.fixed:
            full[j] = v.value
        else:
            lb, ub = v.lb, v.ub
            full[j] = lb if lb is not None and lb > 0 else (ub if ub is not None and ub < 0 else 0)
    out = {}
    start = 0
    for comp in comps:
        n = len(comp)
        out[comp.local_name] = full[start : start + n].reshape(_shape_of(comp) or ())
        start += n
    return out


def _solve_pyomo(
    model: pyo.ConcreteModel,
    algorithm: str,
    threads: int | None,
    time_limit_s: float | None,
    log: bool,
    highs_options: Mapping | None = None,
) -> SolveResult:
    from pyomo.contrib.solver.common.results import SolutionStatus
    from pyomo.contrib.solver.solvers.highs import Highs as PyomoHighs

    check = highspy.Highs()
    _apply_options(check, algorithm, threads, time_limit_s, log, highs_options)  # validates them
    opt = PyomoHighs()
    options = {"solver": algorithm, **(highs_options or {})}
    t0 = time.perf_counter()
    res = opt.solve(
        model,
        tee=log,
        threads=threads,
        time_limit=time_limit_s,
        solver_options=options,
        load_solutions=False,
        raise_exception_on_nonoptimal_result=False,
    )
    h = opt._solver_model  # the highspy.Highs object of the interface
    status = _resolve_ambiguous(h)
    solve_s = h.getRunTime()
    our, name = _status_name(status)
    values: dict[str, np.ndarray] = {}
    objective = None
    if res.solution_status in (SolutionStatus.optimal, SolutionStatus.feasible):
        res.solution_loader.load_vars()
        comps = _var_components(model)
        for comp in comps:
            vals = np.array([v.value for v in comp.values()], dtype=float)
            values[comp.local_name] = vals.reshape(_shape_of(comp) or ())
        objective = float(pyo.value(next(model.component_data_objects(pyo.Objective, active=True))))
    t1 = time.perf_counter()
    return SolveResult(
        status=our,
        objective=objective,
        values=values,
        timing={"handoff_s": (t1 - t0) - solve_s, "solve_s": float(solve_s)},
        solver=_solver_info(h, algorithm, threads, "pyomo", name, highs_options),
    )
