"""The one registry of rules: the built-in rule classes plus plugins' (`refactorkit.rules`).

Built-in rules are found by scanning `refactorkit.rules.builtin`: adding a rule is one file
there (and its test); there is no list to keep in sync. The registry is the only list of
codes: `check --select`, `ignore`, SARIF, `refactorkit rule` and docs/check.md all read it.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re
from typing import Any

from refactorkit.plugins import RULES_GROUP, load_group
from refactorkit.rules.base import SCOPES, Rule
from refactorkit.rules.limits import LimitSpec, specs_of

RuleClass = type[Rule[Any]]
_CODE = re.compile(r"^[A-Z]{1,4}[0-9]{3,4}$")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


def builtin_rules() -> tuple[RuleClass, ...]:
    """The rules shipped with refactorkit, by code."""
    return _discovered()[0]


def rule_classes() -> tuple[RuleClass, ...]:
    """Every rule, built-in and plugin, by code."""
    builtin, plugins, _ = _discovered()
    return tuple(sorted((*builtin, *plugins), key=lambda r: r.code))


def plugin_problems() -> tuple[str, ...]:
    """One line per rule plugin that could not be loaded."""
    return _discovered()[2]


def rules_by_code() -> dict[str, RuleClass]:
    return {rule.code: rule for rule in rule_classes()}


def known_codes() -> frozenset[str]:
    return frozenset(rule.code for rule in rule_classes())


def limit_specs() -> dict[str, LimitSpec]:
    """The keys of `[tool.refactorkit.limits]`, from every rule's options."""
    return specs_of(rule_classes())


def why_not_a_rule(candidate: Any) -> str | None:
    """Why `candidate` cannot be registered as a rule, or None when it can."""
    if not (inspect.isclass(candidate) and issubclass(candidate, Rule)):
        return "not a subclass of refactorkit.rules.Rule"
    for attribute in ("code", "name", "summary"):
        if not isinstance(getattr(candidate, attribute, None), str):
            return f"the rule has no {attribute}"
    if not _CODE.match(candidate.code):
        return f"rule code {candidate.code!r} is not like RK101"
    if not _NAME.match(candidate.name):
        return f"rule name {candidate.name!r} is not kebab-case"
    if candidate.scope not in SCOPES:
        return f"rule scope {candidate.scope!r} is not one of {', '.join(SCOPES)}"
    return None


@functools.cache
def _discovered() -> tuple[tuple[RuleClass, ...], tuple[RuleClass, ...], tuple[str, ...]]:
    package = importlib.import_module("refactorkit.rules.builtin")
    builtin: list[RuleClass] = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, Rule)
                and value.__module__ == module.__name__
                and why_not_a_rule(value) is None
            ):
                builtin.append(value)
    builtin.sort(key=lambda r: r.code)
    loaded = load_group(RULES_GROUP, why_not_a_rule)
    taken = {rule.code for rule in builtin}
    plugins: list[RuleClass] = []
    problems = list(loaded.problems)
    for name, rule in loaded.objects:
        if rule.code in taken:
            problems.append(f"plugin {name!r} skipped: rule code {rule.code} is taken")
            continue
        taken.add(rule.code)
        plugins.append(rule)
    return tuple(builtin), tuple(plugins), tuple(problems)
