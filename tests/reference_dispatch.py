"""Independent, slow, plain-Python implementation of the dispatch rules of docs/model.md.

Written from the rules' text, branch by branch, without sharing code with simulator.core.dispatch;
the tests compare the numba kernels against it.
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


def reference_dispatch_components(
    load,
    wind_cf,
    solar_cf,
    demand,
    wind_mw,
    solar_mw,
    coal_min_mw,
    stores,
    processes,
    curtailable,
    hours_per_year,
    coal_mw,
    import_max,
    export_max,
):
    """The rules of docs/model.md § Dispatch with several stores, flexible processes with
    product buffers and curtailable loads, written from the rules' text in plain Python.

    ``stores``: dicts with ``E``, ``P`` (per-year lists), ``eta_c``, ``eta_d``, ``min_soc``,
    ``initial_soc``, ``sd``; ``processes``: dicts with ``P``, ``B`` (per-year lists), ``lam``,
    ``b0`` (initial share); ``demand[p][t]`` the product demand; ``curtailable``: dicts with
    ``mw`` and ``budget`` (per year). Returns per-hour dicts with the totals (d, c, q, soc, e, k,
    g, i, u, pf, po, sf, z, L, A) and per item lists (cs, qs, socs, pfs, pos, sfs, bufs, zs).
    """
    rows = []
    socs = [st["initial_soc"] * st["E"][0] for st in stores]
    bufs = [pr["b0"] * pr["B"][0] for pr in processes]
    for y in range(len(wind_mw)):
        for s, st in enumerate(stores):
            if socs[s] > st["E"][y]:
                socs[s] = st["E"][y]
        for p, pr in enumerate(processes):
            if bufs[p] > pr["B"][y]:
                bufs[p] = pr["B"][y]
        left = [cu["budget"] for cu in curtailable]
        m = coal_min_mw[y]
        for h in range(hours_per_year):
            t = y * hours_per_year + h
            L = load[t]
            A = wind_mw[y] * wind_cf[t] + solar_mw[y] * solar_cf[t]
            # 1. forced process power, capped by the buffer's room; shortfall
            pfs, sfs = [], []
            for p, pr in enumerate(processes):
                P, B, D, b = pr["P"][y], pr["B"][y], demand[p][t], bufs[p]
                pf = max(pr["lam"] * P, D - b)
                if pf > P:
                    pf = P
                room = B - b + D
                if room < 0:
                    room = 0.0
                if pf > room:
                    pf = room
                sf = D - b - pf
                if sf < 0:
                    sf = 0.0
                pfs.append(pf)
                sfs.append(sf)
            # 2. must-run, residual
            Lp = L + sum(pfs)
            g0 = m if m < Lp else Lp
            R = Lp - g0
            # 3. direct, surplus, deficit
            d = A if A < R else R
            X = A - d
            Dd = R - d
            # 4. optional process power
            pos = []
            for p, pr in enumerate(processes):
                after = bufs[p] + pfs[p] - (demand[p][t] - sfs[p])
                room = pr["B"][y] - after
                if room < 0:
                    room = 0.0
                po = min(X, pr["P"][y] - pfs[p], room)
                X -= po
                pos.append(po)
                bufs[p] = after + po
            # 5. self-discharge, charge in list order, export, curtail
            s1s, cs = [], []
            for s, st in enumerate(stores):
                s1 = socs[s] * (1.0 - st["sd"])
                head = (st["E"][y] - s1) / st["eta_c"]
                c = min(X, st["P"][y], head if head > 0 else 0.0)
                X -= c
                s1s.append(s1)
                cs.append(c)
            e = X if X < export_max else export_max
            k = X - e
            # 6. discharge in list order, coal above must-run, curtail loads, import, unserved
            qs = []
            for s, st in enumerate(stores):
                avail = (s1s[s] - st["min_soc"] * st["E"][y]) * st["eta_d"]
                q = min(Dd, st["P"][y], avail if avail > 0 else 0.0)
                Dd -= q
                qs.append(q)
                socs[s] = s1s[s] + cs[s] * st["eta_c"] - q / st["eta_d"]
            g_up = min(Dd, coal_mw - m)
            Dd -= g_up
            zs = []
            for c_, cu in enumerate(curtailable):
                z = min(Dd, cu["mw"], left[c_])
                left[c_] -= z
                Dd -= z
                zs.append(z)
            i = Dd if Dd < import_max else import_max
            u = Dd - i
            rows.append(
                dict(
                    d=d, c=sum(cs), q=sum(qs), soc=sum(socs), e=e, k=k, g=g0 + g_up, i=i, u=u,
                    pf=sum(pfs), po=sum(pos), sf=sum(sfs), z=sum(zs), L=L, A=A, cs=cs, qs=qs,
                    socs=list(socs), pfs=pfs, pos=pos, sfs=sfs, bufs=list(bufs), zs=zs,
                )
            )  # fmt: skip
    return rows
