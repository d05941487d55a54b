"""Typer options shared by every command that takes a scenario: ``--set`` and ``--variant``.

Use them as parameters of a command and pass both to
:func:`simulator.core.scenario.load_scenario` (``overrides=set_, variants=variant``); a bad key,
value or variant is an :class:`~simulator.core.errors.InputError` (exit 2, one line naming the
option or the file and the key).
"""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["SetOpt", "VariantOpt"]

#: ``--set KEY=VALUE`` (repeatable): change one scenario key, value read as TOML.
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="KEY=VALUE",
        help="Change a scenario key, e.g. --set wind.capex_per_kw=3500 --set "
        "targets=[0.3,0.5,0.6] --set loads[0].annual_mwh=1e6 (value read as TOML; repeatable; "
        "applied after --variant).",
    ),
]
#: ``--variant NAME`` (repeatable): apply the scenario file's ``[variants.NAME]``.
VariantOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--variant",
        metavar="NAME",
        help="Apply the table variants.NAME of the scenario file (overrides; repeatable, "
        "applied in order, before --set).",
    ),
]
