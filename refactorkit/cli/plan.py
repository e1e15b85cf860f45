"""`refactorkit plan`: the group of the plan-writing subcommands, each imported when it runs.

One table names them all, so the group is complete whichever command module is imported
first (it once lost `split-app` when a caller took the group before cli/split_app.py was
imported).
"""

from __future__ import annotations

import click

from refactorkit.cli.lazy import LazyGroup

_PLANS = {
    "split": "refactorkit.cli.split:plan_split_command",
    "split-class": "refactorkit.cli.split_class:plan_split_class_command",
    "split-app": "refactorkit.cli.split_app:plan_split_app_command",
    "extract-settings": "refactorkit.cli.extract_settings:plan_extract_settings_command",
}


@click.group(
    "plan",
    cls=LazyGroup,
    lazy=_PLANS,
    epilog="\b\nExample:\n  refactorkit plan split pkg/models.py",
)
def plan_group() -> None:
    """Propose a refactoring as an editable plan file."""
