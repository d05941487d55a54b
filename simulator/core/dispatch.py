"""The rule-based hourly dispatch core (no foresight), compiled with numba.

The rules are the contract of ``docs/model.md`` § Dispatch; :func:`_kernel` is the one place
they are written. Two entry points call it:

* :func:`dispatch_hourly` — one park, every hourly flow written out;
* :func:`dispatch_yearly_sums_batch` — many parks at once over the same weather, yearly sums only,
  the scenario axis innermost and contiguous and parallel over chunks (the kernel of the sweeps,
  ``simulator.studies.sweep``).

Both take the same three packs (:class:`Series`, :class:`Params`, :class:`Capacities`), built by
:mod:`simulator.core.dispatch_pack` from a scenario; a new parameter of the rules is a field of a
pack and a line of the pack builder. The component lists (stores, flexible processes, curtailable
loads) are the leading axis of the per-item arrays; a park with one store and neither processes nor
curtailable loads gives the results of the single-store rules bit for bit.

Both take arrays and return arrays; no I/O, no pandas.
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np
from numba import njit, prange, types
from numba.extending import overload, register_jitable

from simulator.core.vocabulary import FLOW_NAMES, SUM_NAMES

__all__ = [
    "FLOWS",
    "SUMS",
    "Capacities",
    "Params",
    "Series",
    "dispatch_hourly",
    "dispatch_yearly_sums_batch",
    "flow_rows",
    "sum_rows",
]

#: Rows of the hourly output of :func:`dispatch_hourly` [MW, SOC and buffer in MWh at the end of
#: the hour] (:data:`simulator.core.vocabulary.FLOWS`); per-item rows follow (:func:`flow_rows`).
FLOWS = FLOW_NAMES
(F_D, F_C, F_Q, F_SOC, F_E, F_K, F_G, F_I, F_U, F_PF, F_PO, F_SF, F_Z) = range(len(FLOW_NAMES))
#: Per-item hourly rows: per store (charge, discharge, SOC), per process (forced, surplus,
#: shortfall, buffer), per curtailable load (curtailed).
N_STORE_FLOWS, N_PROCESS_FLOWS, N_CURTAIL_FLOWS = 3, 4, 1
#: Number of total-flow rows (``N_FLOWS``) and of total sums (``N_SUMS``), as integers for
#: the kernels.
N_FLOWS = len(FLOW_NAMES)
N_SUMS = len(SUM_NAMES)

#: Columns of the yearly sums [MWh, except the peak in MW and the hour count]
#: (:data:`simulator.core.vocabulary.SUMS`); per-item sums follow (:func:`sum_rows`).
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
    S_PF,
    S_PO,
    S_SF,
    S_Z,
    S_PR,
) = range(len(SUM_NAMES))
#: Per-item yearly sums: per store (charge, discharge), per process (forced, surplus, shortfall,
#: renewable), per curtailable load (curtailed).
N_STORE_SUMS, N_PROCESS_SUMS, N_CURTAIL_SUMS = 2, 4, 1


class Series(NamedTuple):
    """Hourly inputs shared by every scenario of a call (``years * hours_per_year`` hours).

    Attributes
    ----------
    load_mw : numpy.ndarray
        Fixed park load L [MW], shape ``(hours,)``.
    wind_cf, solar_cf : numpy.ndarray
        Capacity factors [1], shape ``(hours,)``.
    product_demand_mwh : numpy.ndarray
        Product withdrawn from each process buffer D [MWh per hour, energy equivalent], shape
        ``(processes, hours)``.
    """

    load_mw: np.ndarray
    wind_cf: np.ndarray
    solar_cf: np.ndarray
    product_demand_mwh: np.ndarray


class Params(NamedTuple):
    """Per-scenario parameters of the rules; ``n`` scenarios on the last axis.

    Attributes
    ----------
    load_scale : numpy.ndarray
        Multiplier of the fixed load [1], ``(n,)``.
    coal_mw : numpy.ndarray
        Captive coal capacity C [MW], ``(n,)``.
    import_max_mw, export_max_mw : numpy.ndarray
        Grid connection limits [MW], ``(n,)``.
    charge_efficiency, discharge_efficiency : numpy.ndarray
        η_c, η_d of each store [1], ``(stores, n)``.
    min_soc, initial_soc : numpy.ndarray
        Lowest and initial SOC of each store as shares of its energy capacity [1], ``(stores, n)``.
    keep : numpy.ndarray
        1 − self-discharge per hour of each store [1], ``(stores, n)``.
    process_min_load_share : numpy.ndarray
        λ of each flexible process [1], ``(processes, n)``.
    buffer_initial_share : numpy.ndarray
        Product buffer before the first hour as a share of its capacity [1], ``(processes, n)``.
    curtailable_mw : numpy.ndarray
        Largest curtailment of each curtailable load [MW], ``(curtailable loads, n)``.
    curtail_budget_mwh : numpy.ndarray
        Largest curtailed energy of each curtailable load per year [MWh], ``(curtailable, n)``.
    """

    load_scale: np.ndarray
    coal_mw: np.ndarray
    import_max_mw: np.ndarray
    export_max_mw: np.ndarray
    charge_efficiency: np.ndarray
    discharge_efficiency: np.ndarray
    min_soc: np.ndarray
    initial_soc: np.ndarray
    keep: np.ndarray
    process_min_load_share: np.ndarray
    buffer_initial_share: np.ndarray
    curtailable_mw: np.ndarray
    curtail_budget_mwh: np.ndarray


class Capacities(NamedTuple):
    """Capacities of each year; ``n`` scenarios on the last axis.

    Attributes
    ----------
    wind_mw, solar_mw : numpy.ndarray
        W, S [MW], ``(years, n)``.
    coal_min_mw : numpy.ndarray
        Coal minimum load m_y (must-run) [MW], ``(years, n)``.
    storage_mwh, storage_mw : numpy.ndarray
        E, P of each store [MWh, MW], ``(stores, years, n)``.
    process_mw, buffer_mwh : numpy.ndarray
        Process capacity and product buffer of each flexible process [MW, MWh],
        ``(processes, years, n)``.
    """

    wind_mw: np.ndarray
    solar_mw: np.ndarray
    coal_min_mw: np.ndarray
    storage_mwh: np.ndarray
    storage_mw: np.ndarray
    process_mw: np.ndarray
    buffer_mwh: np.ndarray


@register_jitable
def flow_rows(stores: int, processes: int, curtailable: int) -> int:
    """Rows of :func:`dispatch_hourly`'s hourly output for these component counts."""
    return (
        N_FLOWS
        + N_STORE_FLOWS * stores
        + N_PROCESS_FLOWS * processes
        + N_CURTAIL_FLOWS * curtailable
    )


