"""The shared part of the hard-coded value rules (RK112-RK115): which files they judge and
the fix they give. Each rule is its own class in `rules/builtin/`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from refactorkit.domain import FileAnalysis, Finding, ValueSite
from refactorkit.rules.base import FileRule, NoOptions, RuleContext
from refactorkit.rules.fixes import advice
from refactorkit.workspace import is_test_path

# A settings module is where these values belong: its literals are the defaults.
SETTINGS_MODULES = frozenset(
    {"settings", "config", "conf", "configuration", "local_settings", "_settings", "_config"}
)
_LABELS = {
    "path": "absolute path",
    "cwd-path": "path relative to the current folder",
    "url": "URL",
    "host-port": "host:port",
    "secret": "secret",
    "magic-number": "number",
}
_CONSTANT = re.compile(r"^_?[A-Z][A-Z0-9_]*$")
FIX = (
    "move it to the settings module as a named constant read from an environment variable "
    "(the literal as its default), and use that"
)


class ValueRule(FileRule[NoOptions]):
    """Reports the file's `ValueSite`s of the rule's kinds, outside tests and settings."""

    kinds: ClassVar[frozenset[str]] = frozenset()
    options_type = NoOptions
    fix_hint = "move it to the settings module and read it from there"

    def check_file(self, analysis: FileAnalysis, context: RuleContext) -> Iterable[Finding]:
        if not analysis.values or not judged(analysis):
            return
        for site in analysis.values:
            if site.kind in self.kinds and not named_constant(site):
                yield self.finding(
                    analysis.source.relpath,
                    site.lineno,
                    self.message(site.kind, site.text, site.name),
                    col=site.col + 1,
                    symbol=site.name,
                    fix=advice(FIX),
                )

    def message(self, kind: str, text: str, name: str) -> str:
        """The finding's one line."""
        given = f" given to {name}" if name else ""
        return f"hard-coded {_LABELS.get(kind, kind)} {text!r}{given}"


def named_constant(site: ValueSite) -> bool:
    """`API_URL = "https://..."`: a named module constant is one place to change already;
    only a secret is reported there too (it should not be in the code at all)."""
    return site.kind != "secret" and bool(_CONSTANT.match(site.name))


def judged(analysis: FileAnalysis) -> bool:
    """Library code outside the settings modules (tests may hard-code what they like)."""
    source = analysis.source
    if is_test_path(source.relpath):
        return False
    parts = (source.module or source.relpath.removesuffix(".py").replace("/", ".")).split(".")
    return not (set(parts) & SETTINGS_MODULES)
