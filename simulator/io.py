"""Atomic writes of results: a file is either absent, the old version, or complete.

Each writer writes to a temporary file in the target directory and renames it over the target
with :func:`os.replace` (atomic on POSIX), so a crash or SIGKILL never leaves a half-written file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["atomic_write", "write_json", "write_parquet", "write_text"]


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