@register_jitable
def sum_rows(stores: int, processes: int, curtailable: int) -> int:
    """Columns of the yearly sums for these component counts."""
    return (
        N_SUMS
        + N_STORE_SUMS * stores
        + N_PROCESS_SUMS * processes
        + N_CURTAIL_SUMS * curtailable
    )


def _flat(ser: Series, par: Params, cap: Capacities) -> tuple:
    """Return the packs' arrays in the kernel's argument order (the one place listing them).

    Every array is made a writable, C-contiguous float64 array (copied only when it is not), so
    that every caller gets the same compiled specialisation.
    """
    return tuple(np.require(a, np.float64, ("C", "W")) for a in (*ser, *par, *cap))


def _counts(par: Params, cap: Capacities) -> tuple[int, int, int]:
    return (
        int(cap.storage_mwh.shape[0]),
        int(cap.process_mw.shape[0]),
        int(par.curtailable_mw.shape[0]),
    )


def dispatch_hourly(
    ser: Series, par: Params, cap: Capacities, hours_per_year: int
) -> tuple[np.ndarray, np.ndarray]:
    """Dispatch one park hour by hour over a multi-year horizon.

    Parameters
    ----------
    ser : Series
        Hourly inputs, ``years * hours_per_year`` hours.
    par : Params
        The park's parameters (one scenario: ``n = 1``).
    cap : Capacities
        Capacities of each year (``n = 1``).
    hours_per_year : int
        Hours in a year (8760).

    Returns
    -------
    flows : numpy.ndarray
        Shape ``(flow_rows(...), hours)``: the flows named in :data:`FLOWS` [MW], total SOC [MWh],
        then per store, process and curtailable load (:func:`flow_rows`).
    sums : numpy.ndarray
        Shape ``(years, sum_rows(...))``: the yearly sums named in :data:`SUMS` and per item,
        accumulated hour by hour in the same order as :func:`dispatch_yearly_sums_batch` (so both
        agree bit for bit).
    """
    ns, npr, ncu = _counts(par, cap)
    flows = np.empty((flow_rows(ns, npr, ncu), ser.load_mw.shape[0]))
    # one park: one thread (waking the thread pool for one chunk costs more than the work, and
    # far more on a busy machine); numba's thread count is per calling thread
    before = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        sums = _call(_flat(ser, par, cap), int(hours_per_year), 1, flows, True, (ns, npr, ncu))
    finally:
        numba.set_num_threads(before)
    return flows, np.ascontiguousarray(sums[:, :, 0])


