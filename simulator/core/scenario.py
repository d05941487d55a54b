"""Scenario model: one industrial park per TOML file, validated with pydantic.

The schema lives here and only here. Every model forbids unknown keys and is frozen, so a typo in
a scenario file is an error that names the key (Calliope's habit). Capacities are in MW / MWh,
money in the scenario currency, capital costs per kW or kWh.

Defaults come from the reference parameter table summarised in ``scenarios/README.md``.

Types are strict: a number must be a TOML number (``"4000"`` and ``true`` are refused; an integer
is accepted where a float is expected), a flag a TOML boolean. Every number has a physically sane
range (the ``MAX_*`` constants below, listed in ``docs/data.md``), so that a huge but finite input
cannot overflow the optimiser, the dispatch or the JSON writer.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)

from simulator.core.errors import InputError
from simulator.core.scenario_components import (
    Coal,
    Finance,
    Grid,
    Load,
    Policy,
    Process,
    RuleSetting,
    Solar,
    Storage,
    Wind,
)
from simulator.core.scenario_types import (
    ALLOW_OUTSIDE_ENV,
    HOURS_PER_YEAR,
    MAX_ANNUAL_MWH,
    MAX_CAPEX_PER_KW,
    MAX_CO2_T_PER_MWH,
    MAX_MW,
    MAX_MWH,
    MAX_PRICE_PER_MWH,
    MAX_SCENARIO_BYTES,
    RESERVED_NAMES,
    MeasuredProfile,
    Name,
    ProfileFiles,
    Share,
    Site,
    WholeNumber,
    _Model,
)

__all__ = [
    "ALLOW_OUTSIDE_ENV",
    "HOURS_PER_YEAR",
    "MAX_ANNUAL_MWH",
    "MAX_CAPEX_PER_KW",
    "MAX_CO2_T_PER_MWH",
    "MAX_MW",
    "MAX_MWH",
    "MAX_PRICE_PER_MWH",
    "Coal",
    "Finance",
    "Grid",
    "Load",
    "MeasuredProfile",
    "Policy",
    "Process",
    "ProfileFiles",
    "RuleSetting",
    "Scenario",
    "Site",
    "Solar",
    "Storage",
    "Wind",
    "builtin_scenarios",
    "default_targets",
    "load_scenario",
    "resolve_scenario_path",
    "scenario_from_dict",
    "scenario_variants",
]

class Scenario(_Model):
    """One park: where it is, what it uses, what it has, what it may build, what it must meet."""

    name: Name
    """Name of the park (1 to 200 characters)."""
    park_type: Literal["low-carbon", "zero-carbon"]
    """Policy class of the park; sets the default targets."""
    start_year: Annotated[WholeNumber, Field(ge=2000, le=2100)]
    """Calendar year of the first horizon year, 2000 to 2100."""
    years: Annotated[WholeNumber, Field(ge=1, le=30)]
    """Number of horizon years, 1 to 30."""
    targets: list[Share] | None = None
    """Renewable consumption share to meet in each year [1], each 0 to 1; default from
    park_type."""
    seed: Annotated[WholeNumber, Field(ge=-(2**63), lt=2**64)] = 0
    """Seed of the synthesised profiles (a 64-bit integer)."""
    description: Annotated[str, Field(max_length=10_000)] = ""
    """Free text, at most 10,000 characters."""
    site: Site
    profiles: ProfileFiles = ProfileFiles()
    loads: Annotated[list[Load], Field(min_length=1)]
    wind: Wind = Wind()
    solar: Solar = Solar()
    storage: Storage | Annotated[list[Storage], Field(min_length=1, max_length=10)] = Storage()
    processes: Annotated[list[Process], Field(max_length=10)] = []
    coal: Coal | None = None
    grid: Grid = Grid()
    policy: Policy = Policy()
    finance: Finance = Finance()

    # Where the file was read from (for relative profile paths and error messages); not a TOML key.
    source_path: Path | None = Field(default=None, exclude=True)
    # The file's variants and the overrides this scenario was resolved with (not TOML keys; see
    # :func:`load_scenario`); kept by ``model_copy``.
    _variants: tuple[str, ...] = PrivateAttr(default=())
    _overrides: dict = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _check_years(self) -> Scenario:
        if self.targets is not None and len(self.targets) != self.years:
            raise ValueError(f"targets has {len(self.targets)} values but years = {self.years}")
        for i, load in enumerate(self.loads):
            if isinstance(load.annual_mwh, list) and len(load.annual_mwh) not in (1, self.years):
                raise ValueError(
                    f"loads[{i}].annual_mwh has {len(load.annual_mwh)} values; "
                    f"give one or {self.years} (one per year)"
                )
        pol = self.policy
        for key in ("nonelectric_tce", "nonelectric_co2_t"):
            v = getattr(pol, key)
            if isinstance(v, list) and len(v) not in (1, self.years):
                raise ValueError(f"policy.{key}: has {len(v)} values; give one or {self.years}")
        for rid, setting in (pol.rules or {}).items():
            lim = setting.limit
            if isinstance(lim, list) and len(lim) not in (1, self.years):
                raise ValueError(
                    f"policy.rules.{rid}.limit: has {len(lim)} values; give one or {self.years}"
                )
        seen: dict[str, int] = {}
        for i, load in enumerate(self.loads):
            if load.name in seen:
                raise ValueError(
                    f"loads[{i}].name: duplicate load name (also loads[{seen[load.name]}].name);"
                    " names must be unique"
                )
            seen[load.name] = i
        names: dict[str, str] = {}
        parts = [(f"storage[{i}]", st.name) for i, st in enumerate(self.stores)] + [
            (f"processes[{i}]", pr.name) for i, pr in enumerate(self.processes)
        ]
        for where, name in parts:
            if name in names or name in RESERVED_NAMES:
                other = names.get(name, "a built-in asset")
                raise ValueError(
                    f"{where}.name: {name!r} is also {other}; store and process names must be "
                    "unique and differ from wind, solar, coal, grid"
                )
            names[name] = where
        return self

    @property
    def stores(self) -> tuple[Storage, ...]:
        """The park's stores in dispatch order (a single ``[storage]`` table is one store)."""
        st = self.storage
        return tuple(st) if isinstance(st, list) else (st,)

    @property
    def store(self) -> Storage:
        """The first store (the one of a single ``[storage]`` table)."""
        return self.stores[0]

    @property
    def has_retrofit(self) -> bool:
        """Whether the coal minimum load is a decision (a flexibility retrofit option is given)."""
        return self.coal is not None and self.coal.retrofit_min_load_share is not None

    def asset_terms(self) -> tuple:
        """Return the park's capacities per year, in the order of every per-asset array.

        See :func:`simulator.core.vocabulary.asset_terms`.
        """
        from simulator.core.vocabulary import asset_terms

        return asset_terms(
            [st.name for st in self.stores], [pr.name for pr in self.processes], self.has_retrofit
        )

    def store_pairs(self) -> tuple[tuple[str, str], ...]:
        """(energy, power) capacity names of each store, in list order."""
        from simulator.core.vocabulary import capacity_pairs

        return capacity_pairs(self.asset_terms(), "storage")

    def process_pairs(self) -> tuple[tuple[str, str], ...]:
        """(capacity, buffer) names of each flexible process, in list order."""
        from simulator.core.vocabulary import capacity_pairs

        return capacity_pairs(self.asset_terms(), "process")

    def asset_names(self) -> tuple[str, ...]:
        """Names of :meth:`asset_terms` (``wind_mw, solar_mw, storage_mwh, storage_mw, ...``)."""
        return tuple(t.name for t in self.asset_terms())

    @property
    def curtailable_loads(self) -> tuple[Load, ...]:
        """Loads with ``curtailable_mw > 0``, in list order (the order they are curtailed)."""
        return tuple(ld for ld in self.loads if ld.curtailable_mw > 0)

    # ---- derived quantities -------------------------------------------------------------------
    @property
    def calendar_years(self) -> list[int]:
        """Calendar years of the horizon."""
        return [self.start_year + k for k in range(self.years)]

    def target_shares(self) -> list[float]:
        """Renewable consumption share target of each year [1]."""
        if self.targets is not None:
            return [float(t) for t in self.targets]
        return default_targets(self.park_type, self.years)

    def annual_load_mwh(self, load: Load) -> list[float] | None:
        """Yearly energy of one load [MWh], one value per year, or None (csv used as is)."""
        if load.annual_mwh is None:
            return None
        v = load.annual_mwh
        if isinstance(v, list):
            return [float(x) for x in v] * (self.years if len(v) == 1 else 1)
        return [float(v)] * self.years

    def resolve(self, relative: str) -> Path:
        """Resolve a path given in the scenario file relative to that file (no checks)."""
        p = Path(relative)
        if not p.is_absolute() and self.source_path is not None:
            p = self.source_path.parent / p
        return p

    def allows_outside_paths(self) -> bool:
        """Whether input files may lie outside the scenario's folder.

        True when the scenario sets ``profiles.allow_outside = true`` or the environment variable
        ``PARKBALANCE_ALLOW_OUTSIDE`` is ``1``.
        """
        return self.profiles.allow_outside or os.environ.get(ALLOW_OUTSIDE_ENV, "") == "1"

    def input_path(self, relative: str, field: str | None = None) -> Path:
        """Resolve an input file of the scenario and check that it may be read.

        Parameters
        ----------
        relative : str
            Path as written in the scenario (relative to the scenario file).
        field : str, optional
            Scenario field for messages (``"profiles.wind_cf"``).

        Returns
        -------
        Path
            The resolved path (symbolic links followed).

        Raises
        ------
        InputError
            The file (after following links) lies outside the scenario's folder (the current
            folder for a scenario without a file) and outside paths are not allowed.
        """
        p = self.resolve(relative)
        real = Path(os.path.realpath(p))
        base = Path(
            os.path.realpath(self.source_path.parent if self.source_path is not None else ".")
        )
        if not self.allows_outside_paths() and not real.is_relative_to(base):
            raise InputError(
                self.label,
                field,
                f"{relative} is outside the scenario's folder {base}; move it there or set "
                f"profiles.allow_outside = true (or {ALLOW_OUTSIDE_ENV}=1)",
            )
        return real

    def input_files(self) -> list[tuple[str, Path]]:
        """Every data file the scenario reads, as (path as written, resolved path) pairs.

        Wind and solar profiles, then load CSVs, each file of a multi-file profile in order; for
        digests of the inputs (sweeps). The paths are not checked.
        """
        sources = [self.profiles.wind_cf, self.profiles.solar_cf] + [ld.csv for ld in self.loads]
        sources += [pr.demand_csv for pr in self.processes]
        out: list[tuple[str, Path]] = []
        for src in sources:
            if src is None:
                continue
            files = [src] if isinstance(src, str) else src.files
            out += [(f, self.resolve(f)) for f in files]
        return out

    @property
    def applied_variants(self) -> list[str]:
        """Names of the file's ``[variants.NAME]`` applied by :func:`load_scenario`, in order."""
        return list(self._variants)

    @property
    def applied_overrides(self) -> dict:
        """The ``--set`` overrides applied after the variants, ``{dotted key: value}``."""
        return dict(self._overrides)

    def with_applied(self, variants: list[str], overrides: dict) -> Scenario:
        """Return a copy that records the variants and overrides it was resolved with."""
        sc = self.model_copy()
        sc._variants = tuple(variants)
        sc._overrides = dict(overrides)
        return sc

    @property
    def label(self) -> str:
        """File name for messages: the scenario file, or the scenario name."""
        return str(self.source_path) if self.source_path is not None else self.name


