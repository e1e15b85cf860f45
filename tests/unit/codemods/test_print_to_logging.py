"""print-to-logging: one test per behaviour, then the prints it must leave alone (and list)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from refactorkit.codemods.builtin.print_to_logging import PrintToLogging, PrintToLoggingOptions
from refactorkit.codemods.registry import codemod_classes
from refactorkit.config import Config
from refactorkit.domain import ChangeSet
from refactorkit.errors import UserError
from refactorkit.project import Project
from refactorkit.testing import assert_codemod

CODEMOD = PrintToLogging()


def plan(tmp_path: Path, files: dict[str, str], **options: object) -> ChangeSet:
    for relpath, text in files.items():
        target = tmp_path / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    project = Project(tmp_path, Config(project_root=tmp_path))
    return CODEMOD.plan(project, PrintToLoggingOptions(**options))  # type: ignore[arg-type]


def test_is_a_registered_command() -> None:
    assert codemod_classes()["print-to-logging"] is PrintToLogging


def test_arguments_become_lazy_percent_arguments_and_a_logger_is_added() -> None:
    assert_codemod(
        CODEMOD,
        """\
        import os


        def report(a, b):
            print("x", a, b)
        """,
        """\
        import logging
        import os

        logger = logging.getLogger(__name__)


        def report(a, b):
            logger.info("x %s %s", a, b)
        """,
    )


def test_a_module_with_all_gets_private_names() -> None:
    assert_codemod(
        CODEMOD,
        """\
        __all__ = ["go"]


        def go():
            print("ready")
        """,
        """\
        import logging as _logging

        _logger = _logging.getLogger(__name__)

        __all__ = ["go"]


        def go():
            _logger.info("ready")
        """,
    )


def test_a_module_without_imports_gets_them_after_its_docstring() -> None:
    assert_codemod(
        CODEMOD,
        '''\
        """Tools."""


        def go():
            print('ready')
        ''',
        '''\
        """Tools."""

        import logging

        logger = logging.getLogger(__name__)


        def go():
            logger.info('ready')
        ''',
    )


def test_fstrings_give_percent_placeholders_with_their_values() -> None:
    assert_codemod(
        CODEMOD,
        """\
        import logging

        logger = logging.getLogger(__name__)


        def f(total, name, width):
            print(f"total {total:.2f} for {name!r}, {width:>10} at 100%")
            print(f"{name=}")
        """,
        """\
        import logging

        logger = logging.getLogger(__name__)


        def f(total, name, width):
            logger.info("total %.2f for %r, %s at 100%%", total, name, format(width, ">10"))
            logger.info("name=%r", name)
        """,
    )


def test_sep_is_honoured_and_end_and_flush_dropped() -> None:
    assert_codemod(
        CODEMOD,
        """\
        import logging

        log = logging.getLogger("app")


        def f(a):
            print("a", a, "c", sep=", ", end="", flush=True)
        """,
        """\
        import logging

        log = logging.getLogger("app")


        def f(a):
            log.info("a, %s, c", a)
        """,
    )


def test_stderr_warns_and_errors_inside_except_or_when_the_text_says_so() -> None:
    assert_codemod(
        CODEMOD,
        """\
        import sys


        def f(path):
            print("slow disk", file=sys.stderr)
            print("Error: bad header in", path, file=sys.stderr)
            try:
                open(path)
            except OSError as exc:
                print(f"cannot open {path}: {exc}", file=sys.stderr)
        """,
        """\
        import logging

        logger = logging.getLogger(__name__)


        def f(path):
            logger.warning("slow disk")
            logger.error("Error: bad header in %s", path)
            try:
                open(path)
            except OSError as exc:
                logger.error("cannot open %s: %s", path, exc)
        """,
    )


def test_level_option_overrides_the_level() -> None:
    assert_codemod(
        CODEMOD,
        """\
        import sys
        import logging

        logger = logging.getLogger(__name__)
        print("one", file=sys.stderr)
        print("two")
        sys.exit(0)
        """,
        """\
        import sys
        import logging

        logger = logging.getLogger(__name__)
        logger.debug("one")
        logger.debug("two")
        sys.exit(0)
        """,
        PrintToLoggingOptions(level="debug"),
        path="pkg/example.py",  # in a package: module-level code of a library module
    )


def test_an_unknown_level_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="--level loud"):
        plan(tmp_path, {"m.py": "print(1)\n"}, level="loud")


def test_percent_is_doubled_only_where_logging_will_format() -> None:
    assert_codemod(
        CODEMOD,
        """\
        import logging

        logger = logging.getLogger(__name__)


        def f(n):
            print("100%", "done")
            print(f"{n}% done")
        """,
        """\
        import logging

        logger = logging.getLogger(__name__)


        def f(n):
            logger.info("100% done")
            logger.info("%s%% done", n)
        """,
    )


def test_a_message_split_over_lines_stays_one_literal() -> None:
    assert_codemod(
        CODEMOD,
        """\
        import logging

        logger = logging.getLogger(__name__)


        def f():
            print(
                "could not run because "
                "of 100% load"
            )
        """,
        """\
        import logging

        logger = logging.getLogger(__name__)


        def f():
            logger.info("could not run because of 100% load")
        """,
    )


def test_emoji_and_progress_prints_stay_messages() -> None:
    assert_codemod(
        CODEMOD,
        """\
        import logging

        logger = logging.getLogger(__name__)


        def f(n):
            print("🚀 launching", n, "workers…")
            print(".", end="")
        """,
        """\
        import logging

        logger = logging.getLogger(__name__)


        def f(n):
            logger.info("🚀 launching %s workers…", n)
            logger.info(".")
        """,
    )


def test_left_alone_cases_are_unchanged_and_listed(tmp_path: Path) -> None:
    source = """\
        import argparse
        import sys

        import click


        def helper(out):
            print("to a file", file=out)
            print()
            print(*out)


        @click.command()
        def cli():
            print("click output")


        def run(args: argparse.Namespace) -> int:
            print("argparse output")
            return 0


        def main():
            parser = argparse.ArgumentParser()
            print("parsed", parser.parse_args())


        if __name__ == "__main__":
            print("main block")
        """
    changeset = plan(tmp_path, {"pkg/__init__.py": "", "pkg/tool.py": source})
    assert changeset.is_empty
    reasons = [line.split(": ", 2)[2] for line in changeset.summary]
    assert reasons == [
        "prints to a file other than stdout or stderr",
        "prints an empty line",
        "unpacks its arguments",
        "CLI command cli",
        "argparse command run",
        "argparse entry point main",
        "`__main__` block",
    ]
    assert changeset.summary[0].startswith("pkg/tool.py:8: print left alone")


def test_tests_scripts_and_project_scripts_are_left_alone(tmp_path: Path) -> None:
    files = {
        "main.py": "print('top-level script')\n",
        "pyproject.toml": '[project]\nname = "p"\n[project.scripts]\np = "pkg.app:main"\n',
        "pkg/__init__.py": "",
        "pkg/app.py": "def main():\n    print('hello')\n\n\ndef lib():\n    print('lib')\n",
        "tests/test_app.py": "def test_x():\n    print('debugging')\n",
        "my-scripts/run.py": "print('script')\n",
    }
    changeset = plan(tmp_path, files)
    assert [c.path for c in changeset.changes] == ["pkg/app.py"]
    assert sorted(changeset.summary) == [
        "main.py:1: print left alone: module-level code of a top-level script",
        "my-scripts/run.py:1: print left alone: a script outside the package roots",
        "pkg/app.py:2: print left alone: [project.scripts] entry point main",
        "tests/test_app.py:2: print left alone: test code",
    ]


def test_include_cli_converts_cli_prints_too() -> None:
    assert_codemod(
        CODEMOD,
        """\
        import logging

        logger = logging.getLogger(__name__)

        if __name__ == "__main__":
            print("main block")
        """,
        """\
        import logging

        logger = logging.getLogger(__name__)

        if __name__ == "__main__":
            logger.info("main block")
        """,
        PrintToLoggingOptions(include_cli=True),
    )


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("def print(x):\n    pass\n\n\nprint(1)\n", id="print-shadowed"),
        pytest.param("from rich import print\n\nprint('x')\n", id="print-imported"),
        pytest.param("import logging\n\nlogging.info('x')\n", id="no-print"),
        pytest.param("x = obj.print('x')\n", id="a-method-named-print"),
    ],
)
def test_unchanged(source: str) -> None:
    assert_codemod(CODEMOD, source, source)


def test_a_function_with_its_own_logger_name_keeps_its_print(tmp_path: Path) -> None:
    source = """\
        def run(logger):
            print("started")


        def other():
            print("other")
        """
    changeset = plan(tmp_path, {"m.py": source})
    new = changeset.changes[0].new_text  # type: ignore[union-attr]
    assert 'print("started")' in new and 'logger.info("other")' in new
    assert changeset.summary == ("m.py:2: print left alone: the function binds logger itself",)


def test_two_prints_on_one_line_with_one_left_alone() -> None:
    assert_codemod(
        CODEMOD,
        """\
        import logging

        logger = logging.getLogger(__name__)
        x = print("a") or print("b", file=out)
        """,
        """\
        import logging

        logger = logging.getLogger(__name__)
        x = logger.info("a") or print("b", file=out)
        """,
        path="pkg/example.py",
    )
