"""How to size a park: the options of :func:`solvers.sizing.size`, checked once."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from simulator.core.errors import InputError
from solvers.highs_run import check_solver_options

if TYPE_CHECKING:
    from solvers.highs import WarmStart
    from solvers.segments import Segments
    from solvers.tsa import TypicalDays

__all__ = ["SizeOptions"]


@dataclass(frozen=True)
class SizeOptions:
    """Options of a sizing (:func:`solvers.sizing.size`), checked when made.

    Attributes
    ----------
    assure : bool
        Raise the LP targets until the rule-based dispatch of the plan meets every target.
    max_assure_iterations : int
        Most LP solves of the assure loop (the first solve included); also of the robust loop.
    assure_margin : float
        Added to each raise of a target [1] (0.002 = 0.2 percentage points).
    algorithm : str
        HiGHS ``solver`` option, one of :data:`simulator.core.vocabulary.SOLVER_ALGORITHMS`.
    threads : int, optional
        HiGHS ``threads`` option.
    time_limit_s : float, optional
        HiGHS time limit per LP solve [s].
    handoff : {"direct", "pyomo"}
        How the Pyomo model is handed to HiGHS (:func:`solvers.highs.solve_model`); the assure
        loop and ``warm_start`` warm-start only with ``"direct"``.
    best_effort : bool
        When targets are unreachable, also solve for the cheapest plan that reaches the largest
        achievable shares (one more LP solve) and report it.
    log : bool
        Show HiGHS's log.
    typical_days : int or TypicalDays, optional
        Solve the LP on this many representative days per year (:func:`solvers.tsa.typical_days`,
        storage linked across the days of the year), or on given ones; None (default) = every
        hour. The plan is simulated on every hour either way.
    tsa_method : str
        tsam clustering method for an integer ``typical_days``.
    warm_start : WarmStart, optional
        Start the first LP solve from this basis (``result.warm_start`` of an earlier sizing of
        an LP of the same shape, e.g. the previous capex of a sweep); ignored (cold start) when
        the shapes differ. ``timing["warm_start"]`` says whether it was used.
    weather_years : int, optional
        Robust sizing: simulate every plan on this many synthesised weather years (``weather_year``,
        ``weather_year + 1``, ...; the LP is solved on the first) and raise the LP targets until
        each year's target is met in at least ceil(quantile × N) of them. Needs synthesised wind
        and solar (InputError with CSV profiles).
    quantile : float
        Wanted probability of meeting each year's target over the weather years, in (0, 1].
    weather_year : int
        Weather realisation of the profiles built by :func:`~solvers.sizing.size` (when it is given
        none) and first member of the robust ensemble.
    segments : int or Segments, optional
        Solve the LP on this many chronological runs of similar hours per year
        (:func:`solvers.segments.chronological_segments`, storage chronological over the whole
        year), or on given ones; not together with ``typical_days``. The plan is simulated on
        every hour either way.
    lp_path : {"years", "joint"}
        How the direct hand-off solves a multi-year LP (:class:`solvers.highs.HighsDirect`):
        ``years`` (default) solves one block per year side by side and joins them exactly
        (falling back to the joint LP, warm-started, when the yearly capacities decrease);
        ``joint`` solves the whole LP in one HiGHS run. Both reach the same optimum.

    Raises
    ------
    InputError
        Bad solver options (naming ``algorithm``, ``threads``, ``time_limit_s``), or
        ``segments`` together with ``typical_days``.
    """

    assure: bool = False
    max_assure_iterations: int = 5
    assure_margin: float = 0.002
    algorithm: str = "choose"
    threads: int | None = None
    time_limit_s: float | None = None
    handoff: Literal["direct", "pyomo"] = "direct"
    best_effort: bool = True
    log: bool = False
    typical_days: int | TypicalDays | None = None
    tsa_method: str = "hierarchical"
    warm_start: WarmStart | None = None
    weather_years: int | None = None
    quantile: float = 0.9
    weather_year: int = 0
    segments: int | Segments | None = None
    lp_path: str = "years"

    def __post_init__(self) -> None:
        check_solver_options(self.algorithm, self.threads, self.time_limit_s)
        if self.typical_days is not None and self.segments is not None:
            raise InputError("segments", None, "cannot be combined with typical_days")

    @classmethod
    def of(cls, options: SizeOptions | None = None, **fields: Any) -> SizeOptions:
        """Return ``options`` (default all defaults) with ``fields`` replaced.

        Raises
        ------
        TypeError
            A name that is not an option (as for an unknown keyword argument).
        """
        return dataclasses.replace(options or cls(), **fields)

    def solver(self) -> dict:
        """Return the HiGHS options as the solve functions take them (``algorithm``, ...)."""
        out: dict = {
            "algorithm": self.algorithm,
            "threads": self.threads,
            "time_limit_s": self.time_limit_s,
            "log": self.log,
        }
        if self.handoff == "direct":
            out["lp_path"] = self.lp_path
        return out
