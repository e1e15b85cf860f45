"""validate(): only problems a change introduces block it (pyflakes, compared without lines)."""

from __future__ import annotations

from pathlib import Path

from refactorkit.changes.validation import validate
from refactorkit.domain import ChangeSet, CreateFile, DeleteFile, FileChange, ModifyFile, MoveFile

MODULE = """\
import os
import sys  # already unused before the change: not ours to report


def cwd():
    return os.getcwd()


def helper():
    return 1
"""


def check(
    tmp_path: Path, *changes: FileChange, files: dict[str, str] | None = None
) -> tuple[str, ...]:
    for rel, text in (files or {"mod.py": MODULE}).items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return validate(ChangeSet(tmp_path, "t", changes))


def test_unchanged_problems_and_shifted_lines_are_not_reported(tmp_path: Path) -> None:
    shifted = '"""Docstring pushes every line down."""\n\n' + MODULE
    assert check(tmp_path, ModifyFile("mod.py", new_text=shifted)) == ()


def test_new_undefined_name_is_reported(tmp_path: Path) -> None:
    new = MODULE.replace("return os.getcwd()", "return pathlib.Path.cwd()").replace(
        "import os\n", ""
    )
    problems = check(tmp_path, ModifyFile("mod.py", new_text=new))
    assert problems == ("mod.py:5: undefined name 'pathlib'",)


def test_new_unused_import_is_reported(tmp_path: Path) -> None:
    new = MODULE.replace("    return os.getcwd()", "    return '.'")
    problems = check(tmp_path, ModifyFile("mod.py", new_text=new))
    assert problems == ("mod.py:1: 'os' imported but unused",)


def test_new_redefinition_is_reported(tmp_path: Path) -> None:
    new = MODULE + "\n\ndef helper():\n    return 2\n"
    problems = check(tmp_path, ModifyFile("mod.py", new_text=new))
    assert problems == ("mod.py:13: redefinition of unused 'helper' from line 9",)


def test_syntax_error_in_new_code(tmp_path: Path) -> None:
    problems = check(tmp_path, CreateFile("new.py", new_text="def f(:\n    pass\n"))
    assert len(problems) == 1 and problems[0].startswith("new.py: new code does not parse")


def test_pure_move_of_an_unparsable_file_is_allowed(tmp_path: Path) -> None:
    files = {"broken.py": "def f(:\n"}
    move = MoveFile("broken.py", "pkg/broken.py")
    assert check(tmp_path, move, files=files) == ()


def test_created_files_always_report_undefined_names_and_unused_imports(tmp_path: Path) -> None:
    part = "import os\nimport re\n\n\ndef cwd():\n    return os.getcwd() + missing\n"
    problems = check(
        tmp_path,
        DeleteFile("mod.py"),
        CreateFile("pkg/part.py", new_text=part),
    )
    assert problems == (
        "pkg/part.py:2: 're' imported but unused",
        "pkg/part.py:6: undefined name 'missing'",
    )


def test_init_reexports_and_all_are_not_unused(tmp_path: Path) -> None:
    init = "from .part import cwd\nfrom .other import helper\n"
    other = "import sys\n\n__all__ = ['sys', 'helper']\n\n\ndef helper():\n    return 1\n"
    problems = check(
        tmp_path,
        MoveFile("mod.py", "pkg/__init__.py", new_text=init),
        CreateFile("pkg/other.py", new_text=other),
    )
    assert problems == ()


def test_moved_file_compared_with_its_old_version(tmp_path: Path) -> None:
    new = MODULE.replace("os.getcwd()", "os.getcwd() + suffix")
    problems = check(tmp_path, MoveFile("mod.py", "lib/mod.py", new_text=new))
    assert problems == ("lib/mod.py:6: undefined name 'suffix'",)


def test_non_python_files_are_not_checked(tmp_path: Path) -> None:
    files = {"pyproject.toml": "[tool.x]\n"}
    change = ModifyFile("pyproject.toml", new_text="[tool.x\n")
    assert check(tmp_path, change, files=files) == ()


