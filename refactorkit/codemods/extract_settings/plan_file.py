"""The editable plan of `refactorkit plan extract-settings` (TOML), as split's plan is.

One `[[values]]` entry per literal: where it is, its rule code, the constant it becomes.
Delete an entry to leave that literal alone, change `name` to rename its constant, then pass
the file to `refactorkit extract-settings PATH --plan FILE`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from refactorkit.codemods.extract_settings.sites import Literal
from refactorkit.codemods.split.plan_file import PlanError, plan_head, read_plan_toml

_ENTRY_KEYS = {"at", "code", "name", "value"}


@dataclass(frozen=True)
class SettingsPlan:
    into: str
    env: str
    names: dict[str, str]  # Literal.key ("path:line:col") -> constant name


def render_plan(literals: Sequence[Literal], into: str, env: str, paths: str) -> str:
    """The proposal as TOML, one entry per literal (columns 0-based, as in the keys)."""
    out = [
        "# refactorkit extract-settings plan",
        "# Delete the entries to leave alone, rename constants, then run:",
        f"#   refactorkit extract-settings {paths} --plan <this file>",
        "",
        "[settings]",
        f"into = {json.dumps(into)}",
        f"env = {json.dumps(env)}",
    ]
    for lit in literals:
        shown = "***" if lit.kind == "secret" else repr(lit.value)
        out += ["", "[[values]]", f"at = {json.dumps(lit.key)}", f"code = {json.dumps(lit.code)}"]
        out += [f"name = {json.dumps(lit.name)}", f"value = {json.dumps(shown)}"]
    return "\n".join(out) + "\n"


def read_plan(path: Path) -> SettingsPlan:
    """A plan file, checked: a PlanError names each bad entry."""
    data = read_plan_toml(path)
    head = plan_head(data, str(path), ("settings", "values"), ("into", "env"))
    names: dict[str, str] = {}
    for number, entry in enumerate(data.get("values", []), 1):
        if not isinstance(entry, dict) or set(entry) - _ENTRY_KEYS or "at" not in entry:
            raise PlanError(f"{path}: value #{number} takes `at`, `code`, `name` and `value`")
        name = str(entry.get("name", ""))
        if not name.isidentifier():
            raise PlanError(f"{path}: value #{number}: name {name!r} is not an identifier")
        names[str(entry["at"])] = name
    return SettingsPlan(str(head.get("into", "")), str(head.get("env", "")), names)


def planned(literals: Sequence[Literal], plan: SettingsPlan) -> tuple[list[Literal], list[str]]:
    """The literals the plan keeps, named as it says, and a line for each entry that names
    no hard-coded value now (moved already, or the file changed since the plan)."""
    by_key = {lit.key: lit for lit in literals}
    kept = [_renamed(by_key[key], name) for key, name in plan.names.items() if key in by_key]
    gone = [f"{key}: plan entry left alone: no hard-coded value there now" for key in plan.names]
    return kept, [line for line in gone if line.partition(": ")[0] not in by_key]


def _renamed(literal: Literal, name: str) -> Literal:
    from dataclasses import replace

    return replace(literal, name=name)
