"""`refactorkit rule [CODE]`: the rules and their documentation, from the registry."""

from __future__ import annotations

import click

from refactorkit.errors import UserError


@click.command(
    "rule",
    epilog="""\b
Examples:
  refactorkit rule                 # every rule, one line each
  refactorkit rule RK102           # the docs of one rule (by code or name)
  refactorkit rule god-class
  refactorkit rule --markdown      # the rules table of docs/check.md

Exit 0, or 2 for an unknown rule.""",
    short_help="Show a rule's documentation, or list the rules.",
)
@click.argument("code", required=False)
@click.option("--markdown", is_flag=True, help="Print the Markdown table of every built-in rule.")
def rule_command(code: str | None, markdown: bool) -> int:
    """Show a rule's documentation, or list every rule (plugins' included)."""
    from refactorkit.reporting.rule_docs import rule_listing, rule_page, rules_table
    from refactorkit.rules.registry import builtin_rules, plugin_problems, rule_classes

    for problem in plugin_problems():
        click.echo(f"refactorkit: {problem}", err=True)
    if markdown:
        click.echo(rules_table(builtin_rules()), nl=False)
        return 0
    rules = rule_classes()
    if code is None:
        click.echo(rule_listing(rules), nl=False)
        return 0
    wanted = code.strip()
    for rule in rules:
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            click.echo(rule_page(rule), nl=False)
            return 0
    raise UserError(f"no rule {code!r} (`refactorkit rule` lists them)")