def default_targets(park_type: str, years: int) -> list[float]:
    """Policy targets by year: linear from the first to the third year, then held.

    Low-carbon parks 30% → 50%, zero-carbon parks 50% → 80% (``reference/policy.md``).

    Parameters
    ----------
    park_type : {"low-carbon", "zero-carbon"}
        Type of park.
    years : int
        Number of years in the horizon.

    Returns
    -------
    list of float
        Target share of each year [1].
    """
    first, final = (0.30, 0.50) if park_type == "low-carbon" else (0.50, 0.80)
    out = []
    for k in range(years):
        frac = min(k, 2) / 2.0
        out.append(round(first + (final - first) * frac, 10))
    return out


def _scenarios_dir() -> Path:
    return Path(str(resources.files("scenarios")))


def builtin_scenarios() -> dict[str, Path]:
    """Return the built-in scenario files by name."""
    return {p.stem: p for p in sorted(_scenarios_dir().glob("*.toml"))}


def resolve_scenario_path(name_or_path: str | Path) -> Path:
    """Return the file of a built-in scenario name, or the given path.

    Raises
    ------
    InputError
        When it is neither an existing file nor a built-in name.
    """
    p = Path(name_or_path)
    if p.is_file():
        return p
    builtins = builtin_scenarios()
    if str(name_or_path) in builtins:
        return builtins[str(name_or_path)]
    raise InputError(
        str(name_or_path),
        None,
        "no such scenario file or built-in scenario (built-in: " + ", ".join(builtins) + ")",
    )