def test_retargeted_unused_import_is_not_new(tmp_path: Path) -> None:
    files = {"m.py": "from a.b import x\n\n\ndef f():\n    return 1\n"}
    new = "from a.c import x\n\n\ndef f():\n    return undefined\n"
    problems = check(tmp_path, ModifyFile("m.py", new_text=new), files=files)
    assert problems == ("m.py:5: undefined name 'undefined'",)


def test_rename_of_an_already_unused_import_is_not_new(tmp_path: Path) -> None:
    # django-simple-history: `utils` was unused before the move to `helpers`.
    files = {"cmd.py": "from ... import models, utils\n\nprint(models)\n"}
    new = "from ... import helpers, models\n\nprint(models)\n"
    assert check(tmp_path, ModifyFile("cmd.py", new_text=new), files=files) == ()


def test_rename_of_an_already_unused_submodule_import_is_not_new(tmp_path: Path) -> None:
    files = {"m.py": "import pkg.utils\nimport os\n\nprint(os.sep)\n"}
    new = "import os\nimport pkg.helpers\n\nprint(os.sep + 'x')\n"
    assert check(tmp_path, ModifyFile("m.py", new_text=new), files=files) == ()


def test_renamed_import_that_was_used_is_still_reported(tmp_path: Path) -> None:
    files = {"cmd.py": "from ... import models, utils\n\nprint(models, utils)\n"}
    new = "from ... import helpers, models\n\nprint(models)\n"
    problems = check(tmp_path, ModifyFile("cmd.py", new_text=new), files=files)
    assert problems == ("cmd.py:1: '...helpers' imported but unused",)


def test_import_added_next_to_an_unused_one_is_still_reported(tmp_path: Path) -> None:
    files = {"cmd.py": "from ... import models, utils\n\nprint(models)\n"}
    new = "from ... import helpers, models, utils\n\nprint(models)\n"
    problems = check(tmp_path, ModifyFile("cmd.py", new_text=new), files=files)
    assert problems == ("cmd.py:1: '...helpers' imported but unused",)


def test_one_old_unused_import_excuses_one_renamed_import_only(tmp_path: Path) -> None:
    files = {"m.py": "from a import utils\nfrom b import tools\n\nprint(tools)\n"}
    new = "from a import helpers\nfrom b import kit\n\nprint(1)\n"
    problems = check(tmp_path, ModifyFile("m.py", new_text=new), files=files)
    assert problems == ("m.py:2: 'b.kit' imported but unused",)


# Comments that silence a code (ruff/flake8 semantics); unused imports a split carries over.

SPLIT_SOURCE = """\
import os


def cwd():
    return os.getcwd()


def probe():
    try:
        import java.lang
    except ImportError:
        return None
    return 1
"""


def split_into(tmp_path: Path, part: str) -> tuple[str, ...]:
    return check(
        tmp_path,
        MoveFile("mod.py", "pkg/__init__.py", new_text="from .a import cwd\n"),
        CreateFile("pkg/a.py", new_text=part),
        files={"mod.py": SPLIT_SOURCE},
    )


def test_bare_noqa_silences_a_new_unused_import(tmp_path: Path) -> None:
    part = "def f():\n    try:\n        import h2  # noqa\n    except ImportError:\n        pass\n"
    assert check(tmp_path, CreateFile("pkg/a.py", new_text=part)) == ()


def test_noqa_with_the_matching_code_silences_only_that_code(tmp_path: Path) -> None:
    part = "import re  # noqa: F401\nimport os  # NOQA:F401,E501\nx = y  # noqa: F401\n"
    problems = check(tmp_path, CreateFile("pkg/a.py", new_text=part))
    assert problems == ("pkg/a.py:3: undefined name 'y'",)


