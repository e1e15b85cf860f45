"""The rules' settings for a command, with deprecation and plugin messages on stderr."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

from refactorkit.config import Config
from refactorkit.rules.settings import RuleSettings


def rule_settings(config: Config, overrides: Mapping[str, Any] | None = None) -> RuleSettings:
    """`load_settings`, telling the user once about deprecated keys and broken plugins."""
    from refactorkit.rules.registry import plugin_problems
    from refactorkit.rules.settings import load_settings

    settings = load_settings(config, overrides)
    for line in (*settings.deprecations, *plugin_problems()):
        click.echo(f"refactorkit: {line}", err=True)
    return settings


def rule_codes(values: tuple[str, ...]) -> tuple[str, ...]:
    """`--select RK101,RK102 --select RK106` -> ("RK101", "RK102", "RK106"), validated."""
    from refactorkit.rules.registry import known_codes

    known = known_codes()
    codes = tuple(c.strip().upper() for value in values for c in value.split(",") if c.strip())
    for code in codes:
        if code not in known:
            raise click.BadParameter(f"unknown rule {code!r} (known: {', '.join(sorted(known))})")
    return codes