_UNION_MEMBER_NAMES = frozenset(
    {
        "float",
        "int",
        "str",
        "bool",
        "constrained-float",
        "constrained-int",
        "constrained-str",
        "MeasuredProfile",
    }
)
_TYPE_MISMATCH = frozenset(
    {"string_type", "model_type", "model_attributes_type", "list_type", "dict_type", "int_type",
     "float_type", "bool_type"}
)  # fmt: skip
_FIELD_PREFIX = re.compile(r"^([A-Za-z_][\w.\[\]]*): (.+)$")


def _loc_to_field(loc: tuple) -> str | None:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            # pydantic adds the union member type names ("float", "list[...]") to the location
            if part in _UNION_MEMBER_NAMES:
                continue
            if part.startswith(("list[", "function-")):
                continue
            out += ("." if out else "") + part
    return out or None


def _error_field(exc: ValidationError) -> tuple[str | None, str]:
    """Return the field and message of a validation error's most precise entry."""
    # of the alternatives of a union, the deepest location is the most precise one, and an
    # alternative of the right type (a table with a bad value) beats one of the wrong type
    err = max(exc.errors(), key=lambda e: (len(e["loc"]), e["type"] not in _TYPE_MISMATCH))
    field = _loc_to_field(tuple(err["loc"]))
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    elif err["type"] == "missing":
        msg = "required key is missing"
    msg = msg.removeprefix("Value error, ")
    m = _FIELD_PREFIX.match(msg)
    if field is None and m:  # a check of the whole scenario names its field first
        field, msg = m.group(1), m.group(2)
    if "input" in err and err["type"] not in ("extra_forbidden", "missing"):
        inp = err["input"]
        if isinstance(inp, int | float | str | bool) and len(str(inp)) < 40:
            msg += f" (got {inp!r})"
    return field, msg


