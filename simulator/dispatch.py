"""The rule-based hourly dispatch core (no foresight), compiled with numba.

The rules are the contract of ``docs/model.md`` § Dispatch; :func:`_dispatch_hour` is the one place
they are written. Two kernels call it:

* :func:`dispatch_hourly` — one park, every hourly flow written out;
* :func:`dispatch_yearly_sums_batch` — many parks at once over the same weather, yearly sums only,
  the scenario axis innermost and contiguous (SIMD across scenarios) and parallel over chunks
  (the kernel of the sweeps, ``simulator.sweep``).

Both take arrays and return arrays; no I/O, no pandas.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from simulator.vocabulary import FLOW_NAMES, SUM_NAMES

__all__ = [
    "FLOWS",
    "SUMS",
    "dispatch_hourly",
    "dispatch_yearly_sums_batch",
]

#: Rows of the hourly output of :func:`dispatch_hourly` [MW, SOC in MWh at the end of the hour]
#: (:data:`simulator.vocabulary.FLOWS`).
FLOWS = FLOW_NAMES
F_D, F_C, F_Q, F_SOC, F_E, F_K, F_G, F_I, F_U = range(len(FLOWS))

#: Columns of the yearly sums [MWh, except the peak in MW and the hour count]
#: (:data:`simulator.vocabulary.SUMS`).
SUMS = SUM_NAMES
(
    S_L,
    S_WA,
    S_SA,
    S_D,
    S_C,
    S_Q,
    S_E,
    S_K,
    S_G,
    S_I,
    S_U,
    S_PI,
    S_UH,
) = range(len(SUMS))


@njit(inline="always", fastmath=False)
def _dispatch_hour(
    load_mw: float,
    avail_mw: float,
    soc_mwh: float,
    storage_mwh: float,
    storage_mw: float,
    eta_c: float,
    eta_d: float,
    min_soc: float,
    keep: float,
    coal_min_mw: float,
    coal_mw: float,
    import_max_mw: float,
    export_max_mw: float,
):
    """One hour of the dispatch rules (docs/model.md, rules 1-7); ``keep`` = 1 − self-discharge.

    Returns (d, c, q, soc_next, e, k, g, i, u).
    """
    # 2. coal must-run, residual load
    g0 = min(coal_min_mw, load_mw)
    r = load_mw - g0
    # 3. renewable straight to load; surplus and deficit
    d = min(avail_mw, r)
    x = avail_mw - d
    dd = r - d
    # 4. self-discharge
    s1 = soc_mwh * keep
    # 5. surplus: charge, export, curtail
    c = min(x, storage_mw, max(0.0, (storage_mwh - s1) / eta_c))
    e = min(x - c, export_max_mw)
    k = x - c - e
    # 6. deficit: discharge, coal above must-run, import, unserved
    q = min(dd, storage_mw, max(0.0, (s1 - min_soc * storage_mwh) * eta_d))
    g_up = min(dd - q, coal_mw - coal_min_mw)
    i = min(dd - q - g_up, import_max_mw)
    u = dd - q - g_up - i
    # 7. state of charge
    soc_next = s1 + c * eta_c - q / eta_d
    return d, c, q, soc_next, e, k, g0 + g_up, i, u


@njit(inline="always")
def _accumulate(acc, j, load, wa, sa, d, c, q, e, k, g, i, u):
    """Add one hour of scenario ``j`` to the yearly sums ``acc`` (rows as in :data:`SUMS`)."""
    acc[S_L, j] += load
    acc[S_WA, j] += wa
    acc[S_SA, j] += sa
    acc[S_D, j] += d
    acc[S_C, j] += c
    acc[S_Q, j] += q
    acc[S_E, j] += e
    acc[S_K, j] += k
    acc[S_G, j] += g
    acc[S_I, j] += i
    acc[S_U, j] += u
    acc[S_PI, j] = max(acc[S_PI, j], i)
    acc[S_UH, j] += 1.0 if u > 1e-9 else 0.0


@njit(cache=True)
def dispatch_hourly(
    load_mw: np.ndarray,
    wind_cf: np.ndarray,
    solar_cf: np.ndarray,
    wind_mw: np.ndarray,
    solar_mw: np.ndarray,
    storage_mwh: np.ndarray,
    storage_mw: np.ndarray,
    hours_per_year: int,
    charge_efficiency: float,
    discharge_efficiency: float,
    min_soc: float,
    initial_soc: float,
    self_discharge_per_hour: float,
    coal_mw: float,
    coal_min_load_share: float,
    import_max_mw: float,
    export_max_mw: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Dispatch one park hour by hour over a multi-year horizon.

    Parameters
    ----------
    load_mw, wind_cf, solar_cf : numpy.ndarray
        Hourly load [MW] and capacity factors [1], ``years * hours_per_year`` values.
    wind_mw, solar_mw, storage_mwh, storage_mw : numpy.ndarray
        Capacities of each year [MW, MWh], ``years`` values.
    hours_per_year : int
        Hours in a year (8760).
    charge_efficiency, discharge_efficiency : float
        η_c, η_d [1].
    min_soc, initial_soc : float
        Lowest and initial state of charge as shares of the energy capacity [1].
    self_discharge_per_hour : float
        Share of stored energy lost per hour [1/h].
    coal_mw : float
        Captive coal capacity C [MW] (0 without coal).
    coal_min_load_share : float
        Must-run share of the coal capacity [1].
    import_max_mw, export_max_mw : float
        Grid connection limits [MW].

    Returns
    -------
    flows : numpy.ndarray
        Shape ``(len(FLOWS), hours)``: the flows named in :data:`FLOWS` [MW], SOC [MWh].
    sums : numpy.ndarray
        Shape ``(years, len(SUMS))``: the yearly sums named in :data:`SUMS`, accumulated hour by
        hour in the same order as :func:`dispatch_yearly_sums_batch` (so both agree bit for bit).
    """
    n = load_mw.shape[0]
    years = wind_mw.shape[0]
    out = np.empty((len(FLOWS), n))
    sums = np.zeros((years, len(SUMS)))
    acc = np.zeros((len(SUMS), 1))
    keep = 1.0 - self_discharge_per_hour
    coal_min_mw = coal_min_load_share * coal_mw
    soc = initial_soc * storage_mwh[0]
    for y in range(years):
        acc[:, :] = 0.0
        w_mw = wind_mw[y]
        s_mw = solar_mw[y]
        e_mwh = storage_mwh[y]
        p_mw = storage_mw[y]
        # SOC carries over the year boundary; only energy above a smaller new capacity is lost.
        soc = min(soc, e_mwh)
        for t in range(y * hours_per_year, (y + 1) * hours_per_year):
            wa = w_mw * wind_cf[t]
            sa = s_mw * solar_cf[t]
            d, c, q, soc, e, k, g, i, u = _dispatch_hour(
                load_mw[t],
                wa + sa,
                soc,
                e_mwh,
                p_mw,
                charge_efficiency,
                discharge_efficiency,
                min_soc,
                keep,
                coal_min_mw,
                coal_mw,
                import_max_mw,
                export_max_mw,
            )
            out[F_D, t] = d
            out[F_C, t] = c
            out[F_Q, t] = q
            out[F_SOC, t] = soc
            out[F_E, t] = e
            out[F_K, t] = k
            out[F_G, t] = g
            out[F_I, t] = i
            out[F_U, t] = u
            _accumulate(acc, 0, load_mw[t], wa, sa, d, c, q, e, k, g, i, u)
        sums[y, :] = acc[:, 0]
    return out, sums


