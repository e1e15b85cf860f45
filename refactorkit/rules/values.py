"""The shared part of the hard-coded value rules (RK112-RK115): which files they judge and
the fix they give. Each rule is its own class in `rules/builtin/`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from refactorkit.domain import FileAnalysis, Finding, Fix, ValueSite
from refactorkit.graph.values import CODES, judged_file, named_constant
from refactorkit.rules.base import FileRule, NoOptions, RuleContext
from refactorkit.rules.fixes import advice, command_fix, command_text, typed_path

_LABELS = {
    "path": "absolute path",
    "cwd-path": "path relative to the current folder",
    "url": "URL",
    "host-port": "host:port",
    "secret": "secret",
    "magic-number": "number",
}
OUTSIDE_REPO = (
    "build the path from a configured folder or from `Path(__file__).resolve().parent`: "
    "it names the current folder or a file not in the repository, so which folder is meant "
    "is yours to say"
)
IMPORT_TIME_SECRET = (
    "read it from the environment: it is used at import time, where an env-only setting "
    "fails the import without the variable; `{command}` moves it with the literal as its "
    "default, or move it by hand"
)


class ValueRule(FileRule[NoOptions]):
    """Reports the file's `ValueSite`s of the rule's kinds, outside tests and settings."""

    kinds: ClassVar[frozenset[str]] = frozenset()
    options_type = NoOptions
    fix_hint = "move it to the settings module and read it from there"
    reads = frozenset({"values"})

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
                    fix=self.fix(analysis, site, context.root_hint),
                )

    def fix(self, analysis: FileAnalysis, site: ValueSite, root_hint: str) -> Fix:
        """`extract-settings FILE --select CODE`: every value of this kind in the file moves
        to the settings module. A secret used at import time gets advice: the command
        leaves it alone (an env-only secret would fail the import)."""
        relpath = typed_path(root_hint, analysis.source.relpath)
        argv: tuple[str, ...] = ("refactorkit", "extract-settings", relpath)
        argv += ("--select", CODES[site.kind])
        if root_hint:
            argv += ("--root", root_hint)
        if site.kind == "secret" and not _in_function(analysis, site.lineno):
            command = command_text((*argv, "--secret-defaults"))
            return advice(IMPORT_TIME_SECRET.format(command=command))
        if site.kind == "cwd-path" and not _in_repo(root_hint, site.text):
            return advice(OUTSIDE_REPO)
        return command_fix("extract-settings", argv)

    def message(self, kind: str, text: str, name: str) -> str:
        """The finding's one line."""
        given = f" given to {name}" if name else ""
        return f"hard-coded {_LABELS.get(kind, kind)} {text!r}{given}"


def judged(analysis: FileAnalysis) -> bool:
    """Library code outside the settings modules (tests may hard-code what they like)."""
    return judged_file(analysis.source.relpath, analysis.source.module)


def _in_repo(root_hint: str, text: str) -> bool:
    """Whether a current-folder path names a file of the project (extract-settings then
    anchors it at the settings module); `os.getcwd()` names none."""
    root = Path(root_hint or ".").resolve()
    target = (root / text.removeprefix("./")).resolve()
    return not text.endswith(")") and target.is_relative_to(root) and target.exists()


def _in_function(analysis: FileAnalysis, line: int) -> bool:
    return any(f.lineno < line <= f.endline for f in analysis.functions)
