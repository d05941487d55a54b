"""Atomic writes of results: a file is either absent, the old version, or complete.

Each writer writes to a temporary file in the target directory and renames it over the target
with :func:`os.replace` (atomic on POSIX), so a crash or SIGKILL never leaves a half-written file.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "OUTPUT_FILES",
    "OutputDir",
    "atomic_write",
    "pid_alive",
    "write_json",
    "write_parquet",
    "write_text",
]


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Write ``path`` atomically: ``write(tmp_path)`` fills a temporary file that replaces it.

    Parameters
    ----------
    path : str or Path
        Final file path; its directory is created if missing.
    write : callable
        Called with the temporary path; must write the whole file there.

    Returns
    -------
    Path
        The final path.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        # mkstemp creates the file 0600; give the result the usual permissions (0666 & ~umask)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_path, 0o666 & ~umask)
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    return path


def _json_default(o: Any) -> Any:
    if isinstance(o, np.generic):
        return o.item()
    if isinstance(o, np.ndarray):
        return o.tolist()
    if isinstance(o, Path):
        return str(o)
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def write_json(path: str | Path, data: Any) -> Path:
    """Write ``data`` as indented UTF-8 JSON, atomically."""
    text = json.dumps(data, indent=2, ensure_ascii=False, default=_json_default, allow_nan=False)
    return write_text(path, text + "\n")


def write_text(path: str | Path, text: str) -> Path:
    """Write a UTF-8 text file atomically."""
    return atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))


def write_parquet(path: str | Path, df: pd.DataFrame) -> Path:
    """Write a DataFrame to Parquet atomically (no index)."""
    return atomic_write(path, lambda p: df.to_parquet(p, index=False))


#: Files parkbalance writes into an output folder of ``run``, ``size`` and ``simulate``; a new run
#: removes every one of them before its own files move in, so a folder never mixes two runs.
OUTPUT_FILES = (
    "plan.json",
    "kpis.json",
    "hourly.parquet",
    "hourly_lp.parquet",
    "report.html",
    "report.zh.html",
    "results.xlsx",
    "results.zh.xlsx",
)
#: Files that say "this folder is complete": moved in last.
_LAST = ("plan.json", "kpis.json")
_STAGING = ".parkbalance-staging-"


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs (a staging folder of a killed run can go)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - another user's process
        return True
    return True


class OutputDir:
    """Write a command's output files as one set: staged, then moved in, stale files removed.

    Every file is first written into a hidden staging folder inside ``out``; :meth:`commit`
    removes every file of :data:`OUTPUT_FILES` that the folder holds from an earlier run, then
    moves the new files in (``plan.json``/``kpis.json`` last). A crash or kill before the commit
    leaves the earlier run's files untouched; during the commit, a subset of the new files and
    none of the old. Staging folders left by killed runs are removed by the next run. Other
    files in ``out`` are never touched.

    Use as a context manager; leaving the block with an exception removes the staging folder.

    Raises
    ------
    simulator.core.errors.OutputError
        ``out`` is a file, or cannot be created or written.
    """

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        self.staging: Path | None = None

    def __enter__(self) -> Path:
        from simulator.core.errors import OutputError

        out = self.out
        if out.exists() and not out.is_dir():
            raise OutputError(out, "is a file, not a folder")
        try:
            out.mkdir(parents=True, exist_ok=True)
            for old in out.glob(_STAGING + "*"):
                pid = old.name.removeprefix(_STAGING).split("-")[0]
                if pid.isdigit() and not pid_alive(int(pid)):
                    shutil.rmtree(old, ignore_errors=True)
            self.staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING}{os.getpid()}-", dir=out))
        except OSError as exc:
            raise OutputError(out, exc.strerror or str(exc)) from None
        return self.staging

    def commit(self) -> list[Path]:
        """Replace the folder's output files by the staged ones; return their final paths."""
        from simulator.core.errors import OutputError

        assert self.staging is not None
        new = sorted(p.name for p in self.staging.iterdir() if not p.name.startswith("."))
        new.sort(key=lambda n: n in _LAST)
        try:
            for name in OUTPUT_FILES:
                (self.out / name).unlink(missing_ok=True)
            for name in new:
                os.replace(self.staging / name, self.out / name)
        except OSError as exc:
            raise OutputError(self.out, exc.strerror or str(exc)) from None
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging = None
        return [self.out / n for n in new]

    def __exit__(self, *exc: object) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
