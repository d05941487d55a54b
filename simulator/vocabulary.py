"""The model's vocabulary: assets, hourly flows, yearly sums, their units, symbols and labels.

This module is the one home of these names. The dispatch kernels, the LP, sizing, sweeps, KPIs and
the report read them from here; ``docs/model.md`` uses the symbols. A new component adds its
assets, flows and sums here (``docs/architecture.md`` § Adding a component).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "ASSETS",
    "ASSET_NAMES",
    "FLOWS",
    "FLOW_NAMES",
    "HOURLY_COLUMNS",
    "LP_FLOWS",
    "SOLVER_ALGORITHMS",
    "SUMS",
    "SUM_NAMES",
    "Term",
    "label",
    "renewable_to_load",
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

_ALL = {t.name: t for t in (*ASSETS, *FLOWS, *SUMS)}


def term(name: str) -> Term:
    """Return the :class:`Term` of a name (KeyError for an unknown one)."""
    return _ALL[name]


def label(name: str, lang: str = "en") -> str:
    """Label of a name in ``en`` or ``zh`` (the name itself when it is not in the vocabulary)."""
    t = _ALL.get(name)
    if t is None:
        return name
    return t.zh if lang == "zh" else t.en


def renewable_to_load(direct: np.ndarray | float, discharge: np.ndarray | float):
    """Renewable energy that reaches the load: direct use plus storage discharge, d + q.

    The store charges only from on-park renewables, so its discharge is renewable
    (``docs/model.md`` §4); the renewable share is Σ(d + q) / ΣL.
    """
    return direct + discharge
