"""Typical days for the sizing LP: clustering, storage linking data, expansion, comparison.

Each year's 365 days × 24 h of (load, wind capacity factor, solar capacity factor) are clustered
with tsam (``tsam.aggregate``, hierarchical clustering, medoid representation) into N
representative days, the peak-load day and the lowest-renewable day kept as days of their own.
The representative days' profiles are then rescaled (tsam's ``preserve_column_means``, extreme
days left untouched) so that the weighted yearly sums of load, wind and solar equal the real
yearly sums: the yearly targets, the energy costs and the capacity factors stay yearly (the
capacity-factor drift of GenX #659 is measured before the rescaling and reported).

:meth:`TypicalDays.lp_data` turns a full-hour :class:`~solvers.lp.LPData` into the aggregated one:
representative hours weighted by the number of days each stands for, and the year's day sequence,
which :func:`solvers.lp.build_model` uses to link storage across days (Kotzur et al. 2018; the
equations are in ``docs/tsa.md``). The plan is always checked by the dispatch core on every hour
(:func:`solvers.sizing.size`).

:func:`compare_typical_days` sizes a scenario on all hours and with N typical days and tabulates
speed-up, objective error, capacity error and the shares of the full-hour simulation.
"""

from __future__ import annotations

import dataclasses
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulator.core.errors import InputError
from simulator.core.profiles import Profiles
from simulator.core.scenario import HOURS_PER_YEAR
from solvers.lp import LPData

__all__ = [
    "DAYS_PER_YEAR",
    "HOURS_PER_DAY",
    "TypicalDays",
    "typical_days",
]

HOURS_PER_DAY = 24
DAYS_PER_YEAR = HOURS_PER_YEAR // HOURS_PER_DAY  # 365

#: Columns clustered by tsam (``renewable_cf`` only selects the lowest-renewable day).
_COLUMNS = ("load_mw", "wind_cf", "solar_cf")
#: Clustering weight of the helper column ``renewable_cf`` (it must not steer the clusters).
_HELPER_WEIGHT = 1e-3


@dataclass(frozen=True, eq=False)
class TypicalDays:
    """Representative days of every year of a horizon and the day sequence that links them.

    All years have the same number of representative days P (a year whose clustering gave fewer
    is padded with copies of its first representative day of weight 0, which no real day uses).

    Attributes
    ----------
    n_days : int
        Representative days requested per year (extreme days included).
    load_mw, wind_cf, solar_cf : numpy.ndarray
        Profiles of the representative days [MW, 1, 1], shape ``(years, P * 24)``; day p is
        hours ``p * 24 ... p * 24 + 23``.
    days_represented : numpy.ndarray
        How many real days each representative day stands for [d], shape ``(years, P)``; each
        row sums to 365.
    day_sequence : numpy.ndarray
        Representative day of each real day of the year, shape ``(years, 365)``, values 0..P−1.
    medoid_day : numpy.ndarray
        Day of the year (0..364) whose real profile each representative day is (before the
        rescaling), shape ``(years, P)``; −1 for padding.
    extreme_days : list of list of int
        Per year: representative-day indices of the kept extreme days (peak load, lowest
        renewable).
    drift_before_rescale : pandas.DataFrame
        Per year and column (load_mw, wind_cf, solar_cf): weighted yearly sum of the medoids
        divided by the real yearly sum, minus 1 [1] (the capacity-factor drift of GenX #659).
    drift_after_rescale : pandas.DataFrame
        The same after the rescaling (≈ 0; tsam's tolerance is 1e-6).
    tsa_s : float
        Wall time of the clustering [s].
    method : str
        tsam clustering method.
    """

    n_days: int
    load_mw: np.ndarray
    wind_cf: np.ndarray
    solar_cf: np.ndarray
    days_represented: np.ndarray
    day_sequence: np.ndarray
    medoid_day: np.ndarray
    extreme_days: list[list[int]]
    drift_before_rescale: pd.DataFrame
    drift_after_rescale: pd.DataFrame
    tsa_s: float
    method: str

    @property
    def years(self) -> int:
        """Number of years."""
        return self.day_sequence.shape[0]

    @property
    def periods(self) -> int:
        """Representative days per year P (padding included)."""
        return self.days_represented.shape[1]

    def hour_weight(self) -> np.ndarray:
        """Weight of each representative hour = days represented [1], shape ``(years, P*24)``."""
        return np.repeat(self.days_represented.astype(float), HOURS_PER_DAY, axis=1)

    def lp_data(self, full: LPData) -> LPData:
        """Return the aggregated LP data: ``full`` with the representative hours in its place.

        Parameters
        ----------
        full : LPData
            The full-hour data of the same scenario (costs, limits, targets are kept).

        Returns
        -------
        LPData
            Hours = P × 24 per year, ``weight`` = days represented, ``hour_of_day`` = t mod 24,
            ``period_hours = 24`` and ``day_sequence``, so that storage links across days.
        """
        if full.years != self.years:
            raise ValueError(f"LP data has {full.years} years, typical days {self.years}")
        return dataclasses.replace(
            full,
            load_mw=self.load_mw,
            wind_cf=self.wind_cf,
            solar_cf=self.solar_cf,
            weight=self.hour_weight(),
            hour_of_day=np.arange(self.periods * HOURS_PER_DAY) % HOURS_PER_DAY,
            period_hours=HOURS_PER_DAY,
            day_sequence=self.day_sequence,
        )

    def expand(self, values: np.ndarray) -> np.ndarray:
        """Lay representative-hour values out on the calendar through the day sequence.

        Parameters
        ----------
        values : numpy.ndarray
            Shape ``(years, P * 24)``.

        Returns
        -------
        numpy.ndarray
            Shape ``(years, 8760)``: hour h of real day d takes the value of hour h of its
            representative day.
        """
        v = np.asarray(values).reshape(self.years, self.periods, HOURS_PER_DAY)
        out = np.take_along_axis(v, self.day_sequence[:, :, None], axis=1)
        return out.reshape(self.years, HOURS_PER_YEAR)

    def summary(self) -> dict:
        """JSON-ready description (for ``plan.json``'s ``typical_days`` key)."""
        return {
            "n_days": self.n_days,
            "representative_days_per_year": int(self.periods),
            "method": self.method,
            "days_represented": self.days_represented.tolist(),
            "medoid_day": self.medoid_day.tolist(),
            "extreme_days": self.extreme_days,
            "cf_drift_before_rescale": _drift_records(self.drift_before_rescale),
            "cf_drift_after_rescale": _drift_records(self.drift_after_rescale),
            "tsa_s": self.tsa_s,
        }


