"""Chronological segments for the sizing LP: every hour kept in order, similar neighbours merged.

Typical days (:mod:`solvers.tsa`) give every real day of a cluster one shared dispatch, which makes
storage-heavy parks look 4–6% dearer than they are (``docs/tsa.md``). Chronological segments keep
the year's sequence instead (Pineda & Morales 2018, "Chronological time-period clustering for
optimal capacity expansion planning with storage", IEEE TPWRS 33(6)): each year's 8760 hours are
cut into K runs of consecutive hours of similar load, wind, solar and import price, and the LP
works on the runs' mean values with their durations as weights. Storage stays chronological over
the whole year (``storage_soc`` with the run's duration, ``docs/segments.md``), so energy can move
from a windy week to a calm one exactly as in the full-hour LP.

The runs come from agglomerative clustering restricted to neighbours (Ward's criterion): starting
from single hours, the adjacent pair whose merge adds least to the within-run sum of squares is
merged until K runs remain. Any full-hour dispatch averaged over the runs is a dispatch of the
run LP (every constraint is linear with coefficients constant on a run, and the state of charge
at run ends is the same), so with a flat import price and no self-discharge the run LP's optimum
is a lower bound of the full-hour optimum (tested); its error is optimistic and shrinks with K.
Every plan is still simulated on all hours (:func:`solvers.sizing.size`).
"""

from __future__ import annotations

import dataclasses
import heapq
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from simulator.core.errors import InputError
from simulator.core.profiles import Profiles
from simulator.core.scenario import HOURS_PER_YEAR
from solvers.lp import LPData

__all__ = ["Segments", "chronological_segments", "segment_starts"]

#: Columns whose run means the LP uses.
_COLUMNS = ("load_mw", "wind_cf", "solar_cf")


def segment_starts(features: np.ndarray, n_segments: int) -> np.ndarray:
    """Cut a sequence into runs of similar consecutive rows (adjacency-constrained Ward).

    Parameters
    ----------
    features : numpy.ndarray
        Shape ``(T, F)``: one row per hour, columns already scaled to comparable ranges.
    n_segments : int
        Runs wanted K (1 ≤ K; K ≥ T keeps every row).

    Returns
    -------
    numpy.ndarray
        First row of each run, increasing, starting with 0, shape ``(min(K, T),)``.

    Notes
    -----
    Merging runs a and b (neighbours) adds n_a n_b / (n_a + n_b) · ‖μ_a − μ_b‖² to the
    within-run sum of squares; the cheapest merge is done first (a heap with lazy deletion,
    O(T log T)). Ties go to the earlier pair, so the result is deterministic.
    """
    x = np.asarray(features, dtype=float)
    if x.ndim != 2:
        raise ValueError("features must have shape (T, F)")
    t_len = x.shape[0]
    k = max(1, min(int(n_segments), t_len))
    n = [1.0] * t_len
    s = x.tolist()
    nxt = list(range(1, t_len + 1))
    prv = list(range(-1, t_len - 1))
    ver = [0] * t_len
    alive = [True] * t_len

    def cost(a: int, b: int) -> float:
        na, nb = n[a], n[b]
        d = 0.0
        for u, v in zip(s[a], s[b], strict=True):
            diff = u / na - v / nb
            d += diff * diff
        return na * nb / (na + nb) * d

    heap = [(cost(a, a + 1), a, 0, 0) for a in range(t_len - 1)]
    heapq.heapify(heap)
    count = t_len
    while count > k and heap:
        _, a, va, vb = heapq.heappop(heap)
        b = nxt[a]
        if not alive[a] or ver[a] != va or b >= t_len or ver[b] != vb:
            continue
        n[a] += n[b]
        s[a] = [u + v for u, v in zip(s[a], s[b], strict=True)]
        alive[b] = False
        nb = nxt[b]
        nxt[a] = nb
        if nb < t_len:
            prv[nb] = a
        ver[a] += 1
        count -= 1
        p = prv[a]
        if p >= 0:
            heapq.heappush(heap, (cost(p, a), p, ver[p], ver[a]))
        if nb < t_len:
            heapq.heappush(heap, (cost(a, nb), a, ver[a], ver[nb]))
    return np.flatnonzero(alive).astype(np.int64)


