"""Rules: one class per rule, one registry, run the same way by `analyze` and `check`.

Writing a rule (built-in: a module in `refactorkit/rules/builtin/`; plugin: a class named by
a `refactorkit.rules` entry point): subclass `FileRule` (judges one measured file) or `Rule`
(judges the project, e.g. its import graph), set `code`, `name`, `summary`, `scope` and
`options_type`, and return findings built with `self.finding(...)`. docs/plugins.md has a
worked example.
"""

from refactorkit.domain import FileAnalysis, Finding, Fix
from refactorkit.rules.base import FileRule, NoOptions, Rule, RuleContext
from refactorkit.rules.fixes import advice, command_fix

__all__ = [
    "FileAnalysis",
    "FileRule",
    "Finding",
    "Fix",
    "NoOptions",
    "Rule",
    "RuleContext",
    "advice",
    "command_fix",
]
