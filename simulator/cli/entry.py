"""Console entry point of ``parkbalance``: the command line, with Ctrl-C handled everywhere.

A Ctrl-C while the command line or a library is being imported ends with one line and exit code
130, like a Ctrl-C inside a command (:func:`simulator.cli.app.cli_errors`): an extension module
interrupted in its initialisation raises ImportError rather than KeyboardInterrupt, so the
signal is remembered and any error after it is reported as the interruption.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
from typing import NoReturn

__all__ = ["main"]

_interrupted = False


def _on_sigint(signum: int, frame: object) -> None:
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


def _stop() -> None:
    sys.stderr.write("error: interrupted (Ctrl-C)\n")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(130)  # no C++ destructors: see simulator.cli.app.cli_errors


def _leave(code: object) -> NoReturn:
    """End the process with ``code`` as :class:`SystemExit` would, without the teardown.

    Every command has closed its files (results are written atomically) before it returns; what
    the interpreter's teardown would still do is free every object and module one by one, about
    0.3 s after a large sweep for nothing. The exit handlers (``atexit``, logging) still run and
    the standard streams are flushed; then the process ends at once.
    """
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # SystemExit("message"): printed, status 1
        sys.stderr.write(f"{code}\n")
        status = 1
    try:
        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe: nothing more to say
                pass
        os._exit(status & 0xFF if status >= 0 else 1)


def main() -> NoReturn:
    """Run the ``parkbalance`` command line and end the process with its exit code.

    It does not return: it is the console script's entry point, not a function to call from
    Python (call ``simulator.cli.app.app`` there).
    """
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_sigint)
    try:
        from simulator.cli.app import main as cli_main

        cli_main()
    except KeyboardInterrupt:
        _stop()
    except SystemExit as exc:
        _leave(exc.code)
    except Exception:
        if _interrupted:
            _stop()
        raise
    _leave(0)


if __name__ == "__main__":  # pragma: no cover
    main()
