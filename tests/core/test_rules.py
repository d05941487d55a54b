"""Rule sets (simulator/core/rules.py, solvers/lp_rules.py): packs, LP rows, checks, unreachable
rules.

LP rows: tiny cases of tests/solvers/test_lp.py's ``base`` park (one year of four hours, 10 MW load,
solar cf 0, 1, 1, 0 at 1000/MW/yr, imports at 50/MWh) with hand-derived optima; an independent
scipy build of the same rows. Checks: the verdict's values against a recomputation from the
hourly table of a simulation. Unreachable: a park that cannot meet a CO2 intensity gets one line
naming the rule and its best value.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import scipy.sparse as sp
from typer.testing import CliRunner

import tests.solvers.test_lp as tlp
from simulator.core.errors import InputError
from simulator.core.profiles import Profiles
from simulator.core.rules import (
    DEFAULT_RULE_SET,
    RULE_DEFS,
    RULE_SETS,
    resolve_rules,
    rule_checks,
    rule_metrics,
    rules_text,
)
from simulator.core.scenario import HOURS_PER_YEAR
from simulator.core.simulate import simulate
from simulator.core.verdict import RULES, check_records, plan_checks
from solvers.highs import solve_model
from solvers.lp import build_model
from solvers.lp_rule_data import (
    RuleLPData,
    best_rule_values,
    tighten_rule,
    with_scenario_rules,
)
from solvers.lp_rules import LPRuleRow, rule_values
from tests.parks import park

F = 0.1229
ACCT = {
    "f": F,
    "n_tce": np.array([0.0]),
    "n_co2_t": np.array([0.0]),
    "coal_co2": 0.0,
    "import_co2": 0.5,
    "import_clean_share": 0.0,
    "n_clean_share": 0.0,
}
EXPORT = {"export_max_mw": 100.0, "export_price_per_mwh": 600.0, "maximum": [0, 100, 0, 0]}


def with_rows(rows, acct=ACCT, **kw) -> RuleLPData:
    d = tlp.base(**kw)
    fields = {f.name: getattr(d, f.name) for f in dataclasses.fields(type(d))}
    return RuleLPData(**fields, rule_rows=tuple(rows), rule_accounting=acct)


def row(metric: str, sense: str, limit: float, rid: str = "r") -> LPRuleRow:
    return LPRuleRow(rid, metric, sense, np.array([limit]), label=rid, rule_set="test")


def solar_mw(res) -> float:
    return float(res.values["cap"][1, 0])


# ---- LP rows on hand-solved cases ---------------------------------------------------------------


def test_without_rows_the_lp_is_the_plain_one():
    # target 40%: 16 MWh of 40 from solar at 2 MWh/MW → S = 8, cost 8·1000 + 24·50 = 9200
    plain = tlp.solve(tlp.base())
    ruled = tlp.solve(with_rows([]))
    assert plain.objective == pytest.approx(9200.0) == ruled.objective
    assert not [c for c in build_model(with_rows([])).component_map() if c.startswith("rule_")]


def test_export_share_cap():
    # Export pays 600/MWh > solar's 500/MWh, so the LP exports all it may and serves only the
    # target (d = 16). Σe ≤ 0.5·ΣA = 0.5·2S = S and 2S − e ≥ 16 → cost 1000S − 600S + 24·50,
    # rising in S, so S = 16, e = 16: 16000 − 9600 + 1200 = 7600.
    res = tlp.solve(with_rows([row("export_share", "<=", 0.5)], **EXPORT))
    assert res.objective == pytest.approx(7600.0, rel=1e-7)
    assert solar_mw(res) == pytest.approx(16.0, rel=1e-7)
    assert rule_values(with_rows([], **EXPORT), res.values, "export_share")[0] == pytest.approx(0.5)
    # without the cap it builds the solar maximum (100 MW) and exports
    assert solar_mw(tlp.solve(with_rows([], **EXPORT))) == pytest.approx(100.0)


def test_self_use_share_floor():
    # Σd ≥ 0.6·2S and the rest exported: cost 1000S − 600(2S − d) + 50(40 − d), with d = 1.2S
    # = 460S + 2000, smallest S with d = 1.2S ≥ 16: S = 40/3, cost 8133.33.
    res = tlp.solve(with_rows([row("self_use_share", ">=", 0.6)], **EXPORT))
    assert res.objective == pytest.approx(6133.3333333 + 2000.0, rel=1e-7)
    assert solar_mw(res) == pytest.approx(40.0 / 3.0, rel=1e-7)


def test_consumption_share_floor_above_the_target():
    # 45% of 40 MWh = 18 MWh → S = 9: 9000 + 22·50 = 10100
    res = tlp.solve(with_rows([row("renewable_share", ">=", 0.45)]))
    assert res.objective == pytest.approx(10100.0, rel=1e-7)
    assert solar_mw(res) == pytest.approx(9.0, rel=1e-7)


def test_co2_intensity_with_non_electric_energy():
    # energy 0.1229·40 + 10 = 14.916 tce; CO2 0.5·I + 5 ≤ 1.1·14.916 → I ≤ 22.8152 MWh
    # → 2S ≥ 17.1848, S = 8.5924; cost 8592.4 + 22.8152·50 = 9733.16
    acct = {**ACCT, "n_tce": np.array([10.0]), "n_co2_t": np.array([5.0])}
    rows = [row("co2_intensity_t_per_tce", "<=", 1.1)]
    res = tlp.solve(with_rows(rows, acct, max_unserved_share=0.0))
    assert res.objective == pytest.approx(9733.16, rel=1e-7)
    assert solar_mw(res) == pytest.approx(8.5924, rel=1e-7)
    # half the imports bought as green power (ε_i' = 0.25): not binding, S = 8 (target)
    green = tlp.solve(with_rows(rows, {**acct, "import_co2": 0.25}, max_unserved_share=0.0))
    assert green.objective == pytest.approx(9200.0, rel=1e-7)


def test_clean_energy_share_counts_the_clean_part_of_imports():
    # (d + 0.25·(40 − d)) / 40 ≥ 0.6 → d ≥ 18.667, S = 9.3333: 9333.33 + 21.3333·50 = 10400
    acct = {**ACCT, "import_clean_share": 0.25}
    res = tlp.solve(with_rows([row("clean_energy_share", ">=", 0.6)], acct))
    assert res.objective == pytest.approx(10400.0, rel=1e-7)


def test_a_rule_no_plan_can_meet_makes_the_lp_infeasible_and_best_values_say_how_far():
    # every hour served (no unserved energy): d ≤ 20 (the solar hours), I ≥ 20,
    # CO2 ≥ 0.5·20 + 5 = 15 t on 14.916 tce: at best 1.00563 t/tce > 1.0
    acct = {**ACCT, "n_tce": np.array([10.0]), "n_co2_t": np.array([5.0])}
    data = with_rows([row("co2_intensity_t_per_tce", "<=", 1.0)], acct, max_unserved_share=0.0)
    assert tlp.solve(data).status == "infeasible"
    best = best_rule_values(data, lambda m: solve_model(m))
    assert best["r"][0] == pytest.approx(15.0 / 14.916, rel=1e-7)


def test_best_value_of_a_ratio_over_generation():
    # with 20 MW of solar already built and no export, self-use is at most 20/40 = 50%
    data = with_rows(
        [row("self_use_share", ">=", 0.8)], existing=[0, 20, 0, 0], maximum=[0, 100, 0, 0]
    )
    assert tlp.solve(data).status == "infeasible"
    best = best_rule_values(data, lambda m: solve_model(m))
    assert best["r"][0] == pytest.approx(0.5, rel=1e-7)


def test_constant_row_that_cannot_hold_is_infeasible_not_an_error():
    # no import, no coal: CO2 is the 50 t of non-electric energy alone, above 1.0·14.916
    acct = {**ACCT, "n_tce": np.array([10.0]), "n_co2_t": np.array([50.0])}
    data = with_rows(
        [row("co2_intensity_t_per_tce", "<=", 1.0)], acct, import_max_mw=0.0, voll_per_mwh=1.0
    )
    assert tlp.solve(data).status == "infeasible"


def test_tighten_rule_moves_the_limit_the_right_way():
    data = with_rows([row("self_use_share", ">=", 0.6, "a"), row("export_share", "<=", 0.2, "b")])
    t = tighten_rule(tighten_rule(data, "a", 0, 0.1), "b", 0, 0.05)
    assert [float(r.limit[0]) for r in t.rule_rows] == pytest.approx([0.7, 0.15])
    assert isinstance(dataclasses.replace(t, target_share=[0.5]), RuleLPData)  # kept by replace


# ---- an independent build of the rows -------------------------------------------------------


def scipy_rule_rows(d: RuleLPData, ny: int, nt: int, n: int):
    """The rows num − limit·den (≥ as −(…) ≤ 0), laid out as tests/test_lp.scipy_optimum's."""
    nv = 9
    D, Q, E, G, I = 0, 2, 4, 6, 7  # noqa: E741

    def h(y, t, j):
        return (y * nt + t) * nv + j

    def cap(a, y):
        return ny * nt * nv + a * ny + y

    acct = d.rule_accounting
    rows, rhs = [], []
    for r in d.rule_rows:
        for y in range(ny):
            wt = d.weight[y]
            lim = r.limit[y]
            load = float(wt @ d.load_mw[y])
            coef = np.zeros(n)
            avail = {cap(0, y): float(wt @ d.wind_cf[y]), cap(1, y): float(wt @ d.solar_cf[y])}
            const = 0.0
            energy = acct["f"] * load + acct["n_tce"][y]
            for t in range(nt):
                if r.metric == "self_use_share":
                    coef[h(y, t, D)] += wt[t]
                    coef[h(y, t, Q)] += wt[t]
                elif r.metric == "export_share":
                    coef[h(y, t, E)] += wt[t]
                elif r.metric == "co2_intensity_t_per_tce":
                    coef[h(y, t, G)] += acct["coal_co2"] * wt[t]
                    coef[h(y, t, I)] += acct["import_co2"] * wt[t]
                elif r.metric == "clean_energy_share":
                    coef[h(y, t, D)] += acct["f"] * wt[t]
                    coef[h(y, t, Q)] += acct["f"] * wt[t]
                    coef[h(y, t, I)] += acct["f"] * acct["import_clean_share"] * wt[t]
            if r.metric in ("self_use_share", "export_share"):
                for col, v in avail.items():
                    coef[col] -= lim * v
            elif r.metric == "co2_intensity_t_per_tce":
                const = acct["n_co2_t"][y] - lim * energy
            else:
                const = acct["n_clean_share"] * acct["n_tce"][y] - lim * energy
            sign = -1.0 if r.sense == ">=" else 1.0
            rows.append(sign * coef)
            rhs.append(-sign * const)
    return np.array(rows), np.array(rhs)


