"""Running HiGHS instances: options, status names, bases, interruptible side-by-side solves.

The low layer under :mod:`solvers.highs` (the hand-off) and :mod:`solvers.highs_blocks` (the
year-by-year decomposition): both start, watch and read HiGHS instances through these functions.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import highspy
import numpy as np

from simulator.core.errors import InputError
from simulator.core.vocabulary import SOLVER_ALGORITHMS
from solvers import progress

__all__ = [
    "WarmStart",
    "apply_options",
    "basis_of",
    "check_solver_options",
    "option",
    "run_interruptible",
    "solver_info",
    "status_name",
    "statuses_of",
    "live_progress",
]

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


def status_name(model_status: highspy.HighsModelStatus) -> tuple[str, str]:
    """(our status, HiGHS's name) of a HiGHS model status."""
    name = model_status.name if hasattr(model_status, "name") else str(model_status)
    name = name.split(".")[-1]
    return _STATUS.get(name, "numerical_error"), name


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


def check_solver_options(
    algorithm: str, threads: int | None = None, time_limit_s: float | None = None
) -> None:
    """Validate the solver options (the one place they are checked).

    Parameters
    ----------
    algorithm : str
        HiGHS ``solver`` option, one of :data:`simulator.core.vocabulary.SOLVER_ALGORITHMS`.
    threads : int, optional
        HiGHS threads, ≥ 1.
    time_limit_s : float, optional
        Time limit per solve [s], > 0.

    Raises
    ------
    InputError
        Naming the argument (``algorithm``, ``threads``, ``time_limit_s``); the command line and
        study files name their own field instead.
    """
    if algorithm not in SOLVER_ALGORITHMS:
        raise InputError("algorithm", None, f"must be one of {', '.join(SOLVER_ALGORITHMS)}")
    if threads is not None and threads < 1:
        raise InputError("threads", None, "must be ≥ 1")
    if time_limit_s is not None and time_limit_s <= 0:
        raise InputError("time_limit_s", None, "must be > 0 seconds")


def apply_options(
    h: highspy.Highs,
    algorithm: str,
    threads: int | None,
    time_limit_s: float | None,
    log: bool,
    highs_options: Mapping[str, bool | int | float | str] | None = None,
) -> None:
    """Set the ``solver``, ``threads``, ``time_limit`` and further options of an instance.

    The options are checked by :func:`check_solver_options`; an algorithm this HiGHS build
    lacks (``hipo`` without highspy-extras) is refused here.
    """
    check_solver_options(algorithm, threads, time_limit_s)
    h.setOptionValue("output_flag", bool(log))
    if h.setOptionValue("solver", algorithm) != highspy.HighsStatus.kOk:
        raise InputError(
            "algorithm",
            None,
            f"{algorithm!r} is not available in HiGHS {h.version()} as installed "
            "(try ipm, ipx, simplex, pdlp or choose; hipo needs the highspy-extras package)",
        )
    if threads is not None:
        h.setOptionValue("threads", int(threads))
    if time_limit_s is not None:
        h.setOptionValue("time_limit", float(time_limit_s))
    for key, value in (highs_options or {}).items():
        if h.setOptionValue(key, value) != highspy.HighsStatus.kOk:
            raise ValueError(f"HiGHS option {key}={value!r} was refused")


def solver_info(
    h: highspy.Highs,
    algorithm: str,
    threads: int | None,
    handoff: str,
    model_status: str,
    highs_options: Mapping | None = None,
) -> dict:
    """Return the ``solver`` record of a :class:`~solvers.highs.SolveResult` (iterations, size)."""
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


def run_interruptible(
    hs: list[highspy.Highs], before: list[Callable[[], None] | None] | None = None
) -> None:
    """Run each HiGHS instance in a solver thread, side by side, and wait for all of them.

    Ctrl-C cancels every solve, then raises KeyboardInterrupt. ``Highs.run()`` holds the main
    thread in C++ until the solve ends, so Python could not react to Ctrl-C during a long solve;
    here the main thread waits in short steps instead. One instance without preparation runs
    through highspy's own ``startSolve``; otherwise each runs in a thread of its own (highspy's
    ``startSolve`` allows one running solve per process: its locks are shared by all instances).

    Parameters
    ----------
    hs : list of highspy.Highs
        The instances, each with its model.
    before : list of callable or None, optional
        One per instance: run in the instance's thread before its solve (the starting basis from
        the run LPs, :mod:`solvers.highs_coarse`); after Ctrl-C the solve is skipped.
    """
    before = before or [None] * len(hs)
    for h in hs:
        h.HandleUserInterrupt = True
    main = threading.current_thread() is threading.main_thread()
    threads: list[threading.Thread] = []
    cancelled = threading.Event()
    try:
        # no Ctrl-C while the solver threads start (it would leave one running unwatched); the
        # signal waits and arrives in the loop below
        if main:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            if len(hs) == 1 and before[0] is None:
                hs[0].startSolve()
            else:
                for h, prepare in zip(hs, before, strict=True):
                    args = (h, prepare, cancelled)
                    t = threading.Thread(target=_run_core, args=args, daemon=True)
                    t.start()
                    threads.append(t)
        finally:
            if main:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        try:
            _wait(hs, threads)
        except KeyboardInterrupt:
            cancelled.set()
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


def _wait(hs: list[highspy.Highs], threads: list[threading.Thread]) -> None:
    """Wait in short steps (so that Ctrl-C arrives) until every solve has ended."""
    if threads:
        for t in threads:
            while t.is_alive():
                t.join(0.1)
    else:
        while not hs[0].wait(0.1)[0]:
            pass


def _run_core(
    h: highspy.Highs, prepare: Callable[[], None] | None, cancelled: threading.Event
) -> None:
    """Prepare and run one HiGHS instance in the calling thread (C++ ``run``, GIL released).

    ``prepare`` only speeds the solve up (a starting basis): if it fails, the instance is solved
    from HiGHS's own start, with a warning, rather than left unsolved.
    """
    if prepare is not None:
        try:
            prepare()
        except Exception as exc:  # noqa: BLE001 (any failure of the start: solve without it)
            h.clearSolver()
            warnings.warn(
                f"the starting basis could not be made ({type(exc).__name__}: {exc}); "
                "this block is solved from HiGHS's own start",
                RuntimeWarning,
                stacklevel=1,
            )
    if not cancelled.is_set():
        highspy._core._Highs.run(h)


def basis_of(col_status: np.ndarray, row_status: np.ndarray) -> highspy.HighsBasis:
    """Make a :class:`highspy.HighsBasis` of these statuses (``HighsBasisStatus`` values).

    The basis is *alien* (highspy's default): HiGHS completes and repairs it (a wrong number of
    basic variables, a singular basis matrix) instead of refusing it.
    """
    st = highspy.HighsBasisStatus
    basis = highspy.HighsBasis()
    basis.col_status = [st(int(v)) for v in col_status]
    basis.row_status = [st(int(v)) for v in row_status]
    basis.valid = True
    return basis


def statuses_of(basis: highspy.HighsBasis) -> tuple[np.ndarray, np.ndarray]:
    """(column, row) statuses of a HiGHS basis as int8 arrays."""
    cols = np.fromiter((int(v) for v in basis.col_status), np.int8, len(basis.col_status))
    rows = np.fromiter((int(v) for v in basis.row_status), np.int8, len(basis.row_status))
    return cols, rows


def option(h: highspy.Highs, name: str) -> bool | int | float | str:
    """Value of a HiGHS option (highspy returns ``(status, value)``)."""
    got = h.getOptionValue(name)
    return got[1] if isinstance(got, tuple) else got


@contextlib.contextmanager
def live_progress(hs: list[highspy.Highs]) -> Iterator[None]:
    """Feed HiGHS's log to the active progress reporter (:mod:`solvers.progress`), if any.

    With several instances solving side by side (the year blocks) all their logs feed the one
    progress line.
    """
    reporter = progress.current()
    if reporter is None:
        yield
        return
    shown = reporter.new()
    flags = [(option(h, "output_flag"), option(h, "log_to_console")) for h in hs]
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
