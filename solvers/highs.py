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
from solvers import progress

__all__ = [
    "ALGORITHMS",
    "HighsDirect",
    "HANDOFFS",
    "SolveResult",
    "WarmStart",
    "highs_version",
    "solve_model",
]

#: Values of ``--solver-algorithm``; each is HiGHS's ``solver`` option of the same name.
ALGORITHMS = ("choose", "simplex", "ipm", "hipo", "pdlp")

#: Ways to hand the Pyomo model to HiGHS.
HANDOFFS = ("direct", "pyomo")

Algorithm = Literal["choose", "simplex", "ipm", "hipo", "pdlp"]

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
            "(try ipm, simplex, pdlp or choose)",
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
) -> SolveResult:
    """Solve a linear Pyomo model with HiGHS.

    Parameters
    ----------
    model : pyomo.environ.ConcreteModel
        A linear model with one active objective (e.g. from :func:`solvers.lp.build_model`).
    algorithm : {"choose", "simplex", "ipm", "hipo", "pdlp"}
        HiGHS's ``solver`` option. ``hipo`` needs a HiGHS built with HiPO; otherwise an
        :class:`~simulator.errors.InputError` says so.
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

    Returns
    -------
    SolveResult
        Status, objective, variable values as numpy arrays, timing and solver information.
    """
    if handoff == "direct":
        return _solve_direct(model, algorithm, threads, time_limit_s, log, highs_options)
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
    algorithm, threads, time_limit_s, log, highs_options
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
    ) -> None:
        t0 = time.perf_counter()
        self.model = model
        self.algorithm = algorithm
        self.threads = threads
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
        if wanted:
            raise KeyError("some constraints are not rows of the compiled model")
        if self._runs and self.algorithm in ("choose", "ipm"):
            # warm start from the basis of the previous run
            self.highs.setOptionValue("solver", "simplex")
        self._pending_handoff_s += time.perf_counter() - t0

    def warm_start(self) -> WarmStart | None:
        """Basis and primal values of the last solve (None when HiGHS has no valid basis)."""
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
        t0 = time.perf_counter()
        status = highspy.HighsBasisStatus
        basis = highspy.HighsBasis()
        basis.col_status = [status(int(v)) for v in warm.col_status]
        basis.row_status = [status(int(v)) for v in warm.row_status]
        basis.valid = True
        ok = h.setBasis(basis) == highspy.HighsStatus.kOk
        if ok and self.algorithm in ("choose", "ipm", "pdlp", "hipo"):
            h.setOptionValue("solver", "simplex")  # only simplex starts from a basis
        self._pending_handoff_s += time.perf_counter() - t0
        return ok

    def solve(self) -> SolveResult:
        """Run HiGHS and return the status, objective and variable values."""
        h = self.highs
        before = h.getRunTime()
        with _live_progress(h):
            _run_interruptible(h)
        status = _resolve_ambiguous(h)
        solve_s = h.getRunTime() - before
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
        return SolveResult(
            status=our,
            objective=objective,
            values=values,
            timing={"handoff_s": handoff_s, "solve_s": float(solve_s)},
            solver=_solver_info(
                h, self.algorithm, self.threads, "direct", name, self.highs_options
            ),
        )


def _run_interruptible(h: highspy.Highs) -> None:
    """Run HiGHS in its solver thread; Ctrl-C cancels the solve, then raises KeyboardInterrupt.

    ``Highs.run()`` holds the main thread in C++ until the solve ends, so Python could not
    react to Ctrl-C during a long solve; here the main thread waits in short steps instead.
    """
    h.HandleUserInterrupt = True
    main = threading.current_thread() is threading.main_thread()
    try:
        # no Ctrl-C while the solver thread starts (it would leave it running unwatched); the
        # signal waits and arrives in the loop below
        if main:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            h.startSolve()
        finally:
            if main:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        try:
            while not h.wait(0.1)[0]:
                pass
        except KeyboardInterrupt:
            h.cancelSolve()
            h.joinSolve()
            highspy.Highs.resetGlobalScheduler(True)  # stop HiGHS's worker threads before exit
            raise
    finally:
        h.HandleUserInterrupt = False


def _option(h: highspy.Highs, name: str) -> bool | int | float | str:
    """Value of a HiGHS option (highspy returns ``(status, value)``)."""
    got = h.getOptionValue(name)
    return got[1] if isinstance(got, tuple) else got


@contextlib.contextmanager
def _live_progress(h: highspy.Highs) -> Iterator[None]:
    """Feed HiGHS's log to the active progress reporter (:mod:`solvers.progress`), if any."""
    reporter = progress.current()
    if reporter is None:
        yield
        return
    shown = reporter.new()
    log_flag = _option(h, "output_flag")
    console_flag = _option(h, "log_to_console")
    if not log_flag:  # the log is read for progress, not printed
        h.setOptionValue("output_flag", True)
        h.setOptionValue("log_to_console", False)
    def on_log(event: object) -> None:
        shown.on_log(event.message)

    h.cbLogging.subscribe(on_log)
    shown.start()
    try:
        yield
    finally:
        shown.stop()
        h.cbLogging.unsubscribe(on_log)
        h.setOptionValue("output_flag", log_flag)
        h.setOptionValue("log_to_console", console_flag)


def _solve_direct(
    model: pyo.ConcreteModel,
    algorithm: str,
    threads: int | None,
    time_limit_s: float | None,
    log: bool,
    highs_options: Mapping | None = None,
) -> SolveResult:
    return HighsDirect(
        model,
        algorithm=algorithm,
        threads=threads,
        time_limit_s=time_limit_s,
        log=log,
        highs_options=highs_options,
    ).solve()


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
