"""The command line (``parkbalance``), a thin layer on top of the library.

It parses flags, calls the library and maps its errors to one line and an exit code.
"""
