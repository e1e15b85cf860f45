"""print-to-logging on what docutils showed: debug traces, `%`-formatted messages, output
functions, `main()` called from the `__main__` block and scripts under `tools/`."""

from __future__ import annotations

import textwrap
from pathlib import Path

from refactorkit.codemods.builtin.print_to_logging import PrintToLogging, PrintToLoggingOptions
from refactorkit.config import Config
from refactorkit.domain import ChangeSet
from refactorkit.project import Project
from refactorkit.testing import assert_codemod

CODEMOD = PrintToLogging()


def plan(tmp_path: Path, files: dict[str, str]) -> ChangeSet:
    for relpath, text in files.items():
        target = tmp_path / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return CODEMOD.plan(Project(tmp_path, Config(project_root=tmp_path)), PrintToLoggingOptions())


def reasons(changeset: ChangeSet) -> list[str]:
    return [line.split(": ", 2)[2] for line in changeset.summary]


def test_prints_under_a_debug_flag_log_at_debug_even_to_stderr_in_except() -> None:
    # docutils' StateMachine traces: `if self.debug: print(..., file=sys.stderr)`, some of
    # them in `except EOFError:`, are no warnings or errors.
    assert_codemod(
        CODEMOD,
        """\
        import logging
        import sys

        logger = logging.getLogger(__name__)


        class Machine:
            def run(self, verbose):
                if self.debug:
                    print("bof transition", file=sys.stderr)
                try:
                    self.step()
                except EOFError:
                    if self.debug and self.state:
                        print("eof transition", file=sys.stderr)
                if verbose > 1:
                    print("stepped")
                else:
                    print("quiet run")
                if not self.debug:
                    print("summary")
        """,
        """\
        import logging

        logger = logging.getLogger(__name__)


        class Machine:
            def run(self, verbose):
                if self.debug:
                    logger.debug("bof transition")
                try:
                    self.step()
                except EOFError:
                    if self.debug and self.state:
                        logger.debug("eof transition")
                if verbose > 1:
                    logger.debug("stepped")
                else:
                    logger.info("quiet run")
                if not self.debug:
                    logger.info("summary")
        """,
    )


def test_a_stderr_print_in_a_function_named_error_is_an_error() -> None:
    assert_codemod(
        CODEMOD,
        """\
        import logging
        import sys

        logger = logging.getLogger(__name__)


        def report_error(kind, value):
            print("%s: %s" % (kind, value), file=sys.stderr)


        def note(text):
            print(text, file=sys.stderr)
        """,
        """\
        import logging

        logger = logging.getLogger(__name__)


        def report_error(kind, value):
            logger.error("%s: %s", kind, value)


        def note(text):
            logger.warning("%s", text)
        """,
    )


def test_percent_formatting_with_a_tuple_becomes_lazy_arguments() -> None:
    # Only a tuple display is unpacked: `"%s" % t` with a tuple `t` formats its items, which
    # `logger.info("%s", t)` would not; a mapping format stays as it was.
    assert_codemod(
        CODEMOD,
        """\
        import logging

        logger = logging.getLogger(__name__)


        def f(children, t, d, x):
            print('system_message: children=%r' % (children,))
            print(("v=%s " "w=%r") % (x, x), x)
            print("%s:%d:%s" % t)
            print("%(a)s" % d)
        """,
        """\
        import logging

        logger = logging.getLogger(__name__)


        def f(children, t, d, x):
            logger.info("system_message: children=%r", children)
            logger.info("v=%s w=%r %s", x, x, x)
            logger.info("%s", "%s:%d:%s" % t)
            logger.info("%s", "%(a)s" % d)
        """,
    )


def test_a_concatenation_with_fstrings_gives_one_format_and_bytes_stay_a_value() -> None:
    assert_codemod(
        CODEMOD,
        """\
        import logging

        logger = logging.getLogger(__name__)


        def f(state, name):
            print('Matched transition '
                  f'"{name}" in state "{state}" at 100%.')
            print(b"raw " b"bytes")
        """,
        """\
        import logging

        logger = logging.getLogger(__name__)


        def f(state, name):
            logger.info('Matched transition "%s" in state "%s" at 100%%.', name, state)
            logger.info("%s", b"raw " b"bytes")
        """,
    )


def test_output_functions_main_block_entry_points_and_argv_readers_are_left_alone(
    tmp_path: Path,
) -> None:
    source = """\
        import sys


        class ViewList:
            def pprint(self):
                for line in self.items:
                    print("%s:%d:%s" % line)

            def dump(self):
                \"\"\"Print the list, one item a line.\"\"\"
                print(self.items)


        def print_differences(old, new):
            print(old, new)


        def main():
            print(__doc__)


        def prepstyles():
            if len(sys.argv) != 2:
                print("Usage: prepstyles FILE", file=sys.stderr)


        def library():
            print("logged")


        if __name__ == "__main__":
            main()
        """
    changeset = plan(tmp_path, {"pkg/__init__.py": "", "pkg/tool.py": source})
    assert [c.path for c in changeset.changes] == ["pkg/tool.py"]
    new = changeset.changes[0].new_text  # type: ignore[union-attr]
    assert 'logger.info("logged")' in new and new.count(" print(") == 5
    assert reasons(changeset) == [
        "output function pprint",
        "output function dump",
        "output function print_differences",
        "`__main__` entry point main",
        "reads sys.argv: command prepstyles",
    ]


def test_scripts_in_a_tools_folder_that_is_no_package_are_left_alone(tmp_path: Path) -> None:
    # docutils' tools/dev/create_unimap.py prints the module it generates: its output.
    files = {
        "tools/dev/create_unimap.py": "print('# generated')\n\n\ndef f():\n    print('map')\n",
        "scripts/run.py": "def h():\n    print('output')\n",
        "tools/__init__.py": "",  # a package: its modules are library code
        "tools/helper.py": "def f():\n    print('logged')\n",
    }
    changeset = plan(tmp_path, files)
    assert [c.path for c in changeset.changes] == ["tools/helper.py"]
    script = "print left alone: a script in a folder that is no package"
    assert sorted(changeset.summary) == [
        f"scripts/run.py:2: {script}",
        f"tools/dev/create_unimap.py:1: {script}",
        f"tools/dev/create_unimap.py:5: {script}",
    ]


def test_a_print_passing_kwargs_is_left_alone_with_that_reason(tmp_path: Path) -> None:
    # django-simple-history's `print(*args, **{"flush": True, **kwargs})`: `file=` may hide
    # in the mapping, so it is no known file, nor surely another one.
    source = 'def say(*args, **kwargs):\n    print(*args, **{"flush": True, **kwargs})\n'
    changeset = plan(tmp_path, {"pkg/__init__.py": "", "pkg/say.py": source})
    assert changeset.is_empty
    assert reasons(changeset) == ["passes **kwargs: where it prints cannot be told"]


def test_a_comment_right_under_the_imports_stays_with_them() -> None:
    # docutils' nodes.py: the logger went between its imports and this comment on them.
    assert_codemod(
        CODEMOD,
        """\
        import os
        # import xml.dom.minidom as dom # -> conditional import

        # The cache of node classes.
        CACHE = {}


        def f():
            print("x")
        """,
        """\
        import logging
        import os
        # import xml.dom.minidom as dom # -> conditional import

        logger = logging.getLogger(__name__)

        # The cache of node classes.
        CACHE = {}


        def f():
            logger.info("x")
        """,
        path="pkg/example.py",
    )
