"""Live progress of long LP solves, read from HiGHS's log through its logging callback.

A solve that runs longer than :data:`QUIET_S` seconds is never silent: on a terminal one status
line is rewritten about every second (elapsed time, simplex or IPM iterations, the current
objective, the phase), elsewhere (a log file, CI) a plain line is written every
:data:`PLAIN_EVERY_S` seconds. The command line turns it on with :func:`reporting`; library calls
stay silent unless they do the same.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TextIO

__all__ = ["PLAIN_EVERY_S", "QUIET_S", "SolveProgress", "current", "reporting"]

#: Seconds of a solve before the first progress output (environment variable
#: ``PARKBALANCE_PROGRESS_QUIET_S`` overrides it, e.g. 0 in tests).
QUIET_S = float(os.environ.get("PARKBALANCE_PROGRESS_QUIET_S", "3"))
#: Seconds between two plain progress lines when the output is not a terminal.
PLAIN_EVERY_S = 30.0

# "    1234     1.2345678901e+05 Pr: 12(3.4); Du: 0(0) 12s" (simplex) and IPM lines alike
_ITERATION = re.compile(r"^\s*[A-Za-z]?\s*(\d+)\s+(-?\d+\.\d+e[+-]\d+)")
_PHASES = ("Presolving", "Solving the presolved LP", "Crossover", "Postsolve", "Solving LP")


class SolveProgress:
    """Progress state of one solve, fed by HiGHS's log and shown by a ticker thread.

    Parameters
    ----------
    stream : TextIO
        Where to write (standard error).
    tty : bool
        Rewrite one line in place (a terminal) or write a plain line every
        :data:`PLAIN_EVERY_S` seconds.
    label : str
        What is being solved (``LP solve 2``).
    """

    def __init__(self, stream: TextIO, tty: bool, label: str = "LP") -> None:
        self.stream, self.tty, self.label = stream, tty, label
        self.iterations: int | None = None
        self.objective: float | None = None
        self.phase = "starting"
        self._t0 = time.monotonic()
        self._stop = threading.Event()
        self._shown = False
        self._thread: threading.Thread | None = None

    def on_log(self, message: str) -> None:
        """Read one line of HiGHS's log (the logging callback)."""
        for line in message.splitlines():
            m = _ITERATION.match(line)
            if m:
                self.iterations = int(m.group(1))
                self.objective = float(m.group(2))
                continue
            for phase in _PHASES:
                if line.strip().startswith(phase):
                    self.phase = phase.lower()

    def text(self) -> str:
        """Return the status line: ``LP solve 1: 41 s, 12,345 iterations, objective 1.2e+09``."""
        parts = [f"{self.label}: {time.monotonic() - self._t0:,.0f} s"]
        if self.iterations is not None:
            parts.append(f"{self.iterations:,} iterations")
        if self.objective is not None:
            parts.append(f"objective {self.objective:.6g}")
        return ", ".join(parts) + f" ({self.phase})"

    def _tick(self) -> None:
        if self._stop.wait(QUIET_S):
            return
        last_plain = -PLAIN_EVERY_S
        while True:
            now = time.monotonic() - self._t0
            if self.tty:
                self.stream.write("\r\033[K" + self.text())
                self.stream.flush()
                self._shown = True
            elif now - last_plain >= PLAIN_EVERY_S:
                self.stream.write(self.text() + "\n")
                self.stream.flush()
                last_plain = now
            if self._stop.wait(1.0):
                return

    def start(self) -> None:
        """Start the ticker thread (daemon)."""
        self._thread = threading.Thread(target=self._tick, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the ticker and clear the status line."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.tty and self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


class _Reporter:
    def __init__(self, stream: TextIO, tty: bool) -> None:
        self.stream, self.tty, self.solves = stream, tty, 0

    def new(self) -> SolveProgress:
        self.solves += 1
        return SolveProgress(self.stream, self.tty, f"LP solve {self.solves}")


_current: ContextVar[_Reporter | None] = ContextVar("parkbalance_progress", default=None)


def current() -> _Reporter | None:
    """Return the active reporter (None: solves are silent)."""
    return _current.get()


@contextlib.contextmanager
def reporting(stream: TextIO, tty: bool | None = None) -> Iterator[None]:
    """Show the progress of every LP solve inside the block on ``stream``.

    Parameters
    ----------
    stream : TextIO
        Usually ``sys.stderr``.
    tty : bool, optional
        Default ``stream.isatty()``.
    """
    if tty is None:
        tty = bool(getattr(stream, "isatty", lambda: False)())
    token = _current.set(_Reporter(stream, tty))
    try:
        yield
    finally:
        _current.reset(token)