def _drift_records(df: pd.DataFrame) -> list[dict]:
    return [{"year": int(y), **{c: float(r[c]) for c in df.columns}} for y, r in df.iterrows()]


def _check_tsam() -> object:
    try:
        import tsam
    except ModuleNotFoundError as exc:  # pragma: no cover - tsam is a dependency
        raise InputError("typical_days", None, "needs the tsam package") from exc
    if not hasattr(tsam, "aggregate"):  # pragma: no cover - tsam < 3 has another API
        raise InputError(
            "typical_days",
            None,
            f"needs tsam ≥ 3 (functional API tsam.aggregate); installed {tsam.__version__}",
        )
    return tsam


def _cluster_year(
    tsam: object,
    load: np.ndarray,
    wind: np.ndarray,
    solar: np.ndarray,
    n_days: int,
    method: str,
    rescale: bool,
    extreme_method: str | None = "append",
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """Cluster one year; return (profiles (P, 3, 24), counts (P,), sequence (365,), medoids, ex)."""
    if n_days >= DAYS_PER_YEAR:  # every day is its own representative: the exact LP
        prof = np.stack([a.reshape(DAYS_PER_YEAR, HOURS_PER_DAY) for a in (load, wind, solar)], 1)
        days = np.arange(DAYS_PER_YEAR)
        return prof, np.ones(DAYS_PER_YEAR), days, days, []
    df = pd.DataFrame(
        {
            "load_mw": load,
            "wind_cf": wind,
            "solar_cf": solar,
            "renewable_cf": wind + solar,
        },
        index=pd.date_range("2001-01-01", periods=HOURS_PER_YEAR, freq="h"),
    )
    n_extreme = 2 if n_days >= 3 and extreme_method else 0
    extremes = (
        tsam.ExtremeConfig(
            method=extreme_method, max_value=["load_mw"], min_period=["renewable_cf"]
        )
        if n_extreme
        else None
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = tsam.aggregate(
            df,
            n_clusters=n_days - n_extreme,
            period_duration=HOURS_PER_DAY,
            cluster=tsam.ClusterConfig(method=method, representation="medoid"),
            extremes=extremes,
            weights={"renewable_cf": _HELPER_WEIGHT},
            preserve_column_means=rescale,
            rescale_exclude_columns=["renewable_cf"],
        )
    rep = res.cluster_representatives
    ids = sorted(int(i) for i in rep.index.get_level_values(0).unique())
    pos = {c: k for k, c in enumerate(ids)}
    prof = np.stack(
        [
            np.stack([rep.loc[c][col].to_numpy(float) for col in _COLUMNS])  # (3, 24)
            for c in ids
        ]
    )
    seq = np.array([pos[int(c)] for c in res.cluster_assignments], dtype=np.int64)
    counts = np.bincount(seq, minlength=len(ids)).astype(float)
    centers = res.clustering.cluster_centers
    medoids = np.array(
        [int(centers[c]) if centers is not None and c < len(centers) else -1 for c in ids]
    )
    ex_idx = res.clustering.extreme_cluster_indices or ()
    extreme = [pos[int(c)] for c in ex_idx if int(c) in pos]
    return prof, counts, seq, medoids, extreme


def typical_days(
    profiles: Profiles,
    n_days: int,
    *,
    method: str = "hierarchical",
    rescale: bool = True,
    year_labels: Sequence[int] | None = None,
    extreme_method: str | None = "append",
) -> TypicalDays:
    """Cluster each year's days into ``n_days`` representative days (tsam).

    Parameters
    ----------
    profiles : Profiles
        Hourly load [MW] and capacity factors [1] of the horizon (``years × 8760``).
    n_days : int
        Representative days per year, the peak-load day and the lowest-renewable day (lowest
        daily sum of wind_cf + solar_cf) included as days of their own (for ``n_days ≥ 3``);
        ``n_days ≥ 365`` uses every day (the aggregated LP then equals the full-hour LP).
    method : str
        tsam clustering method (``hierarchical`` (default, deterministic), ``kmedoids``,
        ``contiguous``, ``kmeans``, ...); the representation is always the medoid.
    rescale : bool
        Rescale the non-extreme representative days so that the weighted yearly sums of load,
        wind and solar equal the real ones (default True).
    year_labels : sequence of int, optional
        Calendar years for the drift tables; default 0, 1, ...
    extreme_method : {"append", "new_cluster", "replace"} or None
        tsam's handling of the two extreme days: ``"append"`` (default) adds each as a
        representative day standing for itself only; ``"new_cluster"`` also moves the days
        nearest to it into its cluster (on the built-in zero-carbon parks 1–5 points worse
        objective); None keeps no extreme days.

    Returns
    -------
    TypicalDays

    Raises
    ------
    InputError
        ``n_days < 1``.
    """
    if int(n_days) != n_days or n_days < 1:
        raise InputError("n_days", None, "must be an integer ≥ 1")
    n_days = int(n_days)
    t0 = time.perf_counter()
    years = profiles.years
    labels = list(range(years)) if year_labels is None else [int(v) for v in year_labels]
    tsam = _check_tsam() if n_days < DAYS_PER_YEAR else None
    per_year = []
    raw = {c: np.asarray(getattr(profiles, c), float).reshape(years, -1) for c in _COLUMNS}
    for y in range(years):
        ly, wy, sy = (raw[c][y] for c in _COLUMNS)
        per_year.append(_cluster_year(tsam, ly, wy, sy, n_days, method, rescale, extreme_method))
    n_rep = max(p[0].shape[0] for p in per_year)
    prof = np.zeros((years, n_rep, 3, HOURS_PER_DAY))
    counts = np.zeros((years, n_rep))
    medoid = np.full((years, n_rep), -1, dtype=np.int64)
    seq = np.zeros((years, DAYS_PER_YEAR), dtype=np.int64)
    extremes = []
    for y, (pr, cn, sq, md, ex) in enumerate(per_year):
        k = pr.shape[0]
        prof[y, :k], counts[y, :k], medoid[y, :k], seq[y] = pr, cn, md, sq
        prof[y, k:] = pr[0]  # padding: weight 0, used by no real day
        extremes.append(ex)
    before, after = _drift(raw, prof, counts, medoid)
    idx = pd.Index(labels, name="year")
    ro = {
        c: np.ascontiguousarray(prof[:, :, j, :].reshape(years, -1)) for j, c in enumerate(_COLUMNS)
    }
    return TypicalDays(
        n_days=n_days,
        load_mw=ro["load_mw"],
        wind_cf=np.clip(ro["wind_cf"], 0.0, 1.0),
        solar_cf=np.clip(ro["solar_cf"], 0.0, 1.0),
        days_represented=counts,
        day_sequence=seq,
        medoid_day=medoid,
        extreme_days=extremes,
        drift_before_rescale=pd.DataFrame(before, index=idx),
        drift_after_rescale=pd.DataFrame(after, index=idx),
        tsa_s=time.perf_counter() - t0,
        method=method,
    )


def _drift(
    raw: dict[str, np.ndarray], prof: np.ndarray, counts: np.ndarray, medoid: np.ndarray
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Relative error of the weighted yearly sums before and after rescaling, per column [1]."""
    years = counts.shape[0]
    before, after = {}, {}
    for j, col in enumerate(_COLUMNS):
        real = raw[col].sum(axis=1)
        real_safe = np.where(real != 0, real, 1.0)
        agg = (counts[:, :, None] * prof[:, :, j, :]).sum(axis=(1, 2))
        after[col] = np.where(real != 0, agg / real_safe - 1.0, 0.0)
        days = raw[col].reshape(years, DAYS_PER_YEAR, HOURS_PER_DAY).sum(axis=2)
        med = np.where(medoid >= 0, np.take_along_axis(days, np.maximum(medoid, 0), 1), 0.0)
        before[col] = np.where(real != 0, (counts * med).sum(axis=1) / real_safe - 1.0, 0.0)
    return before, after


# ---- comparison with the full-hour LP ----------------------------------------------------------
