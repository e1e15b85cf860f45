"""RK112 hard-coded-path."""

from __future__ import annotations

from refactorkit.rules.values import ValueRule


class HardCodedPath(ValueRule):
    """A literal absolute path, or a path relative to the current folder.

    An absolute path (`/home/...`, `C:\\...`, `~/...`) ties the code to one machine; a
    relative path given to `open()`, `Path()` or `os.path.join`, or `Path.cwd() / "..."`,
    names a file in whatever folder the program was started from (a server that fails to
    start from another directory). Use a configured path, or one relative to
    `Path(__file__).resolve().parent`. Not reported in tests or in settings modules
    (`settings.py`, `config.py`, a `settings` package), where such literals are the
    defaults.
    """

    code = "RK112"
    name = "hard-coded-path"
    summary = "A literal absolute path, or a path relative to the current folder."
    kinds = frozenset({"path", "cwd-path"})
