"""Rules files: per source type, kind and pattern, what to do with a reference.

    [[rule]]
    name = "drop-database-setting"   # shown beside each reference it matched
    source = "python"                # a source type, or "*" (default)
    kind = "settings-key"            # a reference kind, or "*" (default)
    pattern = "legacy_orders"        # a regular expression searched in the line (default: any)
    action = "remove"                # report | replace | remove | comment
    replacement = "orders"           # replace: the new text for the match
    reason = "retired in 2026"       # comment: the marker's text

The first rule that matches a reference decides; a reference no rule matches is reported.
An action that cannot be carried out safely becomes `review`, with the reason.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from refactorkit.codemods.retire.model import COMMENT_PREFIX, Decision, Reference, Rule
from refactorkit.errors import UserError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ACTIONS = ("report", "replace", "remove", "comment")
_KEYS = {"name", "action", "source", "kind", "pattern", "replacement", "reason"}


def load_rules(path: Path) -> tuple[Rule, ...]:
    """The rules of a TOML rules file; every mistake is a UserError naming the rule."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"{path}: cannot read the rules: {exc}") from exc
    rows = data.get("rule", [])
    if not isinstance(rows, list) or set(data) - {"rule"}:
        raise UserError(f"{path}: expected only [[rule]] tables")
    return tuple(_rule(path, number, row) for number, row in enumerate(rows, start=1))


def _rule(path: Path, number: int, row: Any) -> Rule:
    where = f"{path}: rule {number}"
    if not isinstance(row, dict) or set(row) - _KEYS:
        raise UserError(f"{where}: unknown keys {sorted(set(row) - _KEYS)}; known: {sorted(_KEYS)}")
    if not all(isinstance(v, str) for v in row.values()):
        raise UserError(f"{where}: every value is a string")
    action = row.get("action", "report")
    if action not in ACTIONS:
        raise UserError(f"{where}: action {action!r} is not one of {', '.join(ACTIONS)}")
    if action == "replace" and "replacement" not in row:
        raise UserError(f"{where}: action replace needs a replacement")
    try:
        re.compile(row.get("pattern", ""))
    except re.error as exc:
        raise UserError(f"{where}: bad pattern: {exc}") from exc
    return Rule(**{"name": row.get("name", f"rule-{number}"), **row, "action": action})


def _matches(rule: Rule, reference: Reference) -> bool:
    return (
        rule.source in ("*", reference.source)
        and rule.kind in ("*", reference.kind)
        and re.search(rule.pattern, reference.text) is not None
    )


def decide(reference: Reference, rules: Sequence[Rule]) -> Decision:
    """What the first matching rule does with `reference` (review when it is not safe)."""
    rule = next((r for r in rules if _matches(r, reference)), None)
    if rule is None:
        return Decision(reference, None, "report")
    problem = _unsafe(rule.action, reference)
    if problem:
        return Decision(reference, rule, "review", problem)
    return Decision(reference, rule, rule.action)


def _unsafe(action: str, reference: Reference) -> str:
    if action == "replace" and not reference.replaceable:
        return reference.why_not or "not a plain text match"
    if action == "remove" and reference.entry is None:
        return reference.why_not or "no whole entry to remove"
    if action == "comment" and (not COMMENT_PREFIX.get(reference.source) or not reference.anchor):
        return f"no safe place for a comment in {reference.source}"
    return ""
