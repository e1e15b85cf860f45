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
from pathlib import PurePosixPath

from refactorkit.config import distribution_name, public_module
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
    if source.path.name == "__init__.py":
        return _package_init_fix(root_hint, analysis, limit)
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


def _package_init_fix(root_hint: str, analysis: FileAnalysis, limit: int | None) -> Fix:
    """`split` makes a module a package, and leaves a package's `__init__.py` alone ("already
    a package": docutils' `utils/__init__.py`, `writers/latex2e/__init__.py`): its largest
    class over the limit is divided instead (the parts go into the package), else advice."""
    source = analysis.source
    largest = _class_over(analysis, limit)
    if largest is not None and source.module:
        return split_class_fix(root_hint, source.module, largest)
    return advice(
        f"move groups of definitions out of {source.relpath} into modules of its package "
        f"(refactorkit move-symbol {source.module or 'PKG'}:NAME "
        f"{source.module or 'PKG'}.NEW) and import them back; split leaves a package's "
        "__init__.py alone"
    )


def _module_name_options(analysis: FileAnalysis) -> tuple[str, ...]:
    """`--keep-module-names` for a module of Django models, and for a public module of a
    published distribution that no annotation-resolving framework reads.

    Apps that register Django models (django-simple-history's `HistoricalRecords`) put the
    classes they make into `sys.modules[cls.__module__]`, which must stay the module the
    project imports them from (on django-simple-history's own test models, a split without
    it failed 3 test modules on `cannot import name 'HistoricalChoice'`; with it 363 passed).
    A public module's `__module__` is what reprs, pickles and printed trees show: docutils
    prints `docutils.transforms.references.TargetNotes` in its pseudo-XML and tests
    `'nodes.Body' in repr(...)` (splits of `nodes.py` and `transforms/references.py` left 11
    and 2 tests red without it, none with it). Not where SQLAlchemy, pydantic, attrs or
    dataclasses read the class: with postponed annotations they resolve names through
    `__module__` while the class is made, before the package has its names."""
    django = any(
        (i.module == "django.db" and i.name == "models") or i.module == "django.db.models"
        for i in analysis.imports
    )
    if django or (_published(analysis) and not _reads_annotations(analysis)):
        return ("--keep-module-names",)
    return ()


_ANNOTATION_READERS = frozenset({"sqlalchemy", "pydantic", "attr", "attrs", "dataclasses"})


def _reads_annotations(analysis: FileAnalysis) -> bool:
    """Whether the module imports a framework that resolves its classes' annotations."""
    return any(i.module.partition(".")[0] in _ANNOTATION_READERS for i in analysis.imports)


def _published(analysis: FileAnalysis) -> bool:
    """A public module (config.public_module) of a project whose root pyproject.toml names
    a distribution: other code sees its classes' `__module__`."""
    source = analysis.source
    if not source.module or not public_module(source.module):
        return False
    depth = len(PurePosixPath(source.relpath).parts)
    root = source.path.parents[depth - 1] if depth <= len(source.path.parents) else None
    return root is not None and distribution_name(root) is not None


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