@pytest.mark.parametrize("seed", [0, 1])
def test_lp_with_rule_rows_matches_an_independent_scipy_build(seed, monkeypatch):
    base = tlp.random_park(seed)
    fields = {f.name: getattr(base, f.name) for f in dataclasses.fields(type(base))}
    acct = {
        "f": F, "n_tce": np.array([100.0, 120.0]), "n_co2_t": np.array([200.0, 250.0]),
        "coal_co2": 0.85, "import_co2": 0.45, "import_clean_share": 0.4, "n_clean_share": 0.1,
    }  # fmt: skip
    plain_data = RuleLPData(**fields, rule_rows=(), rule_accounting=acct)
    plain = tlp.solve(plain_data)

    def now(metric: str) -> np.ndarray:
        return rule_values(plain_data, plain.values, metric)

    # limits a little beyond the plain optimum's values, so that the rows bind
    rows = (
        LPRuleRow("su", "self_use_share", ">=", now("self_use_share") + 0.01),
        LPRuleRow("ex", "export_share", "<=", np.array([0.05, 0.02])),
        LPRuleRow("co2", "co2_intensity_t_per_tce", "<=", 0.97 * now("co2_intensity_t_per_tce")),
        LPRuleRow("cl", "clean_energy_share", ">=", now("clean_energy_share") + 0.01),
    )
    data = RuleLPData(**fields, rule_rows=rows, rule_accounting=acct)
    res = tlp.solve(data)
    assert res.status == "optimal"
    assert res.objective > plain.objective + 1.0  # the rows bind
    real = tlp.linprog

    def with_rules(c, A_ub, b_ub, **kw):
        extra, extra_b = scipy_rule_rows(data, data.years, data.hours, len(c))
        A = sp.vstack([A_ub, sp.csr_array(extra)])
        return real(c, A_ub=A, b_ub=np.r_[b_ub, extra_b], **kw)

    monkeypatch.setattr(tlp, "linprog", with_rules)
    assert res.objective == pytest.approx(tlp.scipy_optimum(data), rel=1e-6)
    for r in rows:
        v = rule_values(data, res.values, r.metric)
        ok = v >= r.limit - 1e-7 if r.sense == ">=" else v <= r.limit + 1e-7
        assert ok.all(), (r.id, v)