@njit(cache=True, parallel=True)
def dispatch_yearly_sums_batch(
    load_mw: np.ndarray,
    wind_cf: np.ndarray,
    solar_cf: np.ndarray,
    wind_mw: np.ndarray,
    solar_mw: np.ndarray,
    storage_mwh: np.ndarray,
    storage_mw: np.ndarray,
    load_scale: np.ndarray,
    charge_efficiency: np.ndarray,
    discharge_efficiency: np.ndarray,
    coal_min_load_share: np.ndarray,
    import_max_mw: np.ndarray,
    export_max_mw: np.ndarray,
    hours_per_year: int,
    min_soc: float,
    initial_soc: float,
    self_discharge_per_hour: float,
    coal_mw: float,
    chunk: int,
) -> np.ndarray:
    """Dispatch many parks over the same hourly weather and load shape; yearly sums only (SIMD).

    The same rules (``_dispatch_hour``) and sums (``_accumulate``), in the same order, as
    :func:`dispatch_hourly`, so each scenario's sums equal it bit for bit; the loop nest is written
    so that LLVM vectorises the loop over scenarios (about 5x faster per core on AVX-512):

    * years run outermost and the parallel loop over chunks of scenarios runs inside each year, so
      the parallel body touches nothing but whole arrays that the caller owns (the per-year
      capacities are copied to 1-D arrays first). It creates no views, and numba then marks the
      arrays ``noalias`` in the parallel body: the compiler needs no run-time overlap checks, of
      which the 13 accumulators would need too many;
    * scenario indices are unsigned, so indexing needs no negative-index wrap-around and the
      addresses are affine in the loop counter;
    * the accumulators are one ``(len(SUMS), n)`` array, the state of charge one ``(n,)`` array,
      both updated in place hour by hour.

    Parameters
    ----------
    load_mw, wind_cf, solar_cf : numpy.ndarray
        Hourly load [MW] and capacity factors [1], ``years * hours_per_year`` values.
    wind_mw, solar_mw, storage_mwh, storage_mw : numpy.ndarray
        Capacities, shape ``(years, n)`` [MW, MWh].
    load_scale : numpy.ndarray
        Multiplier of the load of each scenario [1], shape ``(n,)``.
    charge_efficiency, discharge_efficiency, coal_min_load_share : numpy.ndarray
        Per-scenario parameters [1], shape ``(n,)``.
    import_max_mw, export_max_mw : numpy.ndarray
        Per-scenario grid limits [MW], shape ``(n,)``.
    hours_per_year : int
        Hours in a year (8760).
    min_soc, initial_soc, self_discharge_per_hour, coal_mw : float
        As in :func:`dispatch_hourly`.
    chunk : int
        Scenarios per parallel chunk (64 fits the working set in a 32 KiB L1 cache).

    Returns
    -------
    numpy.ndarray
        Shape ``(years, len(SUMS), n)``: the yearly sums of :data:`SUMS` of every scenario.
    """
    n = wind_mw.shape[1]
    years = wind_mw.shape[0]
    nsum = len(SUMS)
    out = np.zeros((years, nsum, n))
    keep = 1.0 - self_discharge_per_hour
    n_chunks = (n + chunk - 1) // chunk
    soc = np.empty(n)
    gmin = np.empty(n)
    for j in range(n):
        soc[j] = initial_soc * storage_mwh[0, j]
        gmin[j] = coal_min_load_share[j] * coal_mw
    # Row stride of the accumulators: when n·8 bytes is a multiple of 4 KiB, the 13 rows map to
    # the same L1 cache sets and the kernel runs ~7x slower (seen at n = 16,384); pad the rows.
    stride = n + 8 if (n * 8) % 4096 == 0 else n
    acc = np.zeros((nsum, stride))
    for y in range(years):
        acc[:, :] = 0.0
        wy = wind_mw[y].copy()
        sy = solar_mw[y].copy()
        ey = storage_mwh[y].copy()
        py = storage_mw[y].copy()
        t0 = y * hours_per_year
        t1 = t0 + hours_per_year
        for ci in prange(n_chunks):
            lo = np.uint64(ci * chunk)
            hi = np.uint64(min(n, ci * chunk + chunk))
            for j in range(lo, hi):
                # SOC carries over the year boundary; energy above a smaller new store is lost.
                soc[j] = min(soc[j], ey[j])
            for t in range(t0, t1):
                lt = load_mw[t]
                wt = wind_cf[t]
                st = solar_cf[t]
                for j in range(lo, hi):
                    load = lt * load_scale[j]
                    wa = wy[j] * wt
                    sa = sy[j] * st
                    d, c, q, s_next, e, k, g, i, u = _dispatch_hour(
                        load,
                        wa + sa,
                        soc[j],
                        ey[j],
                        py[j],
                        charge_efficiency[j],
                        discharge_efficiency[j],
                        min_soc,
                        keep,
                        gmin[j],
                        coal_mw,
                        import_max_mw[j],
                        export_max_mw[j],
                    )
                    soc[j] = s_next
                    _accumulate(acc, j, load, wa, sa, d, c, q, e, k, g, i, u)
        out[y] = acc[:, :n]
    return out