def dispatch_yearly_sums_batch(
    ser: Series, par: Params, cap: Capacities, hours_per_year: int, chunk: int
) -> np.ndarray:
    """Dispatch many parks over the same hourly weather and load shape; yearly sums only.

    The same kernel as :func:`dispatch_hourly` without the hourly output, so each scenario's
    sums equal it bit for bit.

    Parameters
    ----------
    ser : Series
        Hourly inputs shared by every scenario.
    par : Params
        Per-scenario parameters (``n`` scenarios).
    cap : Capacities
        Per-year capacities of every scenario.
    hours_per_year : int
        Hours in a year (8760).
    chunk : int
        Scenarios per parallel chunk (64 keeps the working set in a 32 KiB L1 cache); rounded
        up to a multiple of :data:`_LANES`.

    Returns
    -------
    numpy.ndarray
        Shape ``(years, sum_rows(...), n)``: the yearly sums of every scenario.
    """
    ns, npr, ncu = _counts(par, cap)
    args = _flat(ser, par, cap)
    n = cap.wind_mw.shape[-1]
    # whole blocks of lanes: the parks padded with copies of the last one, the chunks rounded up
    # (each park's sums are the same whatever its neighbours)
    n_pad = -(-n // _LANES) * _LANES
    if n_pad != n:
        args = args[: len(ser)] + tuple(_pad(a, n_pad) for a in args[len(ser) :])
    chunk = -(-int(chunk) // _LANES) * _LANES
    sums = _call(args, int(hours_per_year), chunk, _NO_FLOWS, False, (ns, npr, ncu))
    return sums if n_pad == n else np.ascontiguousarray(sums[:, :, :n])


def _pad(a: np.ndarray, n: int) -> np.ndarray:
    """Return ``a`` with its last axis (the parks) extended to ``n`` by repeating the last park."""
    return np.ascontiguousarray(np.pad(a, [(0, 0)] * (a.ndim - 1) + [(0, n - a.shape[-1])],
                                       mode="edge"))  # fmt: skip


#: Largest (stores, processes, curtailable loads) whose batches get their own compiled kernel.
_CONSTANT_COUNTS = (2, 1, 1)
#: The hourly output of a call without one.
_NO_FLOWS = np.empty((0, 0))
#: Scenarios computed side by side by the batched kernel (a compile-time constant, the SIMD lanes
#: of :func:`_kernel`); a batch is padded to a multiple of it.
_LANES = 8


def _call(args: tuple, hours_per_year: int, chunk: int, flows: np.ndarray, hourly: bool,
          counts: tuple[int, int, int]) -> np.ndarray:  # fmt: skip
    """Call :func:`_kernel` with the counts as compile-time constants where it pays.

    The common park leaves the counts to their defaults; a batch of parks with components up to
    :data:`_CONSTANT_COUNTS` passes each count as a tuple of that many ``None`` (its length is a
    constant of the compiled code, so each such park shape is one specialisation, compiled once
    and cached: at most 7 besides the common park's); larger parks in a batch, and one park hour
    by hour, pass them as plain integers (one specialisation for every shape, not vectorised).
    """
    simple = counts == (1, 0, 0)
    if hourly:
        return _kernel(*args, hours_per_year, chunk, flows, True, *(() if simple else counts))
    if simple:
        return _kernel(*args, hours_per_year, chunk, flows)
    small = all(c <= top for c, top in zip(counts, _CONSTANT_COUNTS, strict=True))
    ns, npr, ncu = ((None,) * c for c in counts) if small else counts
    return _kernel(*args, hours_per_year, chunk, flows, ns=ns, npr=npr, ncu=ncu)


def _count(c: int | tuple) -> int:
    """Return a count given as an integer or as a tuple of that length (a compile-time constant)."""
    return c if isinstance(c, int) else len(c)


@overload(_count)
def _count_jit(c):  # noqa: ANN001, ANN202 (numba overload)
    if isinstance(c, types.BaseTuple):
        k = len(c)
        return lambda c: k
    return lambda c: c


@njit(cache=True, parallel=True, fastmath=False, nogil=True)
def _kernel(load_mw, wind_cf, solar_cf, demand, load_scale, coal_mw, imp_mw, exp_mw, eta_c,
            eta_d, min_soc, initial_soc, keep, lam, binit, cur_mw, budget0, wind_mw, solar_mw,
            gmin_y, sto_e, sto_p, proc_p, buf_b, hours_per_year, chunk, flows, hourly=False,
            ns=1, npr=0, ncu=0):  # fmt: skip
    """Apply the rules of docs/model.md § Dispatch hour by hour to every scenario.

    This is the one place the rules (1-8) are written. The arguments are the packs' arrays
    (:func:`_flat`), then the hours per year, the scenarios per parallel chunk, the hourly output
    ``flows`` (one scenario), whether to write it, and the numbers of stores, processes and
    curtailable loads, each an integer or a tuple of that length (:func:`_count`). An argument
    left out is typed by numba as its default, a compile-time constant, and so is the length of
    a tuple: for a batch of parks (the sweeps) the caller leaves out ``hourly`` and gives the
    counts as defaults (the common park: one store, nothing else) or as tuples (integers beyond
    :data:`_CONSTANT_COUNTS`), so the loops over items unroll and LLVM vectorises the loop over
    scenarios. The counts are read again
    inside the parallel body (:func:`_count`), where they stay constants; a value computed
    outside it reaches the body as a runtime argument.

    Years run outermost and the parallel loop over chunks of scenarios inside each year; the
    per-year capacities are copied to arrays the kernel owns first, so that the parallel body
    reads only whole arrays (numba marks them ``noalias``); the rules are written in the body
    itself, not in a helper taking arrays (an array handed to an inlined function makes numba
    treat the arrays as aliased, and the kernel ran 10x slower). Everything the hours write per
    scenario (the yearly sums, SOCs, buffers, curtailment budgets and the flows of the hour
    between rules) lives in one scratch array of the chunk, a row of :data:`_LANES` scenarios
    per quantity: its rows lie a constant distance apart, so LLVM proves that they do not
    overlap without run-time checks (with rows ``n`` apart it needed one check per pair of rows
    and gave up beyond about 13 rows), and the loop over the lanes has a constant trip count
    (no remainder loop): a batch has a multiple of :data:`_LANES` scenarios and of chunk
    (:func:`dispatch_yearly_sums_batch` pads it), one park hour by hour has one lane. Each
    scenario sees the same operations in the same order whatever its neighbours.
    Returns the yearly sums ``(years, sums, n)``.
    """
    n = wind_mw.shape[1]
    years = wind_mw.shape[0]
    ns0, npr0, ncu0 = _count(ns), _count(npr), _count(ncu)
    out = np.empty((years, sum_rows(ns0, npr0, ncu0), n))
    n_chunks = (n + chunk - 1) // chunk
    soc = np.empty((ns0, n))
    buf = np.empty((npr0, n))
    for j in range(n):
        for s in range(ns0):
            soc[s, j] = initial_soc[s, j] * sto_e[s, 0, j]
        for p in range(npr0):
            buf[p, j] = binit[p, j] * buf_b[p, 0, j]
    for y in range(years):
        wy = wind_mw[y].copy()
        sy = solar_mw[y].copy()
        gy = gmin_y[y].copy()
        ey = sto_e[:, y, :].copy()
        py = sto_p[:, y, :].copy()
        ppy = proc_p[:, y, :].copy()
        by = buf_b[:, y, :].copy()
        t0 = y * hours_per_year
        t1 = t0 + hours_per_year
        for ci in prange(n_chunks):
            kns, knp, kcu = _count(ns), _count(npr), _count(ncu)
            nsum = sum_rows(kns, knp, kcu)
            st0 = N_FLOWS
            pr0 = st0 + N_STORE_FLOWS * kns
            cu0 = pr0 + N_PROCESS_FLOWS * knp
            a1 = N_SUMS + N_STORE_SUMS * kns
            a2 = a1 + N_PROCESS_SUMS * knp
            # scratch rows: the sums, then SOC per store, buffer per process, budget per
            # curtailable load, (forced, surplus power) of the hour per process
            r_soc = nsum
            r_buf = r_soc + kns
            r_bud = r_buf + knp
            r_ph = r_bud + kcu
            # lanes: one for one park hour by hour, else a constant (padded batches)
            B = 1 if hourly else _LANES
            w = np.empty((r_ph + 2 * knp, B))
            # scenario indices are unsigned (no negative-index wraparound in the addresses)
            c_lo = np.uint64(ci * chunk)
            c_hi = np.uint64(min(n, ci * chunk + chunk))
            for b_lo in range(c_lo, c_hi, np.uint64(B)):
                for jj in range(np.uint64(B)):
                    j = b_lo + jj
                    for r in range(nsum):
                        w[r, jj] = 0.0
                    # SOC and buffers carry over the year boundary; what lies above a smaller
                    # new capacity is lost. Curtailment budgets start afresh.
                    for s in range(kns):
                        w[r_soc + s, jj] = min(soc[s, j], ey[s, j])
                    for p in range(knp):
                        w[r_buf + p, jj] = min(buf[p, j], by[p, j])
                    for mm in range(kcu):
                        w[r_bud + mm, jj] = budget0[mm, j]
                for t in range(t0, t1):
                    lt = load_mw[t]
                    wt = wind_cf[t]
                    st = solar_cf[t]
                    for jj in range(np.uint64(B)):
                        j = b_lo + jj
                        load = lt * load_scale[j]
                        wa = wy[j] * wt
                        sa = sy[j] * st
                        avail = wa + sa
                        gmin = gy[j]
                        # 1. forced process power (a full buffer stops it below its minimum load)
                        park = load
                        pf_all = 0.0
                        sf_all = 0.0
                        for p in range(knp):
                            b = w[r_buf + p, jj]
                            dem = demand[p, t]
                            pcap = ppy[p, j]
                            need = dem - b
                            pf = min(pcap, max(lam[p, j] * pcap, need))
                            pf = min(pf, max(0.0, by[p, j] - b + dem))
                            sf = max(0.0, need - pf)
                            park += pf
                            pf_all += pf
                            sf_all += sf
                        # 2. coal must-run, residual load
                        g0 = min(gmin, park)
                        r = park - g0
                        # 3. renewable straight to load; surplus and deficit
                        d = min(avail, r)
                        x = avail - d
                        dd = r - d
                        # 4. surplus: optional process power in list order (the forced power
                        #    and shortfall of rule 1 again: the same operations on the same
                        #    buffer, cheaper than keeping them)
                        po_all = 0.0
                        for p in range(knp):
                            b = w[r_buf + p, jj]
                            dem = demand[p, t]
                            pcap = ppy[p, j]
                            need = dem - b
                            pf = min(pcap, max(lam[p, j] * pcap, need))
                            pf = min(pf, max(0.0, by[p, j] - b + dem))
                            sf = max(0.0, need - pf)
                            after = b + pf - dem + sf
                            po = min(x, pcap - pf, max(0.0, by[p, j] - after))
                            x -= po
                            po_all += po
                            b = after + po
                            w[r_buf + p, jj] = b
                            if hourly:
                                row = pr0 + N_PROCESS_FLOWS * p
                                flows[row, t] = pf
                                flows[row + 1, t] = po
                                flows[row + 2, t] = sf
                                flows[row + 3, t] = b
                            a = a1 + N_PROCESS_SUMS * p
                            w[a, jj] += pf
                            w[a + 1, jj] += po
                            w[a + 2, jj] += sf
                            w[r_ph + 2 * p, jj] = pf
                            w[r_ph + 2 * p + 1, jj] = po
                        # 5. and 6. per store in list order: self-discharge, charge from the
                        #    surplus left, discharge into the deficit left, state of charge
                        #    (rule 7); the charges and the discharges are two separate chains
                        #    (over x and over dd), so one loop gives rules 5 and 6 exactly
                        c_all = 0.0
                        q_all = 0.0
                        soc_all = 0.0
                        for s in range(kns):
                            s1 = w[r_soc + s, jj] * keep[s, j]
                            c = min(x, py[s, j], max(0.0, (ey[s, j] - s1) / eta_c[s, j]))
                            x = x - c
                            c_all += c
                            q = min(dd, py[s, j], max(0.0, (s1 - min_soc[s, j] * ey[s, j])
                                                      * eta_d[s, j]))  # fmt: skip
                            dd = dd - q
                            q_all += q
                            s2 = s1 + c * eta_c[s, j] - q / eta_d[s, j]
                            w[r_soc + s, jj] = s2
                            soc_all += s2
                            if kns > 1:
                                w[N_SUMS + N_STORE_SUMS * s, jj] += c
                                w[N_SUMS + N_STORE_SUMS * s + 1, jj] += q
                            if hourly:
                                flows[st0 + N_STORE_FLOWS * s, t] = c
                                flows[st0 + N_STORE_FLOWS * s + 1, t] = q
                                flows[st0 + N_STORE_FLOWS * s + 2, t] = s2
                        # 5. export, curtail what is left of the surplus
                        e = min(x, exp_mw[j])
                        k = x - e
                        # 6. the deficit left: coal above must-run, the curtailable loads in
                        #    list order, import, unserved
                        g_up = min(dd, coal_mw[j] - gmin)
                        dd = dd - g_up
                        z_all = 0.0
                        for mm in range(kcu):
                            left = w[r_bud + mm, jj]
                            z = min(dd, cur_mw[mm, j], left)
                            w[r_bud + mm, jj] = left - z
                            dd = dd - z
                            z_all += z
                            w[a2 + mm, jj] += z
                            if hourly:
                                flows[cu0 + mm, t] = z
                        i = min(dd, imp_mw[j])
                        u = dd - i
                        g = g0 + g_up
                        # 8. yearly sums
                        w[S_L, jj] += load
                        w[S_WA, jj] += wa
                        w[S_SA, jj] += sa
                        w[S_D, jj] += d
                        w[S_C, jj] += c_all
                        w[S_Q, jj] += q_all
                        w[S_E, jj] += e
                        w[S_K, jj] += k
                        w[S_G, jj] += g
                        w[S_I, jj] += i
                        w[S_U, jj] += u
                        w[S_PI, jj] = max(w[S_PI, jj], i)
                        w[S_UH, jj] += 1.0 if u > 1e-9 else 0.0
                        # (sums that stay 0 are not added)
                        # (one process or one curtailable load: its own sums are the totals,
                        # copied at the year's end)
                        if kcu > 1:
                            w[S_Z, jj] += z_all
                        if knp > 1:
                            w[S_PF, jj] += pf_all
                            w[S_PO, jj] += po_all
                            w[S_SF, jj] += sf_all
                        if knp > 0:
                            # process renewable energy p_o + p_f · (d + q) / (L + p_f) (§ KPIs)
                            dem_all = load + pf_all
                            share = (d + q_all) / dem_all if dem_all > 0.0 else 0.0
                            for p in range(knp):
                                pr_ = (w[r_ph + 2 * p + 1, jj]
                                       + w[r_ph + 2 * p, jj] * share)  # fmt: skip
                                w[a1 + N_PROCESS_SUMS * p + 3, jj] += pr_
                                if knp > 1:
                                    w[S_PR, jj] += pr_
                        if hourly:
                            flows[F_D, t] = d
                            flows[F_C, t] = c_all
                            flows[F_Q, t] = q_all
                            flows[F_SOC, t] = soc_all
                            flows[F_E, t] = e
                            flows[F_K, t] = k
                            flows[F_G, t] = g
                            flows[F_I, t] = i
                            flows[F_U, t] = u
                            flows[F_PF, t] = pf_all
                            flows[F_PO, t] = po_all
                            flows[F_SF, t] = sf_all
                            flows[F_Z, t] = z_all
                # the year's end: states back, sums out
                for jj in range(np.uint64(B)):
                    j = b_lo + jj
                    for s in range(kns):
                        soc[s, j] = w[r_soc + s, jj]
                    for p in range(knp):
                        buf[p, j] = w[r_buf + p, jj]
                    for r in range(nsum):
                        out[y, r, j] = w[r, jj]
                    if kns == 1:
                        # the one store's sums are the totals (0 + c = c exactly)
                        out[y, N_SUMS, j] = w[S_C, jj]
                        out[y, N_SUMS + 1, j] = w[S_Q, jj]
                    if knp == 1:
                        for r in range(N_PROCESS_SUMS):
                            out[y, (S_PF, S_PO, S_SF, S_PR)[r], j] = w[a1 + r, jj]
                    if kcu == 1:
                        out[y, S_Z, j] = w[a2, jj]
    return out