# ---- packs, scenario keys, limits -------------------------------------------------------------


def test_every_pack_rule_is_defined_and_labelled():
    from simulator.report.i18n import RULES as LABELS

    for pack in RULE_SETS.values():
        assert pack.version and pack.source
        for rid in pack.rules:
            assert rid in RULE_DEFS and rid in RULES and rid in LABELS
            assert RULES[rid].source


def test_default_pack_adds_nothing_to_the_lp_or_the_checks():
    sc = park()
    assert resolve_rules(sc) == []
    assert sc.policy.rule_set is None and DEFAULT_RULE_SET == "inner-mongolia-2022"


def test_limits_follow_year_scale_and_project_kind():
    gd = park(years=4, start_year=2027, policy={"rule_set": "cn-green-power-direct-2025"})
    lim = {r.id: r.limit.tolist() for r in resolve_rules(gd)}
    assert lim["gd_consumption_share"] == [0.30, 0.30, 0.30, 0.35]
    assert lim["gd_export_share"] == [0.0, 0.0, 0.0, 0.0]
    h2 = park(
        years=4, start_year=2027,
        policy={"rule_set": "cn-green-power-direct-2025", "green_direct_project": "hydrogen"},
    )  # fmt: skip
    assert {r.id: r.limit.tolist() for r in resolve_rules(h2)}["gd_export_share"] == [
        0.4, 0.2, 0.2, 0.2
    ]  # fmt: skip
    # 876 GWh·0.1229 = 107.7 ktce: 0.2; with 1 Mtce of heat: 0.3
    small = park(policy={"rule_set": "cn-zero-carbon-park-2025"})
    big = park(policy={"rule_set": "cn-zero-carbon-park-2025", "nonelectric_tce": 1.0e6})
    assert resolve_rules(small)[0].limit.tolist() == [0.2]
    assert resolve_rules(big)[0].limit.tolist() == [0.3]


