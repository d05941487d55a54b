"""Console entry point of ``parkbalance``: the command line, with Ctrl-C during start-up handled.

A Ctrl-C while the command line itself is imported ends with one line and exit code 130, like a
Ctrl-C inside a command (:func:`simulator.cli.cli_errors`).
"""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    """Run the ``parkbalance`` command line."""
    try:
        from simulator.cli import main as cli_main

        cli_main()
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted (Ctrl-C)\n")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
