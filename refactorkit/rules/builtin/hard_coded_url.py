"""RK113 hard-coded-url."""

from __future__ import annotations

from refactorkit.rules.values import ValueRule


class HardCodedUrl(ValueRule):
    """A literal URL or host:port.

    A service address (`https://api.example.com/v1`, `postgresql://db:5432/app`,
    `localhost:6379`) differs per environment; read it from the settings (an environment
    variable with the literal as its default). Not reported in tests or in settings modules
    (`settings.py`, `config.py`, a `settings` package), where such literals are the
    defaults.
    """

    code = "RK113"
    name = "hard-coded-url"
    summary = "A literal URL or host:port."
    kinds = frozenset({"url", "host-port"})