def test_overrides_change_mode_and_limit():
    sc = park(
        years=2,
        policy={
            "rule_sets": ["cn-zero-carbon-park-2025", "cn-green-power-direct-2025"],
            "rules": {
                "zcp_clean_energy_share": {"mode": "hard", "limit": [0.8, 0.85]},
                "gd_export_share": {"mode": "off"},
                "gd_self_use_share": {"mode": "check"},
            },
        },
    )
    got = {r.id: (r.mode, r.limit.tolist()) for r in resolve_rules(sc)}
    assert got["zcp_clean_energy_share"] == ("hard", [0.8, 0.85])
    assert got["gd_self_use_share"] == ("check", [0.6, 0.6])
    assert "gd_export_share" not in got
    data = with_scenario_rules(tlp.base(load_mw=np.full((2, 4), 10.0), wind_cf=np.zeros((2, 4)),
                               solar_cf=np.ones((2, 4)), target_share=None), sc)  # fmt: skip
    acct = data.rule_accounting
    assert acct["f"] == 0.1229 and acct["import_co2"] == pytest.approx(0.5703)
    assert acct["coal_co2"] == 0.0 and acct["import_clean_share"] == 0.0
    assert {r.id for r in data.rule_rows} == {
        "zcp_co2_intensity_t_per_tce", "zcp_clean_energy_share", "gd_consumption_share"
    }  # only hard rules become rows  # fmt: skip


