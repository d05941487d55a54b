"""Variants of a scenario without copying files: ``--set KEY=VALUE`` and ``[variants.NAME]``.

A study asks "what if wind cost 3500 CNY/kW?", "what if the connection were 300 MW?". Instead of a
hand-copied TOML file per question, a scenario is changed by **overrides**:

- on the command line, ``--set wind.capex_per_kw=3500 --set targets=[0.3,0.5,0.6]
  --set loads[0].annual_mwh=1e6``: a dotted key (``[i]`` picks the i-th entry of a list, from 0)
  and a TOML value (a number, ``true``/``false``, a list ``[...]``, an inline table ``{...}``, a
  quoted string; a bare word such as ``zero-carbon`` or ``data/wind.csv`` is taken as text);
- in the scenario file, named **variants** (Calliope's scenarios): ``[variants.NAME]`` tables
  whose keys are overrides of the base scenario, nested tables or dotted keys, e.g.

  .. code-block:: toml

      [variants.cheap-wind]
      wind.capex_per_kw = 3000
      [variants.big-grid]
      grid = { import_max_mw = 600 }      # merged into [grid]: its other keys stay
      "loads[0]".annual_mwh = 1.2e6

``--variant NAME`` (several allowed) applies variants in the order given, then every ``--set``.
A table value is merged into the table it replaces (its other keys stay); any other value,
a list included, replaces the old one. The result is validated like a scenario file, so an
unknown key or a bad value is an :class:`~simulator.core.errors.InputError` that names the option
(or the file and ``variants.NAME``) and the key.

The Python entry point is :func:`simulator.core.scenario.load_scenario` with ``overrides=`` and
``variants=``; :func:`parse_sets` and :func:`apply_overrides` are the building blocks (sweeps use
them for their own ``--set``).
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.core.errors import InputError

__all__ = [
    "SET_OPTION",
    "VARIANT_OPTION",
    "Override",
    "apply_overrides",
    "blame",
    "flat_overrides",
    "format_key",
    "normalise_overrides",
    "parse_key",
    "parse_set",
    "parse_sets",
    "parse_value",
    "resolve_data",
]

#: Names of the command-line options, for messages.
SET_OPTION = "--set"
VARIANT_OPTION = "--variant"

_PART = r"[A-Za-z_][A-Za-z0-9_\-]*"
_KEY_TOKEN = re.compile(rf"(?:^|\.)({_PART})|\[(\d+)\]")
_KEY_FULL = re.compile(rf"^{_PART}(?:\.{_PART}|\[\d+\])*$")
_BARE_WORD = re.compile(r"^[A-Za-z_\u4e00-\u9fff][\w\-./ \u4e00-\u9fff]*$")

#: A key of a scenario: table keys (str) and list indices (int).
KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Override:
    """One override: where it came from, its key and its value.

    Attributes
    ----------
    key : str
        The dotted key as written (``"loads[0].annual_mwh"``).
    path : tuple of (str or int)
        The key split into table keys and list indices (``("loads", 0, "annual_mwh")``).
    value : object
        The value (as read from TOML).
    source : str
        ``"--set"`` or the scenario file; for messages.
    prefix : str
        What the key is written under in ``source`` (``"variants.cheap-wind."``), for messages.
    """

    key: str
    path: KeyPath
    value: Any
    source: str = SET_OPTION
    prefix: str = ""

    @property
    def field(self) -> str:
        """The key as written in its source (with the variant's table in front)."""
        return self.prefix + self.key


def parse_key(key: str, source: str = SET_OPTION) -> KeyPath:
    """Split a dotted key into table keys and list indices.

    Parameters
    ----------
    key : str
        ``"wind.capex_per_kw"``, ``"loads[0].annual_mwh"``, ``"targets[2]"``.
    source : str
        The option or file, for the message.

    Returns
    -------
    tuple of (str or int)
        ``("loads", 0, "annual_mwh")``.

    Raises
    ------
    InputError
        When the key is not of that form.
    """
    key = key.strip()
    if not _KEY_FULL.match(key):
        raise InputError(
            source,
            key or None,
            "not a scenario key; write table keys separated by dots and list positions in "
            "brackets, e.g. wind.capex_per_kw or loads[0].annual_mwh",
        )
    out: list[str | int] = []
    for m in _KEY_TOKEN.finditer(key):
        out.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
    return tuple(out)


def format_key(path: Sequence[str | int]) -> str:
    """Write a key path back as a dotted key (``("loads", 0, "csv")`` → ``"loads[0].csv"``)."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + part
    return out


def parse_value(text: str, key: str = "", source: str = SET_OPTION) -> Any:
    """Read the value of a ``--set`` as TOML.

    ``3500``, ``1e6``, ``0.35``, ``true``, ``[0.3, 0.5]``, ``{ import_max_mw = 600 }`` and
    ``"text"`` are TOML values; a bare word (``zero-carbon``, ``data/load.csv``) is taken as text.

    Raises
    ------
    InputError
        An empty value, or broken TOML (an unclosed list, say), naming the key.
    """
    text = text.strip()
    if not text:
        raise InputError(source, key or None, "no value after '='")
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError as exc:
        if _BARE_WORD.match(text):
            return text
        reason = str(exc).split(" (at ")[0]
        raise InputError(
            source,
            key or None,
            f"{text!r} is not a TOML value ({reason}); write a number, true/false, "
            "a list [1, 2] or a quoted string",
        ) from None


def parse_set(text: str, source: str = SET_OPTION) -> Override:
    """Parse one ``KEY=VALUE`` of ``--set``.

    Raises
    ------
    InputError
        No ``=``, a bad key or a bad value; the message names the option and the key.
    """
    key, sep, value = text.partition("=")
    if not sep:
        raise InputError(
            source, text.strip() or None, "needs KEY=VALUE, e.g. --set wind.capex_per_kw=3500"
        )
    key = key.strip()
    path = parse_key(key, source)
    return Override(key, path, parse_value(value, key, source), source)


def parse_sets(texts: Iterable[str] | None, source: str = SET_OPTION) -> list[Override]:
    """Parse the ``KEY=VALUE`` texts of repeated ``--set`` options, in order."""
    return [parse_set(t, source) for t in (texts or [])]


def _flatten_table(
    table: Mapping[str, Any], base: Any, prefix: KeyPath, source: str
) -> list[tuple[KeyPath, Any]]:
    """Leaves of a nested override table: recurse where the base holds a table too."""
    out: list[tuple[KeyPath, Any]] = []
    for k, v in table.items():
        path = prefix + parse_key(str(k), source) if isinstance(k, str) else prefix + (k,)
        target = _get(base, path)
        if isinstance(v, dict) and v and (target is _MISSING or isinstance(target, dict)):
            out += _flatten_table(v, base, path, source)
        else:
            out.append((path, v))
    return out


def normalise_overrides(
    overrides: Mapping[str, Any] | Sequence[str] | Sequence[Override] | None,
    base: Mapping[str, Any] | None = None,
    source: str | None = None,
    prefix: str = "",
) -> list[Override]:
    """Turn overrides given in any accepted form into a list of :class:`Override`.

    Parameters
    ----------
    overrides : mapping, sequence of str, sequence of Override, or None
        ``{"wind.capex_per_kw": 3500}`` (dotted keys; a nested table is merged into the table of
        the base it replaces), ``["wind.capex_per_kw=3500"]`` (``--set`` texts, values read as
        TOML) or :class:`Override` objects (kept as they are).
    base : mapping, optional
        The scenario data the overrides apply to (to tell a table merge from a replacement).
    source : str, optional
        The option or file the overrides come from, for messages; default ``"--set"`` for
        texts and ``"overrides"`` for a mapping (the Python API).
    prefix : str
        Written before each key in messages (``"variants.NAME."``).

    Returns
    -------
    list of Override
    """
    if overrides is None:
        return []
    if isinstance(overrides, Mapping):
        source = source or "overrides"
        leaves = _flatten_table(overrides, base or {}, (), source)
        return [Override(format_key(p), p, v, source, prefix) for p, v in leaves]
    if isinstance(overrides, str):
        overrides = [overrides]
    source = source or SET_OPTION
    out: list[Override] = []
    for item in overrides:
        if isinstance(item, Override):
            out.append(item)
        elif isinstance(item, str):
            ov = parse_set(item, source)
            out.append(Override(ov.key, ov.path, ov.value, source, prefix))
        else:
            raise InputError(
                source, None, f"an override is 'KEY=VALUE' text, not {type(item).__name__}"
            )
    return out


class _Missing:
    pass


_MISSING: Any = _Missing()


def _get(data: Any, path: KeyPath) -> Any:
    node = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return _MISSING
            node = node[part]
        else:
            if not isinstance(node, dict) or part not in node:
                return _MISSING
            node = node[part]
    return node


def _merge(old: Any, new: Any) -> Any:
    """Merge a table into a table (old keys stay); any other value replaces."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = dict(old)
        for k, v in new.items():
            out[k] = _merge(old.get(k, _MISSING), v) if k in old else copy.deepcopy(v)
        return out
    return copy.deepcopy(new)


def apply_overrides(data: dict[str, Any], overrides: Iterable[Override]) -> dict[str, Any]:
    """Return a copy of scenario data with the overrides applied in order (no validation).

    Tables on the way to a key are created when missing (``coal.capacity_mw`` adds a ``[coal]``
    table); list entries must exist.

    Raises
    ------
    InputError
        A list position beyond the end, or a key below a value that is not a table, naming the
        override's source and key.
    """
    out = copy.deepcopy(data)
    for ov in overrides:
        node: Any = out
        for depth, part in enumerate(ov.path):
            last = depth == len(ov.path) - 1
            here = format_key(ov.path[:depth]) or "the scenario"
            if isinstance(part, int):
                if not isinstance(node, list):
                    what = (
                        "is not set in the scenario (its default applies); set the whole list, "
                        f"e.g. {SET_OPTION} {here}=[...]"
                        if node is _MISSING or node is None
                        else "is not a list"
                    )
                    raise InputError(ov.source, ov.field, f"{here} {what}")
                if part >= len(node):
                    raise InputError(
                        ov.source,
                        ov.field,
                        f"{here} has {len(node)} entr{'y' if len(node) == 1 else 'ies'} "
                        f"(positions 0 to {len(node) - 1}); position {part} does not exist",
                    )
            elif not isinstance(node, dict):
                raise InputError(ov.source, ov.field, f"{here} is a value, not a table")
            if last:
                old = node[part] if (isinstance(node, list) or part in node) else _MISSING
                node[part] = _merge(old, ov.value) if old is not _MISSING else ov.value
            else:
                nxt = node[part] if isinstance(node, list) else node.get(part, _MISSING)
                if nxt is _MISSING or nxt is None:
                    if isinstance(ov.path[depth + 1], int):
                        raise InputError(
                            ov.source,
                            ov.field,
                            f"{format_key(ov.path[: depth + 1])} is not set in the scenario "
                            "(its default applies); set the whole list, e.g. "
                            f"{SET_OPTION} {format_key(ov.path[: depth + 1])}=[...]",
                        )
                    nxt = {}
                    node[part] = nxt
                node = nxt
    return out


def flat_overrides(overrides: Iterable[Override]) -> dict[str, Any]:
    """Return ``{dotted key: value}`` of overrides in order (a later one of a key wins)."""
    return {ov.key: ov.value for ov in overrides}


def _is_prefix(a: KeyPath, b: KeyPath) -> bool:
    return len(a) <= len(b) and tuple(b[: len(a)]) == tuple(a)


def blame(overrides: Sequence[Override], field: str | None) -> Override | None:
    """Return the last override whose key leads to ``field`` or lies under it, or None."""
    if not field:
        return None
    try:
        path = parse_key(field)
    except InputError:
        return None
    for ov in reversed(overrides):
        if _is_prefix(ov.path, path) or _is_prefix(path, ov.path):
            return ov
    return None


def resolve_data(
    data: dict[str, Any],
    source: str | Path,
    variants: Sequence[str] | None = None,
    overrides: Mapping[str, Any] | Sequence[str] | Sequence[Override] | None = None,
    overrides_source: str | None = None,
) -> tuple[dict[str, Any], list[Override], list[Override], list[str]]:
    """Apply a file's variants (in order) and then the overrides to its scenario data.

    Parameters
    ----------
    data : dict
        The scenario file as read from TOML, with its ``variants`` table if any.
    source : str or Path
        The scenario file, for messages.
    variants : sequence of str, optional
        Names of ``[variants.NAME]`` tables of the file, applied in this order.
    overrides : mapping or sequence, optional
        Applied after the variants (:func:`normalise_overrides`).
    overrides_source : str, optional
        Where the overrides come from, for messages (default ``--set`` or ``overrides``).

    Returns
    -------
    data : dict
        The scenario data without ``variants``, everything applied (not yet validated).
    from_variants : list of Override
        The variants' overrides, in the order applied.
    from_overrides : list of Override
        ``overrides``, applied after them.
    names : list of str
        The variant names applied.

    Raises
    ------
    InputError
        An unknown variant (naming the file and the variants it has), a ``variants`` entry that
        is not a table, or a bad override key or value.
    """
    src = str(source)
    data = dict(data)
    table = data.pop("variants", {})
    if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
        raise InputError(src, "variants", "must be tables [variants.NAME] of overrides")
    applied: list[Override] = []
    names = [str(v) for v in (variants or [])]
    for name in names:
        if name not in table:
            have = ", ".join(table) if table else "none"
            raise InputError(
                src, f"{VARIANT_OPTION} {name}", f"no such variant (the file has: {have})"
            )
        ovs = normalise_overrides(table[name], data, src, f"variants.{name}.")
        data = apply_overrides(data, ovs)
        applied += ovs
    ovs = normalise_overrides(overrides, data, overrides_source)
    data = apply_overrides(data, ovs)
    return data, applied, ovs, names
