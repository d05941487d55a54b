"""What the report shows of a park's own stores, flexible processes, curtailable loads and retrofit.

The names are the park's capacities (:meth:`simulator.core.scenario.Scenario.asset_names`, the same
for a simulation and for a sizing plan) and the per-item yearly sums of
:func:`simulator.core.simulate.item_sums`; their labels and units come from
:mod:`simulator.core.vocabulary`. Without the scenario (an output moved without its provenance) the
items are read from the capacity and KPI columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.core.vocabulary import COAL_MIN_ASSET, Term, asset_terms, label, term
from simulator.report.i18n import COLUMNS, column_label

if TYPE_CHECKING:  # pragma: no cover
    from simulator.report.inputs import ReportInputs

__all__ = [
    "ParkItems",
    "capacity_label",
    "capacity_names",
    "item_kpi_names",
    "kpi_label",
    "park_items",
]

#: Yearly sums kept per store, per process and per curtailable load (``NAME_suffix``) → the sum
#: of :data:`simulator.core.vocabulary.SUMS` whose label and unit they share.
_STORE_SUMS = (("charge_mwh", "storage_charge_mwh"), ("discharge_mwh", "storage_discharge_mwh"))
_PROCESS_SUMS = (
    ("forced_mwh", "process_forced_mwh"),
    ("surplus_mwh", "process_surplus_mwh"),
    ("shortfall_mwh", "product_shortfall_mwh"),
    ("renewable_mwh", "process_renewable_mwh"),
)
_LOAD_SUMS = (("curtailed_mwh", "load_curtailed_mwh"),)


@dataclass(frozen=True)
class ParkItems:
    """The park's own peaking resources as the report sees them.

    Attributes
    ----------
    stores, processes, curtailable : tuple of str
        Names of the stores (dispatch order), flexible processes and curtailable loads.
    retrofit : bool
        The coal minimum load is a decision ``coal_min_load_mw`` (a flexibility retrofit).
    coal_capacity_mw, coal_min_mw, coal_floor_mw : float or None
        The coal unit's capacity, its minimum load before any retrofit and the lowest minimum
        load the retrofit reaches [MW] (None without the scenario or without a retrofit).
    """

    stores: tuple[str, ...] = ()
    processes: tuple[str, ...] = ()
    curtailable: tuple[str, ...] = ()
    retrofit: bool = False
    coal_capacity_mw: float | None = None
    coal_min_mw: float | None = None
    coal_floor_mw: float | None = None

    @property
    def flexible(self) -> bool:
        """Whether the park's demand is L + p_f + p_o − z (processes or curtailable loads)."""
        return bool(self.processes or self.curtailable)

    @property
    def any(self) -> bool:
        """Whether the park has any component beyond one store named ``storage``."""
        return self.flexible or self.retrofit or self.stores not in ((), ("storage",))

    @property
    def terms(self) -> tuple[Term, ...]:
        """The park's capacities in the order of every per-asset array."""
        return asset_terms(self.stores, self.processes, self.retrofit)


def park_items(inp: ReportInputs) -> ParkItems:
    """Return the park's stores, processes, curtailable loads and retrofit option.

    From the scenario behind the outputs when found, else from the capacity and KPI columns.
    """
    found = inp.scenario if inp.kind != "sweep" else None
    if found is not None:
        sc = found.scenario
        coal = sc.coal
        retro = bool(sc.has_retrofit and coal is not None)
        return ParkItems(
            stores=tuple(st.name for st in sc.stores),
            processes=tuple(pr.name for pr in sc.processes),
            curtailable=tuple(ld.name for ld in sc.curtailable_loads),
            retrofit=retro,
            coal_capacity_mw=coal.capacity_mw if coal is not None else None,
            coal_min_mw=coal.min_load_share * coal.capacity_mw if coal is not None else None,
            coal_floor_mw=(
                coal.retrofit_min_load_share * coal.capacity_mw
                if retro and coal is not None and coal.retrofit_min_load_share is not None
                else None
            ),
        )
    return _items_from_columns(inp)


