"""RK115 magic-number."""

from __future__ import annotations

from refactorkit.rules.values import ValueRule


class MagicNumber(ValueRule):
    """A literal port, timeout or size given to a variable or keyword.

    A number other than 0, 1 and -1 given to a port, timeout, TTL, interval, delay, retries,
    size or limit (`timeout=30`, `port = 8080`) is a setting in disguise; a named constant
    (`TIMEOUT = 30`) or the settings module is where it belongs. Not reported in tests or in
    settings modules (`settings.py`, `config.py`, a `settings` package), where such literals
    are the defaults.
    """

    code = "RK115"
    name = "magic-number"
    summary = "A literal port, timeout or size given to a variable or keyword."
    kinds = frozenset({"magic-number"})
