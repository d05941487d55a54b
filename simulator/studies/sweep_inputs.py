"""The input files of a sweep, read once: every weather year and every digest sees the same bytes.

A sweep builds the profiles of each weather year when it needs them, which can be minutes after
it started. If it read the scenario's CSV files (loads, measured capacity factors) each time, a
file edited during the sweep would give weather year 0 the old load and later years the new one,
while the recorded digests named whichever bytes were read last. :func:`snapshot_inputs` reads
each file once, up front: it digests the bytes and copies them to a private temporary folder,
and the sweep builds every profile from that copy. The digests recorded in the sweep key and in
the dataset (``input_sha256``) are of exactly those bytes; ``scenario_sha256`` is of the TOML text
the scenario was validated from (or of the validated content when the file no longer gives the
same scenario).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from simulator.core.errors import InputError
from simulator.core.io import pid_alive
from simulator.core.scenario import Scenario, scenario_from_dict

__all__ = ["InputSnapshot", "snapshot_inputs"]


_PREFIX = "parkbalance-sweep-inputs-"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _remove_stale_copies() -> None:
    """Remove private copies left by sweeps that were killed (their process is gone)."""
    try:
        entries = list(Path(tempfile.gettempdir()).glob(_PREFIX + "*"))
    except OSError:  # pragma: no cover
        return
    for p in entries:
        pid = p.name.removeprefix(_PREFIX).split("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid)):
            shutil.rmtree(p, ignore_errors=True)


@dataclass
class InputSnapshot:
    """The scenario with its input files frozen.

    Attributes
    ----------
    scenario : Scenario
        The scenario reading the private copies (its file is in the copies' folder).
    original : Scenario
        The scenario as given (its paths as written in the TOML file).
    files : dict of str to str
        File name as written in the scenario → SHA-256 of the bytes used (``"missing"`` when the
        file could not be read; building the profiles then reports it).
    scenario_sha256 : str
        SHA-256 of the TOML text (or of the validated content, see the module docstring).
    """

    scenario: Scenario
    original: Scenario
    files: dict[str, str]
    scenario_sha256: str
    _tmp: Path | None = None
    _names: dict[str, str] = field(default_factory=dict)

    def restore_names(self, text: str) -> str:
        """Return ``text`` with the paths of the private copies replaced by the user's paths."""
        if self._tmp is None or not any(t in text for t in self._tmp_names()):
            return text
        for copy, original in sorted(self._names.items(), key=lambda kv: -len(kv[0])):
            text = text.replace(copy, original)
        return text

    def _tmp_names(self) -> tuple[str, ...]:
        assert self._tmp is not None
        return (str(self._tmp), os.path.realpath(self._tmp))

    def message_source(self, exc: InputError) -> InputError:
        """Return ``exc`` naming the user's files instead of their private copies."""
        if self._tmp is None:
            return exc
        source = self.restore_names(exc.source) if exc.source else exc.source
        message = self.restore_names(exc.message)
        if (source, message) == (exc.source, exc.message):
            return exc
        return InputError(source, exc.field, message)

    def close(self) -> None:
        """Remove the private copies."""
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> InputSnapshot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _toml_digest(scenario: Scenario) -> str:
    content = hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()
    path = scenario.source_path
    if path is None:
        return content
    try:
        data = path.read_bytes()
        # as load_scenario reads it (a UTF-8 byte-order mark is accepted)
        again = scenario_from_dict(tomllib.loads(data.decode("utf-8-sig")), path)
    except (OSError, ValueError, UnicodeDecodeError, InputError):
        return content
    if again.model_dump(mode="json") != scenario.model_dump(mode="json"):
        return content  # edited since it was loaded: the digest of what is used
    return _sha256(data)


def _with_paths(source: object, paths: dict[str, str]) -> object:
    """Return a profile source (a path or a measured-profile table) with its files renamed."""
    if source is None:
        return None
    if isinstance(source, str):
        return paths.get(source, source)
    files = source.files  # a MeasuredProfile
    new = [paths.get(f, f) for f in files]
    if new == files:
        return source
    return source.model_copy(update={"file": new[0] if isinstance(source.file, str) else new})


def snapshot_inputs(scenario: Scenario) -> InputSnapshot:
    """Read every input file of ``scenario`` once and return the scenario reading the copies.

    The copies sit in a private folder laid out as the scenario's own (a file given as
    ``data/load.csv`` is copied to ``FOLDER/data/load.csv`` and the copied scenario's file is
    ``FOLDER/NAME.toml``), so the paths in the scenario stay as written; a file outside the
    scenario's folder (``profiles.allow_outside``) is copied elsewhere in the folder and its path
    replaced.

    Parameters
    ----------
    scenario : Scenario
        The park; every file of :meth:`Scenario.input_files` is read.

    Returns
    -------
    InputSnapshot
        Close it (or use it as a context manager) to remove the copies. The copies live in the
        system's temporary folder (``parkbalance-sweep-inputs-PID-*``); those of killed sweeps
        are removed by the next snapshot.

    Raises
    ------
    InputError
        A file outside the scenario's folder when that is not allowed (as when reading it).
    """
    pairs = scenario.input_files()
    files: dict[str, str] = {}
    if not pairs:
        return InputSnapshot(scenario, scenario, files, _toml_digest(scenario))
    _remove_stale_copies()
    tmp = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-"))
    home = tmp / "scenario"
    toml = home / (scenario.source_path.name if scenario.source_path else "scenario.toml")
    back: dict[str, str] = {str(toml): scenario.label, os.path.realpath(toml): scenario.label}
    renamed: dict[str, str] = {}
    try:
        home.mkdir()
        for i, (name, _) in enumerate(pairs):
            if name in files:
                continue
            original = scenario.input_path(name)  # refuses a file outside the folder
            rel = Path(name)
            inside = not rel.is_absolute() and ".." not in rel.parts
            copy = home / rel if inside else tmp / "outside" / f"{i}-{rel.name}"
            if not inside:
                renamed[name] = str(copy)
            back[str(copy)] = str(scenario.resolve(name))
            back[os.path.realpath(copy)] = str(scenario.resolve(name))
            try:
                data = original.read_bytes()
            except OSError:
                files[name] = "missing"  # reading the profiles names the problem
                continue
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(data)
            files[name] = _sha256(data)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    update: dict = {"source_path": toml}
    if renamed:
        prof = scenario.profiles
        update["profiles"] = prof.model_copy(update={
            "wind_cf": _with_paths(prof.wind_cf, renamed),
            "solar_cf": _with_paths(prof.solar_cf, renamed),
        })
        update["loads"] = [
            ld.model_copy(update={"csv": _with_paths(ld.csv, renamed)}) for ld in scenario.loads
        ]
    frozen = scenario.model_copy(update=update)
    return InputSnapshot(frozen, scenario, files, _toml_digest(scenario), tmp, back)