def _items_from_columns(inp: ReportInputs) -> ParkItems:
    """Read the items from the capacity columns and the KPI keys (no scenario at hand)."""
    cols = [] if inp.capacities is None else [str(c) for c in inp.capacities.columns]
    processes = tuple(c.removesuffix("_buffer_mwh") for c in cols if c.endswith("_buffer_mwh"))
    stores = tuple(
        c.removesuffix("_mwh")
        for c in cols
        if c.endswith("_mwh") and not c.endswith("_buffer_mwh") and f"{c[:-4]}_mw" in cols
    )
    if len(stores) > 1 and "storage" in stores:  # the report's sum over the stores
        stores = tuple(s for s in stores if s != "storage")
    keys = {k for r in (inp.kpis_sim or inp.kpis_lp or []) for k in r}
    curt = tuple(
        sorted(
            k.removesuffix("_curtailed_mwh")
            for k in keys
            if k.endswith("_curtailed_mwh") and k != "load_curtailed_mwh"
        )
    )
    return ParkItems(
        stores=stores,
        processes=processes,
        curtailable=curt,
        retrofit="coal_min_load_mw" in cols,
    )


def capacity_names(items: ParkItems, columns: list[str]) -> list[str]:
    """Capacity columns of the plan sheet, in the park's asset order.

    Wind, solar, each store's energy and power (with several stores, then their sums
    ``storage_mwh`` and ``storage_mw``), each process's capacity and buffer, the coal minimum
    load; only names present in ``columns``.
    """
    names = [t.name for t in items.terms]
    if len(items.stores) > 1:
        k = 2 + 2 * len(items.stores)
        names[k:k] = ["storage_mwh", "storage_mw"]
    return [n for n in names if n in columns]


def _terms(items: ParkItems) -> dict[str, Term]:
    return {t.name: t for t in items.terms}


def capacity_label(name: str, lang: str, items: ParkItems) -> str:
    """Workbook header of a capacity with its unit (``lds energy [MWh]``).

    Wind, solar and the storage sums keep the report's own headers; the storage sums are marked
    as sums over the stores when the park has several.
    """
    if name in ("storage_mwh", "storage_mw") and len(items.stores) > 1:
        return column_label(f"{name}_sum", lang)
    if name in COLUMNS:
        return column_label(name, lang)
    t = _terms(items).get(name)
    if t is None:
        return name
    text = t.zh if lang == "zh" else t.en
    if name == COAL_MIN_ASSET.name:  # not named after an item of the park: a capital letter
        text = text[:1].upper() + text[1:]
    return f"{text} [{t.unit}]"


def item_kpi_names(items: ParkItems) -> list[tuple[str, str, str]]:
    """Per-item yearly KPIs: (column, item name, the sum of the vocabulary it is a part of)."""
    out: list[tuple[str, str, str]] = []
    stores = [s for s in items.stores if s != "storage"]  # ``storage`` sums are the park's
    out += [(f"{s}_{suf}", s, gen) for s in stores for suf, gen in _STORE_SUMS]
    out += [(f"{p}_{suf}", p, gen) for p in items.processes for suf, gen in _PROCESS_SUMS]
    out += [(f"{ld}_{suf}", ld, gen) for ld in items.curtailable for suf, gen in _LOAD_SUMS]
    return out


def kpi_label(name: str, lang: str, items: ParkItems) -> str:
    """Workbook header of a yearly KPI of a park with components, with its unit.

    ``load_mwh`` is the park's demand L + p_f + p_o − z where it has processes or curtailable
    loads; a per-item KPI reads ``battery: storage charge [MWh]``.
    """
    if name == "load_mwh" and items.flexible:
        return column_label("demand_mwh", lang)
    if name in COLUMNS:
        return column_label(name, lang)
    for col, item, gen in item_kpi_names(items):
        if col == name:
            sep = "：" if lang == "zh" else ": "
            return f"{item}{sep}{label(gen, lang)} [{term(gen).unit}]"
    try:
        t = term(name)
    except KeyError:
        return name
    text = label(name, lang)
    return f"{text[:1].upper()}{text[1:]} [{t.unit}]"
