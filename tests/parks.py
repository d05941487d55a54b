"""Small parks for the optimiser tests: a flat 100 MW load, 1 year by default."""

from __future__ import annotations

from simulator.core.scenario import Scenario, scenario_from_dict


def park(years: int = 1, **sections) -> Scenario:
    """A park with a flat 100 MW load; sections replace the defaults below."""
    d = {
        "name": "tiny",
        "park_type": "low-carbon",
        "start_year": 2030,
        "years": years,
        "site": {"latitude_deg": 40.0, "longitude_deg": 110.0},
        "loads": [{"name": "plant", "archetype": "flat", "annual_mwh": 876_000.0}],
        "wind": {"existing_mw": 0, "max_mw": 1000},
        "solar": {"existing_mw": 0, "max_mw": 1000},
        "storage": {"max_mwh": 0, "max_mw": 0},
        "grid": {"import_max_mw": 200, "import_price_per_mwh": 350},
        "policy": {"voll_per_mwh": 5000},
    }
    d.update(sections)
    return scenario_from_dict(d)


def storage_park(years: int = 1, **sections) -> Scenario:
    """:func:`park` with storage allowed (2000 MWh / 500 MW) and a cheaper, larger grid."""
    defaults = {
        "storage": {"max_mwh": 2000, "max_mw": 500},
        "grid": {"import_max_mw": 400, "import_price_per_mwh": 150},
    }
    return park(years, **{**defaults, **sections})
