"""Independent, slow, plain-Python implementation of the dispatch rules of docs/model.md.

Written from the rules' text, branch by branch, without sharing code with simulator.dispatch; the
tests compare the numba kernels against it.
"""

from __future__ import annotations


def reference_dispatch(
    load,
    wind_cf,
    solar_cf,
    wind_mw,
    solar_mw,
    storage_mwh,
    storage_mw,
    hours_per_year,
    eta_c,
    eta_d,
    min_soc,
    initial_soc,
    self_discharge,
    coal_mw,
    coal_min_share,
    import_max,
    export_max,
):
    """Return a list of per-hour dicts with d, c, q, soc, e, k, g, i, u."""
    rows = []
    soc = initial_soc * storage_mwh[0]
    for y in range(len(wind_mw)):
        E = storage_mwh[y]
        P = storage_mw[y]
        if soc > E:  # a smaller store this year: the energy above it is lost
            soc = E
        for h in range(hours_per_year):
            t = y * hours_per_year + h
            L = load[t]
            A = wind_mw[y] * wind_cf[t] + solar_mw[y] * solar_cf[t]
            g_min = coal_min_share * coal_mw
            g0 = g_min if g_min < L else L
            R = L - g0
            if A >= R:
                d, surplus, deficit = R, A - R, 0.0
            else:
                d, surplus, deficit = A, 0.0, R - A
            s1 = soc * (1.0 - self_discharge)
            headroom = (E - s1) / eta_c
            if headroom < 0:
                headroom = 0.0
            c = sorted([surplus, P, headroom])[0]
            e = surplus - c
            if e > export_max:
                e = export_max
            k = surplus - c - e
            available = (s1 - min_soc * E) * eta_d
            if available < 0:
                available = 0.0
            q = sorted([deficit, P, available])[0]
            rest = deficit - q
            g_up = rest if rest < coal_mw - g_min else coal_mw - g_min
            rest -= g_up
            i = rest if rest < import_max else import_max
            u = rest - i
            soc = s1 + c * eta_c - q / eta_d
            rows.append(dict(d=d, c=c, q=q, soc=soc, e=e, k=k, g=g0 + g_up, i=i, u=u, A=A, L=L))
    return rows
