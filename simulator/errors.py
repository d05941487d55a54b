"""Error types of parkbalance.

Every problem with what a user gave us (a scenario file, a profile CSV, a CLI option) is an
:class:`InputError`. Its message is one line that names the file and the field or row, so the CLI
can print it and exit with code 2 without a traceback.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["InputError", "ParkbalanceError"]


class ParkbalanceError(Exception):
    """Base class of the errors parkbalance raises on purpose."""


class InputError(ParkbalanceError, ValueError):
    """A scenario, profile or option that cannot be used.

    Parameters
    ----------
    source : str or Path or None
        The file (or ``"--option"``) the problem is in.
    field : str or None
        The dotted field name (``"storage.charge_efficiency"``) or ``"row 17"``.
    message : str
        What is wrong, in a few words.
    """

    def __init__(self, source: str | Path | None, field: str | None, message: str) -> None:
        self.source = str(source) if source is not None else None
        self.field = field
        self.message = message
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """Return ``"file: field: message"`` on one line (parts that are unknown are left out)."""
        parts = [p for p in (self.source, self.field, self.message) if p]
        return ": ".join(parts).replace("\n", " ")
