"""Telling internal, standard-library and third-party modules apart."""

from __future__ import annotations

import sys
from collections.abc import Collection

INTERNAL = "internal"
STDLIB = "stdlib"
THIRD_PARTY = "third_party"

# sys.stdlib_module_names exists since 3.10 (our minimum); it lists top-level names only, and
# only the running Python's. Code analyzed here may target a newer Python (Django 5.2 imports
# annotationlib under a version check), `__main__` is never listed, and `_typeshed` exists only
# in the standard library's stubs (imported under TYPE_CHECKING): none is a third-party package.
_NEWER_STDLIB = (
    "__main__",
    "_typeshed",
    "annotationlib",
    "compression",
    "_interpreters",
    "_interpqueues",
)
STDLIB_MODULES: frozenset[str] = frozenset((*sys.stdlib_module_names, *_NEWER_STDLIB))


def top_level(module: str) -> str:
    return module.partition(".")[0]


def classify_module(
    module: str, internal_modules: Collection[str], internal_roots: Collection[str]
) -> str:
    """ "internal" | "stdlib" | "third_party" for a dotted module name.

    A name is internal when its top-level package is one of the project's (namespace packages
    included); the project wins over the standard library because its root comes first on
    sys.path, which is also how Python resolves a local `logging.py`.
    """
    if module in internal_modules or top_level(module) in internal_roots:
        return INTERNAL
    if top_level(module) in STDLIB_MODULES:
        return STDLIB
    return THIRD_PARTY