@dataclass(frozen=True, eq=False)
class Segments:
    """Chronological runs of hours of every year of a horizon.

    Attributes
    ----------
    n_segments : int
        Runs per year K.
    starts : numpy.ndarray
        First hour of the year (0..8759) of each run, shape ``(years, K)``.
    step_hours : numpy.ndarray
        Duration of each run [h], shape ``(years, K)``; each row sums to 8760.
    load_mw, wind_cf, solar_cf : numpy.ndarray
        Mean load [MW] and capacity factors [1] of each run, shape ``(years, K)``.
    import_price_per_mwh : numpy.ndarray
        Hour-weighted mean time-of-use import price of each run [currency/MWh], ``(years, K)``.
    price_weight : float
        Weight of the scaled import price among the clustering features.
    tsa_s : float
        Wall time of the segmentation [s].
    """

    n_segments: int
    starts: np.ndarray
    step_hours: np.ndarray
    load_mw: np.ndarray
    wind_cf: np.ndarray
    solar_cf: np.ndarray
    import_price_per_mwh: np.ndarray
    price_weight: float
    tsa_s: float

    @property
    def years(self) -> int:
        """Number of years."""
        return self.starts.shape[0]

    @property
    def periods(self) -> int:
        """Runs per year K (the modelled steps of the LP)."""
        return self.starts.shape[1]

    def lp_data(self, full: LPData) -> LPData:
        """Return the run LP's data: ``full`` with the runs in place of the hours.

        Parameters
        ----------
        full : LPData
            Full-hour data of the same scenario (costs, limits and targets are kept).

        Returns
        -------
        LPData
            K steps per year with ``weight = step_hours`` = the runs' durations [h],
            ``step_import_price_per_mwh`` = the runs' mean import prices and
            ``process_demand_mwh`` = the runs' mean product demand.
        """
        if full.years != self.years:
            raise ValueError(f"LP data has {full.years} years, segments {self.years}")
        demand = full.process_demand_mwh  # (processes, years, 8760): each run's mean
        runs = np.zeros((demand.shape[0], self.years, self.periods))
        for y in range(self.years):
            starts = self.starts[y]
            runs[:, y] = np.add.reduceat(demand[:, y], starts, axis=1) / self.step_hours[y]
        return dataclasses.replace(
            full,
            process_demand_mwh=runs,
            load_mw=self.load_mw,
            wind_cf=self.wind_cf,
            solar_cf=self.solar_cf,
            weight=self.step_hours,
            hour_of_day=np.zeros(self.periods, dtype=np.int64),
            step_hours=self.step_hours,
            step_import_price_per_mwh=self.import_price_per_mwh,
        )

    def expand(self, values: np.ndarray) -> np.ndarray:
        """Lay per-run values out on the hours of the year (each hour takes its run's value).

        Parameters
        ----------
        values : numpy.ndarray
            Shape ``(years, K)``.

        Returns
        -------
        numpy.ndarray
            Shape ``(years, 8760)``.
        """
        v = np.asarray(values)
        reps = self.step_hours.astype(np.int64)
        return np.stack([np.repeat(v[y], reps[y]) for y in range(self.years)])

    def summary(self) -> dict:
        """JSON-ready description (``plan.json`` key ``segments``)."""
        h = self.step_hours
        return {
            "n_segments": self.n_segments,
            "method": "chronological Ward (adjacent hours)",
            "price_weight": self.price_weight,
            "hours_per_segment_mean": float(h.mean()),
            "hours_per_segment_max": [int(v) for v in h.max(axis=1)],
            "single_hour_segments": [int(v) for v in (h == 1).sum(axis=1)],
            "tsa_s": self.tsa_s,
        }


def chronological_segments(
    profiles: Profiles,
    n_segments: int,
    import_price_by_hour: Sequence[float] | np.ndarray | float = 0.0,
    *,
    price_weight: float = 1.0,
) -> Segments:
    """Cut each year's hours into ``n_segments`` chronological runs (:func:`segment_starts`).

    Parameters
    ----------
    profiles : Profiles
        Hourly load [MW] and capacity factors [1] of the horizon (``years × 8760``).
    n_segments : int
        Runs per year K, 1 ≤ K; K ≥ 8760 keeps every hour (the run LP is then the full-hour LP).
    import_price_by_hour : sequence of float or float
        Import price by hour of day [currency/MWh] (24 values); it is a clustering feature (runs
        prefer not to mix price periods) and each run's price is its hour-weighted mean.
    price_weight : float
        Weight of the price feature (scaled to [0, 1] like the others); 0 = ignore prices.

    Returns
    -------
    Segments

    Raises
    ------
    InputError
        ``n_segments`` < 1 or not an integer.
    """
    if int(n_segments) != n_segments or n_segments < 1:
        raise InputError("--segments", None, "must be an integer ≥ 1")
    k = min(int(n_segments), HOURS_PER_YEAR)
    t0 = time.perf_counter()
    years = profiles.years
    raw = {c: np.asarray(getattr(profiles, c), float).reshape(years, -1) for c in _COLUMNS}
    price_h = np.broadcast_to(np.asarray(import_price_by_hour, float), (24,))
    price = np.tile(price_h, HOURS_PER_YEAR // 24)
    span = float(price.max() - price.min())
    price_feature = (price - price.min()) / span if span > 0 else np.zeros_like(price)
    out = {c: np.zeros((years, k)) for c in (*_COLUMNS, "price", "hours")}
    starts = np.zeros((years, k), dtype=np.int64)
    for y in range(years):
        load = raw["load_mw"][y]
        peak = float(np.max(np.abs(load))) or 1.0
        feats = np.column_stack(
            [load / peak, raw["wind_cf"][y], raw["solar_cf"][y], price_weight * price_feature]
        )
        st = segment_starts(feats, k)
        if st.shape[0] != k:  # pragma: no cover - segment_starts returns exactly min(K, T)
            raise RuntimeError("segmentation returned a wrong number of runs")
        hours = np.diff(np.append(st, HOURS_PER_YEAR)).astype(float)
        starts[y] = st
        out["hours"][y] = hours
        for c in _COLUMNS:
            out[c][y] = np.add.reduceat(raw[c][y], st) / hours
        out["price"][y] = np.add.reduceat(price, st) / hours
    return Segments(
        n_segments=k,
        starts=starts,
        step_hours=out["hours"],
        load_mw=out["load_mw"],
        wind_cf=np.clip(out["wind_cf"], 0.0, 1.0),
        solar_cf=np.clip(out["solar_cf"], 0.0, 1.0),
        import_price_per_mwh=out["price"],
        price_weight=float(price_weight),
        tsa_s=time.perf_counter() - t0,
    )
