"""Error types of parkbalance.

Every problem with what a user gave us (a scenario file, a profile CSV, a CLI option) is an
:class:`InputError`. Its message is one line that names the file and the field or row, so the CLI
can print it and exit with code 2 without a traceback.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["InputError", "OutputError", "ParkbalanceError"]


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


class OutputError(ParkbalanceError, OSError):
    """Results cannot be written: the output path is a file, read-only, or the disk is full.

    Parameters
    ----------
    path : str or Path
        The output file or folder.
    message : str
        What went wrong (the operating system's words).
    """

    def __init__(self, path: str | Path, message: str) -> None:
        self.path = str(path)
        self.message = message
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """Return ``"cannot write PATH: message"`` on one line."""
        return f"cannot write {self.path}: {self.message}".replace("\n", " ")


#: Exit codes of the command line (README § Exit codes): 0 every rule passed, 2 bad input,
#: 3 unreachable targets, 4 solver failure, 5 the simulated operation fails a rule, 6 results
#: cannot be written, 130 interrupted (Ctrl-C).
EXIT_OK = 0
EXIT_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_SOLVER = 4
EXIT_RULE_FAILED = 5
EXIT_OUTPUT = 6
EXIT_INTERRUPTED = 130