@pytest.mark.parametrize(
    ("policy", "field"),
    [
        ({"rule_set": "no-such-pack"}, "unknown rule set"),
        ({"rule_set": "cn-zero-carbon-park-2025", "rule_sets": ["inner-mongolia-2022"]},
         "is not in rule_sets"),
        ({"rules": {"gd_self_use_share": {"mode": "check"}}}, "not a rule of"),
        ({"rules": {"renewable_utilisation": {"mode": "hard"}}}, "policy.min_renewable_util"),
        ({"rule_set": "cn-zero-carbon-park-2025",
          "rules": {"zcp_clean_energy_share": {"mode": "sometimes"}}}, "mode"),
        ({"rule_set": "cn-zero-carbon-park-2025",
          "rules": {"zcp_clean_energy_share": {"limit": [0.1, 0.2, 0.3]}}}, "give one or 1"),
        ({"rule_set": "cn-zero-carbon-park-2025",
          "rules": {"zcp_clean_energy_share": {"limit": 90}}}, "a share, 0 to 1"),
    ],
)  # fmt: skip
def test_bad_rule_settings_are_input_errors(policy, field):
    with pytest.raises(InputError, match=field):
        park(policy=policy)


# ---- checks on hourly data ------------------------------------------------------------------


def day_night() -> Profiles:
    n = HOURS_PER_YEAR
    hod = np.arange(n) % 24
    solar = np.clip(np.sin((hod - 6) / 12 * np.pi), 0, None) * 0.9
    wind = 0.3 + 0.2 * np.sin(np.arange(n) / 37.0)
    return Profiles(np.full(n, 100.0), wind, solar, 1)


ALL_PACKS = {
    "rule_sets": [
        "inner-mongolia-2022", "cn-zero-carbon-park-2025", "im-zero-carbon-park-2025",
        "cn-green-power-direct-2025",
    ],
    "nonelectric_tce": 20_000.0,
    "nonelectric_co2_t": 9_000.0,
    "nonelectric_clean_share": 0.2,
    "grid_clean_share": 0.3,
    "green_import_share": 0.25,
    "green_direct_project": "hydrogen",
    "rules": {"zcp_clean_energy_share": {"limit": 0.5}},
}  # fmt: skip


def recompute(sc, hourly) -> dict[str, float]:
    """Each rule-set metric from the hourly table alone (docs/model.md §7)."""
    h = hourly
    load = h["load_mw"].sum()
    to_load = h["renewable_to_load_mw"].sum()
    avail = h["wind_available_mw"].sum() + h["solar_available_mw"].sum()
    imp, exp, coal = h["import_mw"].sum(), h["export_mw"].sum(), h["coal_mw"].sum()
    energy = F * load + 20_000.0
    co2 = 0.85 * coal + 0.5703 * 0.75 * imp + 9_000.0
    clean = F * (to_load + (0.25 + 0.75 * 0.3) * imp) + 0.2 * 20_000.0
    return {
        "zcp_co2_intensity_t_per_tce": co2 / energy,
        "imzcp_co2_intensity_t_per_tce": co2 / energy,
        "zcp_clean_energy_share": clean / energy,
        "gd_self_use_share": to_load / avail,
        "gd_consumption_share": to_load / load,
        "gd_export_share": exp / avail,
    }


@pytest.mark.parametrize(("wind", "solar"), [(60.0, 80.0), (400.0, 300.0)])
def test_checks_equal_a_recomputation_from_the_hourly_table(wind, solar):
    sc = park(
        policy={"voll_per_mwh": 5000, **ALL_PACKS},
        grid={"import_max_mw": 200, "export_max_mw": 50, "import_price_per_mwh": 350},
        coal={"capacity_mw": 20, "min_load_share": 0.5},
    )
    sim = simulate(sc, wind_mw=wind, solar_mw=solar, profiles=day_night())
    checks = plan_checks(sc, sim.capacities, sim.kpis, sim.hourly)
    want = recompute(sc, sim.hourly)
    limits = {
        "zcp_co2_intensity_t_per_tce": 0.2, "imzcp_co2_intensity_t_per_tce": 0.6,
        "zcp_clean_energy_share": 0.5, "gd_self_use_share": 0.6,
        "gd_consumption_share": 0.35, "gd_export_share": 0.2,
    }  # fmt: skip
    rows = checks[checks["rule"].isin(list(want))].set_index("rule")
    assert set(rows.index) == set(want)
    for rid, value in want.items():
        r = rows.loc[rid]
        assert r["value"] == pytest.approx(value, rel=1e-9), rid
        assert r["limit"] == pytest.approx(limits[rid]), rid
        ok = value >= limits[rid] if r["sense"] == ">=" else value <= limits[rid]
        assert bool(r["passed"]) == ok, rid
        assert (r["message"] == "") == ok
        assert r["source"] == RULE_DEFS[rid].source
        if not ok:
            assert r["message"].startswith("year 2030: ")
            assert any(f"({p})" in r["message"] for p in RULE_SETS)
    recs = check_records(checks)
    assert all("source" in c for c in recs if c["rule"] in want)
    if wind == 400.0:  # lots of surplus: self-use fails, export is capped by 50 MW
        assert not rows.loc["gd_self_use_share", "passed"]
        assert "below the required 60%" in rows.loc["gd_self_use_share", "message"]


