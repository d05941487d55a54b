"""Built-in scenario files (data): ``*.toml``, one park each; see README.md in this folder."""
