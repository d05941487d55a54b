"""The model's vocabulary: assets, hourly flows, yearly sums, their units, symbols and labels.

This module is the one home of these names. The dispatch kernels, the LP, sizing, sweeps, KPIs and
the report read them from here; ``docs/model.md`` uses the symbols. A new component adds its
assets, flows and sums here (``docs/architecture.md`` § Adding a component).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "ASSETS",
    "ASSET_NAMES",
    "COAL_MIN_ASSET",
    "COMPONENT_COST_ITEMS",
    "COST_ITEMS",
    "FLOWS",
    "FLOW_NAMES",
    "HOURLY_COLUMNS",
    "LP_FLOWS",
    "SOLVER_ALGORITHMS",
    "SUMS",
    "SUM_NAMES",
    "Term",
    "asset_terms",
    "capacity_pairs",
    "capacity_term",
    "label",
    "process_assets",
    "park_demand",
    "renewable_to_load",
    "store_assets",
    "storage_totals",
    "store_pairs_in",
    "term",
]


@dataclass(frozen=True)
class Term:
    """One named quantity of the model.

    Attributes
    ----------
    name : str
        The name in files and code, with its unit (``wind_mw``).
    unit : str
        ``MW``, ``MWh``, ``h``.
    symbol : str
        The symbol of ``docs/model.md`` (``W``).
    component : str
        The component it belongs to (``renewables``, ``storage``, ``grid``, ``coal``, ``load``).
    en, zh : str
        Labels in English and Chinese.
    """

    name: str
    unit: str
    symbol: str
    component: str
    en: str
    zh: str


#: Capacities the optimiser sizes and the dispatch takes, in the order of every per-asset array.
ASSETS: tuple[Term, ...] = (
    Term("wind_mw", "MW", "W", "renewables", "wind", "风电"),
    Term("solar_mw", "MW", "S", "renewables", "solar PV", "光伏"),
    Term("storage_mwh", "MWh", "E", "storage", "storage energy", "储能容量"),
    Term("storage_mw", "MW", "P", "storage", "storage power", "储能功率"),
)

#: Hourly flows of the rule-based dispatch: rows of the kernel's output (SOC at the hour's end).
FLOWS: tuple[Term, ...] = (
    Term("renewable_direct_mw", "MW", "d", "renewables", "renewable to load", "新能源直供"),
    Term("storage_charge_mw", "MW", "c", "storage", "storage charge", "储能充电"),
    Term("storage_discharge_mw", "MW", "q", "storage", "storage discharge", "储能放电"),
    Term("soc_mwh", "MWh", "soc", "storage", "state of charge", "荷电状态"),
    Term("export_mw", "MW", "e", "grid", "export", "上网"),
    Term("curtailed_mw", "MW", "k", "renewables", "curtailed", "弃电"),
    Term("coal_mw", "MW", "g", "coal", "captive coal", "自备煤电"),
    Term("import_mw", "MW", "i", "grid", "grid import", "网购电"),
    Term("unserved_mw", "MW", "u", "load", "unserved", "缺电"),
    Term("process_forced_mw", "MW", "p_f", "process", "process power (forced)", "工艺负荷(刚性)"),
    Term("process_surplus_mw", "MW", "p_o", "process", "process power from surplus", "消纳余电"),
    Term("product_shortfall_mwh", "MWh", "sf", "process", "product shortfall", "产品缺口"),
    Term("load_curtailed_mw", "MW", "z", "load", "curtailed load", "可中断负荷削减"),
)

#: Yearly sums of a dispatch [MWh, the peak in MW, the hour count in h], columns of the kernels'
#: yearly output and of the LP's yearly sums.
SUMS: tuple[Term, ...] = (
    Term("load_mwh", "MWh", "L", "load", "load", "负荷"),
    Term("wind_available_mwh", "MWh", "Ww", "renewables", "wind available", "风电可发"),
    Term("solar_available_mwh", "MWh", "Ss", "renewables", "solar available", "光伏可发"),
    Term("renewable_direct_mwh", "MWh", "d", "renewables", "renewable to load", "新能源直供"),
    Term("storage_charge_mwh", "MWh", "c", "storage", "storage charge", "储能充电"),
    Term("storage_discharge_mwh", "MWh", "q", "storage", "storage discharge", "储能放电"),
    Term("export_mwh", "MWh", "e", "grid", "export", "上网"),
    Term("curtailed_mwh", "MWh", "k", "renewables", "curtailed", "弃电"),
    Term("coal_mwh", "MWh", "g", "coal", "captive coal", "自备煤电"),
    Term("import_mwh", "MWh", "i", "grid", "grid import", "网购电"),
    Term("unserved_mwh", "MWh", "u", "load", "unserved", "缺电"),
    Term("peak_import_mw", "MW", "max i", "grid", "peak import", "最大网购功率"),
    Term("unserved_hours", "h", "#u>0", "load", "hours with unserved load", "缺电小时数"),
    Term("process_forced_mwh", "MWh", "p_f", "process", "process energy (forced)", "工艺用电"),
    Term("process_surplus_mwh", "MWh", "p_o", "process", "process energy from surplus", "消纳余电"),
    Term("product_shortfall_mwh", "MWh", "sf", "process", "product shortfall", "产品缺口"),
    Term("load_curtailed_mwh", "MWh", "z", "load", "curtailed load", "可中断负荷削减电量"),
    Term("process_renewable_mwh", "MWh", "p_r", "process", "renewable process energy", "工艺绿电"),
)

#: The coal minimum load m_y when a flexibility retrofit makes it a decision.
COAL_MIN_ASSET = Term("coal_min_load_mw", "MW", "m", "coal", "coal minimum load", "煤电最小出力")


def store_assets(name: str) -> tuple[Term, Term]:
    """Energy and power capacity of the store ``name`` (``storage`` → ``storage_mwh``, ...)."""
    if name == "storage":
        return ASSETS[2], ASSETS[3]
    return (
        Term(f"{name}_mwh", "MWh", f"E[{name}]", "storage", f"{name} energy", f"{name} 储能容量"),
        Term(f"{name}_mw", "MW", f"P[{name}]", "storage", f"{name} power", f"{name} 储能功率"),
    )


def process_assets(name: str) -> tuple[Term, Term]:
    """Capacity and product buffer of the flexible process ``name``."""
    return (
        Term(f"{name}_mw", "MW", f"P[{name}]", "process", f"{name} capacity", f"{name} 容量"),
        Term(
            f"{name}_buffer_mwh", "MWh", f"B[{name}]", "process", f"{name} buffer",
            f"{name} 产品储罐",
        ),
    )  # fmt: skip


def asset_terms(
    stores: tuple[str, ...] | list[str], processes: tuple[str, ...] | list[str], retrofit: bool
) -> tuple[Term, ...]:
    """Return the capacities of a park, in the order of every per-asset array.

    Wind, solar, each store's energy and power, each process's capacity and buffer, the coal
    minimum load (with a retrofit option).
    """
    out: list[Term] = [ASSETS[0], ASSETS[1]]
    for s in stores:
        out += store_assets(s)
    for p in processes:
        out += process_assets(p)
    if retrofit:
        out.append(COAL_MIN_ASSET)
    return tuple(out)


def capacity_pairs(terms: Iterable[Term], component: str) -> tuple[tuple[str, str], ...]:
    """Pair the two capacities of each store or process among a park's asset terms.

    Parameters
    ----------
    terms : iterable of Term
        A park's capacities (:func:`asset_terms`).
    component : {"storage", "process"}
        ``storage``: (energy [MWh], power [MW]) of each store; ``process``: (capacity [MW],
        buffer [MWh]) of each flexible process; in list order.
    """
    names = [t.name for t in terms if t.component == component]
    return tuple(zip(names[0::2], names[1::2], strict=True))


def capacity_term(name: str, names: Iterable[str]) -> Term | None:
    """Return the term of a capacity column without its park (e.g. in a plan's table).

    ``NAME_buffer_mwh`` is a process buffer, ``NAME_mwh`` a store's energy, ``NAME_mw`` that
    store's power when ``NAME_mwh`` is among ``names`` and a process capacity otherwise; the
    park's base assets and the coal minimum load are themselves. None for other names.
    """
    base = {t.name: t for t in (*ASSETS, COAL_MIN_ASSET)}
    if name in base:
        return base[name]
    names = set(names)
    if name.endswith("_buffer_mwh"):
        return process_assets(name.removesuffix("_buffer_mwh"))[1]
    if name.endswith("_mwh"):
        return store_assets(name.removesuffix("_mwh"))[0]
    if name.endswith("_mw"):
        item = name.removesuffix("_mw")
        return store_assets(item)[1] if f"{item}_mwh" in names else process_assets(item)[0]
    return None


def store_pairs_in(names: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """Find the stores among capacity names without their park (e.g. a plan table's columns).

    A store's energy is ``NAME_mwh`` with its power ``NAME_mw`` beside it (:func:`store_assets`);
    a process buffer (``NAME_buffer_mwh``) is not a store.
    """
    names = list(names)
    return tuple(
        (e, e.removesuffix("_mwh") + "_mw")
        for e in names
        if e.endswith("_mwh")
        and not e.endswith("_buffer_mwh")
        and e.removesuffix("_mwh") + "_mw" in names
    )


def storage_totals(caps: Mapping[str, Any], stores: Iterable[tuple[str, str]]) -> tuple[Any, Any]:
    """Return the storage energy [MWh] and power [MW] of a park: the sums over its stores.

    The storage rules of the policy and the report's storage views take these totals.

    Parameters
    ----------
    caps : mapping
        Capacity name → value (a number, an array or a pandas Series; one value per year).
    stores : iterable of (str, str)
        (energy, power) names of each store (:func:`capacity_pairs`).
    """
    pairs = tuple(stores)
    return sum(caps[e] for e, _ in pairs), sum(caps[p] for _, p in pairs)


#: Items of a plan's yearly cost breakdown (``cost_breakdown`` of plan.json) [currency/yr], in the
#: order every table and figure shows them; total = annuities + fixed O&M + import + fuel − export
#: revenue + unserved (+ the items of :data:`COMPONENT_COST_ITEMS` where the park has them).
COST_ITEMS: tuple[str, ...] = (
    "wind_annuity",
    "solar_annuity",
    "storage_energy_annuity",
    "storage_power_annuity",
    "fixed_om",
    "import_cost",
    "fuel_cost",
    "export_revenue",
    "unserved_cost",
    "retrofit_annuity",
    "process_annuity",
    "curtail_cost",
    "shortfall_cost",
)
#: Cost items of components, present only in plans of parks that have them: the coal retrofit's
#: annuity, the flexible processes' annuities (capacity and buffer), the curtailed load's cost and
#: the product shortfall cost.
COMPONENT_COST_ITEMS: tuple[str, ...] = (
    "retrofit_annuity",
    "process_annuity",
    "curtail_cost",
    "shortfall_cost",
)

ASSET_NAMES: tuple[str, ...] = tuple(t.name for t in ASSETS)
FLOW_NAMES: tuple[str, ...] = tuple(t.name for t in FLOWS)
SUM_NAMES: tuple[str, ...] = tuple(t.name for t in SUMS)

#: Hourly variables of the LP → the flow they are (same symbol, same unit).
LP_FLOWS: dict[str, str] = {
    "direct_mw": "renewable_direct_mw",
    "charge_mw": "storage_charge_mw",
    "discharge_mw": "storage_discharge_mw",
    "soc_mwh": "soc_mwh",
    "export_mw": "export_mw",
    "curtailed_mw": "curtailed_mw",
    "coal_mw": "coal_mw",
    "import_mw": "import_mw",
    "unserved_mw": "unserved_mw",
}

#: Columns of ``hourly.parquet`` (simulation and LP alike; the contract of the foundation issue).
HOURLY_COLUMNS: tuple[str, ...] = (
    "year",
    "hour",
    "load_mw",
    "wind_available_mw",
    "solar_available_mw",
    "renewable_to_load_mw",
    "storage_charge_mw",
    "storage_discharge_mw",
    "soc_mwh",
    "export_mw",
    "curtailed_mw",
    "coal_mw",
    "import_mw",
    "unserved_mw",
)

#: HiGHS algorithms a sizing may ask for (HiGHS option ``solver``). ``ipm`` is HiGHS's own choice of
#: interior point method (HiPO when the ``highspy-extras`` package is installed, else IPX); ``ipx``
#: and ``hipo`` name one of them.
SOLVER_ALGORITHMS: tuple[str, ...] = ("choose", "simplex", "ipm", "ipx", "hipo", "pdlp")

_ALL = {t.name: t for t in (*ASSETS, COAL_MIN_ASSET, *FLOWS, *SUMS)}


def term(name: str) -> Term:
    """Return the :class:`Term` of a name (KeyError for an unknown one)."""
    return _ALL[name]


def label(name: str, lang: str = "en") -> str:
    """Label of a name in ``en`` or ``zh`` (the name itself when it is not in the vocabulary)."""
    t = _ALL.get(name)
    if t is None:
        return name
    return t.zh if lang == "zh" else t.en


def renewable_to_load(
    direct: np.ndarray | float,
    discharge: np.ndarray | float,
    process_surplus: np.ndarray | float = 0.0,
):
    """Renewable energy that reaches the park's demand, d + p_o + q.

    Direct use, surplus taken by flexible processes, storage discharge.

    The stores charge only from on-park renewables, so their discharge is renewable; the
    optional process power p_o uses only the renewable surplus (``docs/model.md`` §4). The
    renewable share is Σ(d + p_o + q) / Σ(L + p_f + p_o − z).
    """
    return direct + process_surplus + discharge


def park_demand(
    load: np.ndarray | float,
    process_forced: np.ndarray | float = 0.0,
    process_surplus: np.ndarray | float = 0.0,
    load_curtailed: np.ndarray | float = 0.0,
):
    """Return the park's electricity demand L + p_f + p_o − z.

    Fixed load plus process power less curtailed load; unserved energy stays in it.
    """
    return load + process_forced + process_surplus - load_curtailed