def test_noqa_for_another_code_or_inside_a_string_does_not_silence(tmp_path: Path) -> None:
    part = 'import re  # noqa: E501\nimport os; s = "# noqa"\nimport sys  # noqa: this\n'
    problems = check(tmp_path, CreateFile("pkg/a.py", new_text=part))
    assert problems == (
        "pkg/a.py:1: 're' imported but unused",
        "pkg/a.py:2: 'os' imported but unused",
        "pkg/a.py:3: 'sys' imported but unused",
    )


def test_noqa_on_any_line_of_a_multiline_import(tmp_path: Path) -> None:
    # ruff reports F401 at the alias's own line, pyflakes at the statement's first line.
    part = "from os import (\n    sep,  # noqa: F401\n)\nfrom re import (\n    sub,\n)\n"
    problems = check(tmp_path, CreateFile("pkg/a.py", new_text=part))
    assert problems == ("pkg/a.py:4: 're.sub' imported but unused",)


def test_noqa_silences_undefined_names_and_redefinitions(tmp_path: Path) -> None:
    new = MODULE.replace("os.getcwd()", "os.getcwd() + later  # noqa: F821")
    new += "\n\ndef helper():  # noqa: F811\n    return 2\n"
    assert check(tmp_path, ModifyFile("mod.py", new_text=new)) == ()


def test_unused_import_carried_unchanged_from_the_split_module_is_accepted(
    tmp_path: Path,
) -> None:
    # stdlib platform.py: `import java.lang` in `_java_getprop`'s caller, unused there already.
    part = SPLIT_SOURCE
    assert split_into(tmp_path, part) == ()


def test_unused_import_that_differs_from_the_source_line_is_reported(tmp_path: Path) -> None:
    part = SPLIT_SOURCE.replace("import java.lang", "import java.lang as jl")
    assert split_into(tmp_path, part) == ("pkg/a.py:10: 'java.lang as jl' imported but unused",)


def test_one_unused_import_in_the_source_excuses_one_copy_only(tmp_path: Path) -> None:
    part = SPLIT_SOURCE + "\n\ndef probe2():\n    import java.lang\n"
    assert split_into(tmp_path, part) == ("pkg/a.py:17: 'java.lang' imported but unused",)


def test_import_used_in_the_source_and_unused_in_the_part_is_reported(tmp_path: Path) -> None:
    part = "import os\n\n\ndef helper():\n    return 1\n"
    assert split_into(tmp_path, part) == ("pkg/a.py:1: 'os' imported but unused",)


def test_carried_unused_import_needs_a_source_the_change_set_empties(tmp_path: Path) -> None:
    # A created file next to an unchanged module: the module's unused import excuses nothing.
    files = {"mod.py": SPLIT_SOURCE}
    problems = check(tmp_path, CreateFile("b.py", new_text=SPLIT_SOURCE), files=files)
    assert problems == ("b.py:10: 'java.lang' imported but unused",)


def test_carried_unused_import_from_a_module_turned_into_a_shim_is_accepted(
    tmp_path: Path,
) -> None:
    # `move pkg.old pkg.new --shim`: the old file is modified into a shim, the new one created.
    shim = "import warnings\n\nwarnings.warn('moved', DeprecationWarning)\nfrom new import *\n"
    problems = check(
        tmp_path,
        ModifyFile("mod.py", new_text=shim),
        CreateFile("new.py", new_text=SPLIT_SOURCE),
        files={"mod.py": SPLIT_SOURCE},
    )
    assert problems == ()


def test_an_importer_whose_imports_were_only_retargeted_gives_no_code(tmp_path: Path) -> None:
    importer = "import java.lang\nfrom old import x\n"
    problems = check(
        tmp_path,
        ModifyFile("user.py", new_text="import java.lang\nfrom new import x\n"),
        CreateFile("b.py", new_text=SPLIT_SOURCE),
        files={"user.py": importer},
    )
    assert problems == ("b.py:10: 'java.lang' imported but unused",)
