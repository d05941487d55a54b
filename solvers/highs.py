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

Solve paths of the direct hand-off (``lp_path``, :data:`LP_PATHS`), all to the same optimum:

``"years"`` (default)
    The exact decomposition by year (:mod:`solvers.highs_blocks`), each year's block (or a
    one-year LP as it is) started from the basis of its run LPs (:mod:`solvers.highs_coarse`)
    when the algorithm is simplex (``choose`` or ``simplex``).
``"years_cold"``
    The same decomposition, every block from HiGHS's own start (the default before the run LPs).
``"joint"``
    The whole LP in one HiGHS run from HiGHS's own start (the path before issue 13).

All record ``timing = {handoff_s, solve_s}``: ``solve_s`` is the solve's own time (HiGHS's
``getRunTime`` of a joint run; the wall time of the blocks side by side, run LPs included),
``handoff_s`` the rest of the wall time spent to get the model into HiGHS and the solution out.
"""

from __future__ import annotations

import operator
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from simulator.core.errors import InputError
from simulator.core.vocabulary import SOLVER_ALGORITHMS
from solvers.highs_blocks import (
    SIMPLEX_ALGORITHMS,
    BlockOptions,
    solve_blocks,
    start_from_runs,
    year_blocks,
)
from solvers.highs_coarse import HourLabels, StdLP, hour_labels, worth_it
from solvers.highs_run import (
    WarmStart,
    apply_options,
    basis_of,
    live_progress,
    option,
    run_interruptible,
    solver_info,
    status_name,
    statuses_of,
)

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

#: How :class:`HighsDirect` solves the LP (see the module docstring).
LP_PATHS = ("years", "years_cold", "joint")

Algorithm = str  # one of SOLVER_ALGORITHMS


def highs_version() -> str:
    """Version of the HiGHS library behind highspy (``"1.15.1"``)."""
    return highspy.Highs().version()


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
        for hourly variables, ``(assets, years)`` for ``cap``); empty without a primal solution.
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
        ``hipo`` needs ``highspy-extras``; otherwise an :class:`~simulator.core.errors.InputError`
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
    lp_path : {"years", "years_cold", "joint"}
        With the ``direct`` hand-off: the exact decomposition by year with each block started
        from its run LPs (default), the same from HiGHS's own start, or the LP in one piece (see
        the module docstring); the optimum is the same.

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
    raise InputError("handoff", None, f"must be one of {', '.join(HANDOFFS)}")


def _resolve_ambiguous(h: highspy.Highs) -> highspy.HighsModelStatus:
    """Re-run without presolve when HiGHS says only 'infeasible or unbounded'."""
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kUnboundedOrInfeasible:
        h.setOptionValue("presolve", "off")
        h.setOptionValue("solver", "simplex")
        h.run()
        status = h.getModelStatus()
    return status


@dataclass(frozen=True, eq=False)
class _Compiled:
    """The model in standard form: the LP, its columns and rows, and what HiGHS needs besides."""

    lp: StdLP
    columns: list
    rows: list
    rhs: np.ndarray
    offset: float


def _compile(model: pyo.ConcreteModel, comps: list) -> _Compiled:
    """Compile ``model`` to standard form (no per-row Python loop) in the order of ``comps``."""
    info = LinearStandardFormCompiler().write(
        model, mixed_form=True, set_sense=None, column_order=comps
    )
    if len(info.objectives) != 1:
        raise ValueError(f"model needs exactly one active objective, has {len(info.objectives)}")
    columns = info.columns
    inf = highspy.kHighsInf
    # Column bounds, read from the Pyomo variables (None = unbounded -> NaN -> ±inf).
    col_lower = np.array([v.lb for v in columns], dtype=float)
    col_upper = np.array([v.ub for v in columns], dtype=float)
    col_lower[np.isnan(col_lower)] = -inf
    col_upper[np.isnan(col_upper)] = inf
    # Row bounds: bound_type 0 is "==", 1 is "<= rhs", -1 is ">= rhs" (mixed form).
    sense = np.fromiter(map(operator.attrgetter("bound_type"), info.rows), np.int8, len(info.rows))
    rhs = np.asarray(info.rhs, dtype=float)
    row_lower = np.where(sense == 1, -inf, rhs).astype(float)
    row_upper = np.where(sense == -1, inf, rhs).astype(float)
    cost = np.zeros(len(columns))
    c = info.c.tocsr()
    cost[c.indices[c.indptr[0] : c.indptr[1]]] = c.data[c.indptr[0] : c.indptr[1]]
    maximise = info.objectives[0].sense == pyo.maximize
    obj_sense = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
    lp = StdLP(cost, col_lower, col_upper, row_lower, row_upper, info.A.tocsc(), obj_sense)
    offset = float(info.c_offset[0]) if len(info.c_offset) else 0.0
    return _Compiled(lp, columns, info.rows, rhs, offset)


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
        apply_options(h, algorithm, threads, time_limit_s, log, highs_options)
        self._comps = _var_components(model)
        compiled = _compile(model, self._comps)
        self._lp = compiled.lp
        self._columns, self._rows = compiled.columns, compiled.rows
        self._rhs = compiled.rhs
        self._offset = compiled.offset
        hl = self._lp.highs_lp()
        hl.offset_ = self._offset
        h.passModel(hl)
        self._blocks = None
        if lp_path != "joint":
            self._blocks = year_blocks(model, self._comps, self._columns, self._lp.A)
        self._labels: HourLabels | None = None
        if lp_path == "years":
            self._labels = hour_labels(model, self._columns, self._rows)
        self._last_basis: WarmStart | None = None
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
            self._lp.row_lower[r] = self._rhs[r]
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
        col_status, row_status = statuses_of(basis)
        return WarmStart(
            col_status=col_status,
            row_status=row_status,
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
        ok = h.setBasis(basis_of(warm.col_status, warm.row_status)) == highspy.HighsStatus.kOk
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
        return self._solve_joint(blocks_info)

    def _solve_joint(self, blocks_info: dict) -> SolveResult:
        """Run the joint HiGHS instance (after the blocks when they left it to do)."""
        h = self.highs
        restore = None
        if blocks_info.get("joint_from_blocks") and self.algorithm != "simplex":
            restore = self.algorithm
            h.setOptionValue("solver", "simplex")  # only simplex starts from the blocks' basis
        start = self._run_start(blocks_info)
        before = h.getRunTime()
        t0 = time.perf_counter()
        try:
            with live_progress([h]):
                run_interruptible([h], [start])
        finally:
            if restore is not None:
                h.setOptionValue("solver", restore)
        start_s = 0.0 if start is None else time.perf_counter() - t0 - (h.getRunTime() - before)
        status = _resolve_ambiguous(h)
        solve_s = h.getRunTime() - before + start_s + blocks_info.get("blocks_s", 0.0)
        self._runs += 1
        t2 = time.perf_counter()
        our, name = status_name(status)
        values: dict[str, np.ndarray] = {}
        objective = None
        if our in ("optimal", "time_limit", "iteration_limit", "interrupted") and (
            our == "optimal" or h.getInfo().primal_solution_status >= 2
        ):
            x = np.asarray(h.getSolution().col_value, dtype=float)
            values = _split_columns(self._comps, self._columns, x)
            objective = float(h.getInfo().objective_function_value)
        solver = solver_info(h, self.algorithm, self.threads, "direct", name, self.highs_options)
        solver["lp_path"] = self.lp_path if self._blocks is not None else "joint"
        if blocks_info:
            for key, n in blocks_info.pop("iterations").items():
                solver["iterations"][key] += n
            solver.update(blocks_info)
        if start is not None:
            solver["lp_path"] = self.lp_path
            solver["run_start"] = self._start_info
        handoff_s = self._pending_handoff_s + (time.perf_counter() - t2)
        self._pending_handoff_s = 0.0
        timing = {"handoff_s": handoff_s, "solve_s": float(solve_s)}
        return SolveResult(our, objective, values, timing, solver)

    def _run_start(self, blocks_info: dict):
        """Return the run-LP starter of a one-piece solve, or None (see the module docstring).

        Only on the ``years`` path, for simplex, when the instance has no basis yet (no earlier
        solve, warm start or blocks' basis) and no blocks were tried.
        """
        if (
            not worth_it(self._labels)
            or blocks_info
            or self.algorithm not in SIMPLEX_ALGORITHMS
            or self.highs.getBasis().valid
        ):
            return None
        h, lp, labels = self.highs, self._lp, self._labels
        self._start_info = {"runs": [], "iterations": 0, "seconds": 0.0, "used": 0, "grids": []}

        def prepare() -> None:
            info = start_from_runs(h, lp, labels)
            self._start_info = {**info, "grids": [info["grids"]]}  # as the blocks record it

        return prepare

    def _solve_blocks(self) -> tuple[SolveResult | None, dict]:
        """Solve the year blocks side by side (:mod:`solvers.highs_blocks`).

        Returns
        -------
        (SolveResult or None, dict)
            The result when the blocks settle the joint LP (optimal or infeasible), else None
            with the joint HiGHS instance ready to run (from the blocks' basis when they have
            one); the dict holds what the blocks did (``blocks``, ``blocks_s``, ``iterations``,
            ``joint_from_blocks``, ``run_start``).
        """
        opts = BlockOptions(
            self.algorithm, self.time_limit_s, self.log, self.highs_options, self.lp_path == "years"
        )
        warm, self._warm = self._warm, None
        tol = float(option(self.highs, "primal_feasibility_tolerance"))
        out = solve_blocks(self._blocks, self._lp, self._labels, opts, warm, tol)
        info = out.info
        if out.status == "infeasible":
            self._runs += 1
            return self._block_result("infeasible", "kInfeasible", None, None, info), info
        if out.status == "optimal":
            self._runs += 1
            self._last_basis = out.joined
            objective = out.objective + self._offset
            return self._block_result("optimal", "kOptimal", objective, out.x, info), info
        if out.joined is not None:  # dual simplex repairs the violated linking rows
            basis = basis_of(out.joined.col_status, out.joined.row_status)
            info["joint_from_blocks"] = self.highs.setBasis(basis) == highspy.HighsStatus.kOk
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
        solver = solver_info(
            self.highs, self.algorithm, self.threads, "direct", name, self.highs_options
        )
        solver["iterations"] = info.pop("iterations")
        solver["lp_path"] = self.lp_path
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
    apply_options(check, algorithm, threads, time_limit_s, log, highs_options)  # validates them
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
    our, name = status_name(status)
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
        solver=solver_info(h, algorithm, threads, "pyomo", name, highs_options),
    )