def test_rule_checks_for_sweeps_equal_the_verdict_rows():
    sc = park(
        policy={"voll_per_mwh": 5000, **ALL_PACKS},
        grid={"import_max_mw": 200, "export_max_mw": 50, "import_price_per_mwh": 350},
    )
    sims = [simulate(sc, wind_mw=w, solar_mw=s, profiles=day_night())
            for w, s in ((60.0, 80.0), (400.0, 300.0))]  # fmt: skip
    sums = {k: np.stack([s.kpis[k].to_numpy() for s in sims], axis=-1) for k in sims[0].kpis}
    got = rule_checks(sc, sums)
    for j, sim in enumerate(sims):
        table = plan_checks(sc, sim.capacities, sim.kpis, sim.hourly).set_index("rule")
        for rid, res in got.items():
            assert res["value"][0, j] == pytest.approx(table.loc[rid, "value"], rel=1e-12)
            assert bool(res["passed"][0, j]) == bool(table.loc[rid, "passed"])
    assert not got["gd_self_use_share"]["passed"].all()  # the two points differ


def test_rule_metrics_are_vectorised_over_sweep_points():
    sc = park(policy=ALL_PACKS)
    rng = np.random.default_rng(3)
    keys = ("load_mwh", "renewable_direct_mwh", "storage_discharge_mwh", "wind_available_mwh",
            "solar_available_mwh", "export_mwh", "import_mwh", "coal_mwh")  # fmt: skip
    sums = {k: rng.uniform(1e3, 1e5, (1, 7)) for k in keys}
    many = rule_metrics(sc, sums)
    for j in range(7):
        one = rule_metrics(sc, {k: v[:, j] for k, v in sums.items()})
        for m in many:
            assert many[m][0, j] == pytest.approx(one[m][0])


# ---- sizing: unreachable rules, assure, CLI ---------------------------------------------------


def test_park_that_cannot_meet_the_co2_intensity_names_the_rule_and_its_best_value():
    sc = park(
        policy={"voll_per_mwh": 5000, "rule_set": "cn-zero-carbon-park-2025"},
        wind={"max_mw": 100},
        solar={"max_mw": 100},
    )
    from solvers.sizing import size

    res = size(sc, segments=200)
    assert res.status == "infeasible" and res.exit_code == 3
    line = next(m for m in res.messages if "zcp_co2_intensity_t_per_tce" in m)
    assert line.startswith("year 2030: CO2 per unit of energy use")
    assert "≤ 0.200 t/tce" in line and "is unreachable; at best" in line
    best = float(line.split("at best ")[1].split(" t/tce")[0])
    # the best plan builds every MW allowed: its share s gives 0.5703·(1 − s)/0.1229 t/tce
    assert 1.0 < best < 0.5703 / F


def test_assure_raises_the_lp_limit_of_a_hard_rule_the_simulation_misses():
    # no storage: the segments' LP reaches 60% of consumption, the hourly simulation 56%; the
    # loop raises the LP's limit by the shortfall + margin each time, and when self-use ≥ 50%
    # keeps the park from building more it stops and says which rule still fails
    from solvers.sizing import size

    sc = park(
        policy={
            "voll_per_mwh": 5000, "rule_set": "cn-green-power-direct-2025",
            "rules": {"gd_consumption_share": {"limit": 0.6}, "gd_self_use_share": {"limit": 0.5}},
        },
        targets=[0.3],
    )  # fmt: skip
    res = size(sc, segments=200, assure=True, max_assure_iterations=3)
    repairs = [a for it in res.assure["iterations"] for a in it.get("repairs", [])]
    raised = [float(a.rsplit(" ", 1)[1]) for a in repairs if "gd_consumption_share" in a]
    assert len(raised) == 2 and 0.6 < raised[0] < raised[1] <= 1.0
    assert res.status == "rule_failed"
    assert "gd_consumption_share" not in res.assure["outcome"]  # the message uses the label
    assert "self-used renewables, share of consumption" in res.assure["outcome"]