def scenario_from_dict(data: dict, source: str | Path | None = None) -> Scenario:
    """Validate a scenario given as a dict (as read from TOML).

    Raises
    ------
    InputError
        Naming the source and the first offending field.
    """
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as exc:
        field, msg = _error_field(exc)
        raise InputError(source, field, msg) from None
    if source is not None:
        sc = sc.model_copy(update={"source_path": Path(source).resolve()})
    return sc


def _read_toml(path: Path) -> dict:
    try:
        if path.stat().st_size > MAX_SCENARIO_BYTES:
            raise InputError(path, None, "file is larger than 10 MB; not a scenario file")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, None, f"cannot read file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")  # a UTF-8 byte-order mark is accepted
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            path,
            f"line {line}",
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the scenario as UTF-8",
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, None, f"broken TOML: {exc}") from None


def scenario_variants(name_or_path: str | Path) -> dict[str, dict]:
    """Return the ``[variants.NAME]`` tables of a scenario file by name, in the file's order.

    Raises
    ------
    InputError
        As :func:`load_scenario` for a missing or broken file.
    """
    data = _read_toml(resolve_scenario_path(name_or_path))
    table = data.get("variants", {})
    return dict(table) if isinstance(table, dict) else {}


def load_scenario(
    name_or_path: str | Path,
    overrides: Mapping[str, Any] | Sequence[Any] | None = None,
    variants: Sequence[str] | str | None = None,
) -> Scenario:
    """Read and validate a scenario: a built-in name (``"ordos-low-carbon"``) or a TOML path.

    Parameters
    ----------
    name_or_path : str or Path
        Built-in scenario name or path of a TOML file.
    overrides : mapping or sequence of str, optional
        Changes applied last: ``{"wind.capex_per_kw": 3500, "loads[0].annual_mwh": 1e6}`` or
        ``["wind.capex_per_kw=3500", "targets=[0.3,0.5,0.6]"]`` (``--set`` texts, values read
        as TOML), or :class:`simulator.core.overrides.Override` objects;
        :mod:`simulator.core.overrides`.
    variants : sequence of str, optional
        Names of the file's ``[variants.NAME]`` tables, applied in order before ``overrides``.

    Returns
    -------
    Scenario
        The validated, frozen scenario, with ``source_path`` the file (so relative data paths
        resolve as usual) and the variants and overrides recorded
        (:attr:`Scenario.applied_variants`, :attr:`Scenario.applied_overrides`; the provenance
        record of every output lists them).

    Raises
    ------
    InputError
        Missing file, broken TOML, unknown key, wrong type or bad value; the message names the file
        and the field, or for a bad override the option (``--set``) or ``variants.NAME`` and the
        key; an unknown variant names the file and the variants it has.
    """
    from simulator.core.overrides import blame, flat_overrides, resolve_data

    path = resolve_scenario_path(name_or_path)
    data = _read_toml(path)
    if isinstance(variants, str):
        variants = [variants]
    data, from_variants, from_sets, names = resolve_data(data, path, variants, overrides)
    applied = from_variants + from_sets
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as exc:
        field, msg = _error_field(exc)
        culprit = blame(applied, field)
        if culprit is not None:
            key = (
                culprit.field
                if field is None or len(field) < len(culprit.key)
                else (culprit.prefix + field)
            )
            raise InputError(culprit.source, key, msg) from None
        if applied:
            used = [f"--variant {n}" for n in names] + [
                f"{ov.source} {ov.field}" for ov in from_sets
            ]
            msg += f" (after {', '.join(used)})"
        raise InputError(path, field, msg) from None
    sc = sc.model_copy(update={"source_path": Path(path).resolve()})
    if applied:
        sc = sc.with_applied(names, flat_overrides(from_sets))
    return sc
