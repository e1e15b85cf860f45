"""imports_only_change(): which edits provably leave pyflakes' name messages unchanged."""

from __future__ import annotations

import pytest

from refactorkit.changes.import_edits import imports_only_change
from refactorkit.changes.validation import flakes

OLD = """\
from __future__ import annotations

import os
from a.b import x
from . import sibling
import a.b
import q.r as s

from django.utils.functional import (
    cached_property,
    lazy,  # noqa: F401
)


def f():
    from a.b import y

    return os, x, sibling, a, s, y, cached_property, lazy
"""


@pytest.mark.parametrize(
    "new",
    [
        # sources retargeted in place (relative levels, dotted imports, aliases)
        OLD.replace("from a.b import x", "from a.c import x")
        .replace("from . import sibling", "from .. import sibling")
        .replace("import a.b\n", "import a.c\n")
        .replace("import q.r as s", "import t.u as s"),
        # a rewritten line moves up its sorted block
        OLD.replace("import os\nfrom a.b import x\n", "from a.c import x\nimport os\n"),
        # ... or to another section of the same block, across a blank line
        OLD.replace("from a.b import x\n", "").replace(
            "from django.utils", "from a.c import x\nfrom django.utils"
        ),
        # the first line of a parenthesized import
        OLD.replace(
            "from django.utils.functional import (", "from django.core.functional import ("
        ),
        # a parenthesized import collapsed to one line
        OLD.replace("(\n    cached_property,\n    lazy,  # noqa: F401\n)", "cached_property, lazy"),
        # an indented (function-level) import
        OLD.replace("    from a.b import y", "    from a.c import y"),
        # a backslash continuation
        OLD.replace("import q.r as s", "import q.r as \\\n    s"),
    ],
)
def test_import_only_edits_binding_the_same_names(new: str) -> None:
    assert imports_only_change(OLD, new) is True
    # the promise the shortcut relies on: pyflakes finds the same (line-free) messages
    assert {f.key for f in flakes(new, "m.py") or ()} == {f.key for f in flakes(OLD, "m.py") or ()}


@pytest.mark.parametrize(
    "new",
    [
        OLD.replace("from a.b import x", "from a.b import z"),  # binds another name
        OLD.replace("from a.b import x\n", ""),  # drops a binding
        OLD.replace("import os\n", "import os\nimport re\n"),  # adds a binding
        OLD.replace("import a.b\n", "import c.b\n"),  # binds `c`, not `a`
        OLD.replace("    lazy,  # noqa: F401\n", ""),  # drops a name inside parentheses
        OLD.replace("return os,", "return re,"),  # a code line changed
        # an import moved out of its block, past code, into the function
        OLD.replace("import os\n", "").replace(
            "    from a.b import y", "    import os\n    from a.b import y"
        ),
        # moved from module level into the function's run: another indentation
        OLD.replace("from a.b import x\n", "").replace(
            "    from a.b import y", "    from a.b import x, y"
        ),
        # __future__ imports are position-sensitive: never skipped
        OLD.replace("from __future__ import annotations", "from __future__ import division"),
        # a semicolon hides a statement that is not an import
        OLD.replace("import os\n", "import os; os = 1\n"),
        # an "import" line that does not parse
        OLD.replace("import os\n", "import os,\n"),
    ],
)
def test_other_edits_fall_back_to_pyflakes(new: str) -> None:
    assert imports_only_change(OLD, new) is False


def test_import_like_line_in_a_docstring_that_changes_name_is_not_skipped() -> None:
    old = 'def f():\n    """Use:\n\n    from a import x\n    """\n'
    assert imports_only_change(old, old.replace("import x", "import y")) is False
    assert imports_only_change(old, old.replace("from a", "from b")) is True
