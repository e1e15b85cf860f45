"""The fix for a module too big to keep whole: `split`, unless it is a test module that a split
cannot keep collected and passing, or whose length is one test class.

`split` of a test module gives parts pytest collects (docs/split.md, "Test modules"), but it
refuses the shapes it cannot keep working (module-level `pytestmark`, xunit `setup_module`,
hooks, `__name__` reads): such a module gets advice naming the reason, as the split would
print it. A test class over the limit by itself stays over it in any part: its file shrinks
only when the class is divided, so the fix is `split-class` for it.
"""

from __future__ import annotations

import ast
import unicodedata

from refactorkit.domain import FileAnalysis, Fix
from refactorkit.pytest_names import (
    conftest_blocker,
    is_test_module,
    pytest_names_for,
    split_blockers,
)
from refactorkit.rules.fixes import advice, split_class_fix, split_fix


def module_split_fix(root_hint: str, analysis: FileAnalysis, limit: int | None = None) -> Fix:
    """The fix RK101 (file over `limit` lines) and RK109 (too many classes) print."""
    source = analysis.source
    if source.path.name == "conftest.py":
        return advice(conftest_blocker(source.relpath))
    names = pytest_names_for(source.path)
    if not is_test_module(source.path, names):
        return split_fix(root_hint, source.relpath, *_module_name_options(analysis))
    blockers = _blockers(analysis)
    if blockers:
        more = f" (and {len(blockers) - 1} more)" if len(blockers) > 1 else ""
        return advice(
            f"split {source.relpath} by hand (or divide its test classes with "
            f"refactorkit split-class): an automatic split would change how its tests run: "
            f"{blockers[0]}{more}"
        )
    largest = _class_over(analysis, limit)
    if largest is not None and source.module:
        return split_class_fix(root_hint, source.module, largest)
    return split_fix(root_hint, source.relpath)


def _module_name_options(analysis: FileAnalysis) -> tuple[str, ...]:
    """`--keep-module-names` for a module of Django models: apps that register models
    (django-simple-history's `HistoricalRecords`) put the classes they make into
    `sys.modules[cls.__module__]`, which must stay the module the project imports them from
    (on django-simple-history's own test models, a split without it failed 3 test modules on
    `cannot import name 'HistoricalChoice'`; with it the suite stays at 363 passed). Not for
    other modules: with postponed annotations SQLAlchemy and pydantic resolve them through
    `__module__` while the class is made, before the package has its names."""
    django = any(
        (i.module == "django.db" and i.name == "models") or i.module == "django.db.models"
        for i in analysis.imports
    )
    return ("--keep-module-names",) if django else ()


def _class_over(analysis: FileAnalysis, limit: int | None) -> str | None:
    """The largest top-level class over `limit` lines by itself, if any."""
    big = [c for c in analysis.classes if limit and c.lines > limit and "." not in c.name]
    return max(big, key=lambda c: c.lines).name if big else None


# Every name `split_blockers` looks for contains one of these (the xunit functions are all
# setup_* or teardown_*): a module whose text holds none of them has no blocker.
_BLOCKER_WORDS = ("pytestmark", "setup", "teardown", "pytest_", "__name__")


def _blockers(analysis: FileAnalysis) -> list[str]:
    """What `split` would refuse in this test module ([] when the file cannot be read: the
    split then says why itself). Parsed again only when its text names a blocker: on sympy's
    long test modules the parse was a third of a cold analyze's CPU, for 1 module in 12."""
    try:
        data = analysis.source.path.read_bytes()
        if not may_block(data):
            return []
        tree = ast.parse(data)
    except (OSError, SyntaxError, ValueError):
        return []
    return split_blockers(tree, analysis.source.relpath)


def may_block(data: bytes) -> bool:
    """Whether source `data` could bind or read a name `split_blockers` refuses. Python
    reads identifiers NFKC-normalised (`setup` with a full-width "s" is still `setup`), so
    non-ASCII text is normalised first."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return True  # another encoding (a coding cookie): parse it to be sure
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return any(word in text for word in _BLOCKER_WORDS)
