"""RK114 hard-coded-secret."""

from __future__ import annotations

from refactorkit.rules.values import ValueRule


class HardCodedSecret(ValueRule):
    """A literal secret: a password, key or token in the code.

    A string given to a name like `*_KEY`, `*_SECRET`, `password`, `token` or `credentials`
    (an environment variable's name such as `"APP_SECRET"` excepted), or a token-like string
    of high entropy (20+ base64 or 32+ hex characters). Secrets in code end up in every
    clone and log; read them from the environment or a secret store. The finding shows only
    the first characters. Not reported in tests or in settings modules (`settings.py`,
    `config.py`, a `settings` package), where such literals are the defaults.
    """

    code = "RK114"
    name = "hard-coded-secret"
    summary = "A literal secret: a password, key or token in the code."
    kinds = frozenset({"secret"})
