"""``parkbalance rules [SCENARIO]``: the rule sets (packs) and their rules, with sources.

Imported by :mod:`simulator.cli.app` (which owns the typer ``app``), so the command registers there.
"""

from __future__ import annotations

from typing import Annotated

import typer

from simulator.cli.app import app, cli_errors
from simulator.cli.options import SetOpt, VariantOpt

__all__ = ["rules_cmd"]


@app.command("rules")
@cli_errors
def rules_cmd(
    scenario: Annotated[
        str | None,
        typer.Argument(help="Built-in scenario name or TOML path: show its rules per year."),
    ] = None,
    set_: SetOpt = None,
    variant: VariantOpt = None,
) -> None:
    """List the rule sets and their rules with sources, or a scenario's rules by year."""
    from simulator.core.rules import rules_text
    from simulator.core.scenario import load_scenario

    sc = None if scenario is None else load_scenario(scenario, overrides=set_, variants=variant)
    print(rules_text(sc))
