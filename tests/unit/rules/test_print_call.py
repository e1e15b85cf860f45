"""RK111 print-call: library prints are reported with the codemod as the fix; output is not."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

from refactorkit.analysis.engine import analyze_one
from refactorkit.config import Config
from refactorkit.domain import FileAnalysis, Finding
from refactorkit.rules.contracts import Contracts
from refactorkit.rules.limits import resolve
from refactorkit.rules.registry import limit_specs
from refactorkit.rules.run import run_rules
from refactorkit.rules.settings import RuleSettings
from refactorkit.workspace import discover

SETTINGS = RuleSettings(resolve(limit_specs(), {}), Contracts())


def analysed(root: Path, files: dict[str, str]) -> list[FileAnalysis]:
    for relpath, text in files.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(textwrap.dedent(text), encoding="utf-8")
    found = discover(root, Config(project_root=root)).files
    out = []
    for source in found:
        result = analyze_one(source, hashlib.sha256(source.path.read_bytes()).hexdigest())
        assert isinstance(result, FileAnalysis)
        out.append(result)
    return out


def findings(root: Path, files: dict[str, str]) -> list[Finding]:
    return run_rules(analysed(root, files), SETTINGS, root, select=("RK111",), root_hint=str(root))


LIBRARY = """\
    import sys


    def load(path):
        print("loading", path)
        try:
            return open(path).read()
        except OSError:
            print("cannot read", path, file=sys.stderr)
            print(path, file=log_file)


    def main(args: "argparse.Namespace"):
        print("done")


    if __name__ == "__main__":
        print("run as a script")
    """


def test_library_prints_are_reported_with_the_codemod_as_fix(tmp_path: Path) -> None:
    found = findings(tmp_path, {"pkg/__init__.py": "", "pkg/io.py": LIBRARY})
    assert [(f.relpath, f.line, f.symbol) for f in found] == [
        ("pkg/io.py", 5, "load"),
        ("pkg/io.py", 9, "load"),
    ]
    fix = found[0].fix
    assert fix is not None
    assert fix.argv == ("refactorkit", "print-to-logging", f"{tmp_path}/pkg/io.py")


def test_tests_scripts_and_entry_points_are_not_reported(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": '[project]\nname = "p"\n[project.scripts]\np = "pkg.app:run"\n',
        "pkg/__init__.py": "",
        "pkg/app.py": "def run():\n    print('hello')\n",
        "tests/test_io.py": "def test_x():\n    print('debug')\n",
        "my-tools/go.py": "print('script')\n",
    }
    assert findings(tmp_path, files) == []


def test_output_functions_main_entry_points_and_tools_scripts_are_not_reported(
    tmp_path: Path,
) -> None:
    # What docutils showed: `ViewList.pprint`, prepstyles' `main()` run from its
    # `__main__` block, and tools/dev/ scripts printing the file they generate.
    tool = """\
        import sys


        def pprint(rows):
            print(rows)


        def main():
            print(__doc__, file=sys.stderr)


        if __name__ == "__main__":
            main()
        """
    files = {
        "pkg/__init__.py": "",
        "pkg/tool.py": tool,
        "tools/dev/create_unimap.py": "print('unicode_map = {}')\n",
    }
    assert findings(tmp_path, files) == []
