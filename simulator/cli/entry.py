"""Console entry point of ``parkbalance``: the command line, with Ctrl-C handled everywhere.

A Ctrl-C while the command line or a library is being imported ends with one line and exit code
130, like a Ctrl-C inside a command (:func:`simulator.cli.app.cli_errors`): an extension module
interrupted in its initialisation raises ImportError rather than KeyboardInterrupt, so the
signal is remembered and any error after it is reported as the interruption.
"""

from __future__ import annotations

import os
import signal
import sys

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


def main() -> None:
    """Run the ``parkbalance`` command line."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_sigint)
    try:
        from simulator.cli.app import main as cli_main

        cli_main()
    except KeyboardInterrupt:
        _stop()
    except Exception:
        if _interrupted:
            _stop()
        raise


if __name__ == "__main__":  # pragma: no cover
    main()