def test_rules_command_lists_packs_with_sources():
    import simulator.cli.rules  # noqa: F401  (registers the command)
    from simulator.cli.app import app

    res = CliRunner().invoke(app, ["rules"])
    assert res.exit_code == 0, res.output
    for pack in RULE_SETS.values():
        assert pack.name in res.output and pack.source in res.output
    for rid in RULE_DEFS:
        assert rid in res.output
    res = CliRunner().invoke(
        app, ["rules", "ordos-low-carbon", "--set", 'policy.rule_set="cn-green-power-direct-2025"']
    )
    assert res.exit_code == 0, res.output
    assert "gd_consumption_share" in res.output and "30%" in res.output
    assert rules_text(park()).startswith("tiny: rule sets inner-mongolia-2022")


# ---- built-in parks -------------------------------------------------------------------------


def test_every_builtin_park_names_its_rule_set():
    from simulator.core.scenario import builtin_scenarios, load_scenario

    packs = {}
    for name in builtin_scenarios():
        pol = load_scenario(name).policy
        assert pol.rule_set is not None or pol.rule_sets is not None, name
        packs[name] = pol.rule_sets or [pol.rule_set]
    assert packs["baotou-green-direct"] == ["inner-mongolia-2022", "cn-green-power-direct-2025"]
    assert packs["ordos-low-carbon"] == ["inner-mongolia-2022"]


def test_green_direct_park_sizes_and_its_plan_json_carries_the_rules(tmp_path):
    import json

    from simulator.cli.app import app

    out = tmp_path / "gd"
    res = CliRunner().invoke(
        app, ["size", "baotou-green-direct", "--segments", "200", "--assure", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    rows = [c for c in plan["checks"] if c["rule"].startswith("gd_")]
    assert {c["rule"] for c in rows} == {
        "gd_self_use_share", "gd_consumption_share", "gd_export_share"
    }  # fmt: skip
    assert len(rows) == 3 * 3 and all(c["passed"] for c in rows)
    assert all("650号" in c["source"] or "内蒙古" in c["source"] for c in rows)
    assert all(c["lp_value"] is not None for c in rows)


def test_infeasible_without_the_rules_is_not_blamed_on_them():
    # load 100 MW, import cap 10 MW, nothing to build, everything must be served: the LP is
    # infeasible with or without the CO2 row, so the rule lines stay out of the way
    from solvers.result import SolveTimer
    from solvers.unreachable import rule_unreachable_lines

    sc = park(policy={"voll_per_mwh": 5000, "rule_set": "cn-zero-carbon-park-2025"})
    data = with_scenario_rules(
        tlp.base(maximum=[0, 0, 0, 0], import_max_mw=1.0, max_unserved_share=0.0), sc
    )
    assert tlp.solve(data).status == "infeasible"
    lines = rule_unreachable_lines(sc, data, SolveTimer(), {}, "direct")
    assert lines == []


def test_export_share_the_dispatch_cannot_follow_is_said_not_looped():
    # the rule-based dispatch exports every surplus MWh up to grid.export_max_mw; the LP keeps
    # export at 0 (gd_export_share ≤ 0), so the simulation fails and no repair can help
    from solvers.sizing import size

    sc = park(
        policy={"voll_per_mwh": 5000, "rule_set": "cn-green-power-direct-2025"},
        grid={"import_max_mw": 200, "export_max_mw": 100, "import_price_per_mwh": 350},
    )
    res = size(sc, segments=200, assure=True)
    assert res.status == "rule_failed"
    assert len(res.assure["iterations"]) == 1
    assert "gd_export_share is at its strictest in the LP already" in res.assure["outcome"]
    assert res.lp_checks.set_index("rule").loc["gd_export_share", "value"] == pytest.approx(0.0)
