"""Benchmark `refactorkit split` on a generated 3,000-line module inside Django's tree.

    python bench/bench_split.py [--runs N]

Uses the Django 5.2 sdist in bench/.cache/ (downloaded with pip if missing; gitignored),
unpacked once into bench/.cache/split/ and committed to a throwaway git repo there. A generated
module (3,000+ lines, 8 sections of 8 SQLAlchemy-style models, helpers, constants, a registry
decorator) is written to django/genbench/models.py with a few importers and a test patching a
name through the old path. Times, best of N:
  * plan: model + proposal (`refactorkit plan split`'s work, no I/O besides reading);
  * split: the whole dry run with --rewrite-imports (model, plan, importer scan of Django's
    ~2,900 files, rendering, the shared reference rewriter), in process;
  * cli: `refactorkit split ... --auto --rewrite-imports` end to end in a fresh process
    (start-up, diff rendering and pyflakes validation included).
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import time
from pathlib import Path

from _sdist import sdist_tree

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
TREE_PARENT = CACHE / "split"
MODULE = "django/genbench/models.py"
SECTIONS = ["catalog", "inventory", "orders", "pricing", "suppliers", "billing", "audit", "users"]
CLI = (
    "import sys\n"
    "from refactorkit.cli import cli, main\n"
    "from refactorkit.cli.split import split_command\n"
    "cli.add_command(split_command)\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def django_tree() -> Path:
    """Unpacked Django sdist under git, with the generated module, created once."""
    return sdist_tree("django==5.2.*", TREE_PARENT, git=True, prepare=write_generated)


def generated_module() -> str:
    out = [
        '"""Generated benchmark models: 8 domains of 8 models."""',
        "",
        "from __future__ import annotations",
        "",
        "import datetime",
        "from decimal import Decimal",
        "",
        "REGISTRY: dict[str, type] = {}",
        "DEFAULT_PRICE = Decimal('1.00')",
        "",
        "",
        "def register(cls):",
        "    REGISTRY[cls.__name__] = cls",
        "    return cls",
        "",
        "",
        "def utcnow() -> datetime.datetime:",
        "    return datetime.datetime.now(datetime.timezone.utc)",
        "",
        "",
        "class Base:",
        "    id: int = 0",
        "",
        "    def describe(self) -> str:",
        "        return f'{type(self).__name__}({self.id})'",
        "",
        "",
        "class TimestampMixin:",
        "    def touch(self) -> datetime.datetime:",
        "        return utcnow()",
        "",
    ]
    for section in SECTIONS:
        title = section.capitalize()
        out += ["", f"# --- {title} ---", ""]
        for i in range(8):
            name = f"{title}Item{i}"
            other = f"{title}Item{i - 1}" if i else "Base"
            out += [
                "",
                "@register",
                f"class {name}(TimestampMixin, Base):",
                f'    """{title} entity number {i}."""',
                "",
                f'    __tablename__ = "{section}_item_{i}"',
                f'    __table_args__ = {{"schema": "{section}"}}',
                f"    price = DEFAULT_PRICE * {i + 1}",
                f'    parent = relationship("{other}")',
                "",
            ]
            for m in range(5):
                out += [
                    f"    def compute_{m}(self, factor: int = {m}) -> Decimal:",
                    f"        # step {m} of the {section} pipeline",
                    "        total = self.price * factor",
                    "        for step in range(3):",
                    "            total += Decimal(step)",
                    f"        return total + len({other}.__name__)",
                    "",
                ]
            out.append("")
    out += ["", "def relationship(name: str) -> str:", "    return name", ""]
    return "\n".join(out) + "\n"


def write_generated(tree: Path) -> None:
    package = tree / "django" / "genbench"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "models.py").write_text(generated_module())
    (package / "views.py").write_text(
        "from django.genbench.models import CatalogItem0, OrdersItem3, register\n\n\n"
        "def view():\n    return register(CatalogItem0), OrdersItem3\n"
    )
    (package / "test_models.py").write_text(
        "from unittest import mock\n\nfrom django.genbench import models\n\n\n"
        "def test_clock():\n"
        '    with mock.patch("django.genbench.models.utcnow", return_value=None):\n'
        "        assert models.TimestampMixin().touch() is None\n"
    )


def best(runs: int, action: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tree = django_tree()
    sys.path.insert(0, str(HERE.parent))
    from refactorkit.codemods.split.api import SplitOptions, propose, split

    module = tree / MODULE
    lines = module.read_text().count("\n")
    proposal = propose(module, root=tree)
    definitions = sum(len(g.names) for g in proposal.plan.groups)
    files = subprocess.run(["git", "ls-files", "*.py"], cwd=tree, capture_output=True, text=True)
    print(f"module: {MODULE}: {lines} lines, {definitions} top-level names")
    print(f"tree: {tree.name}: {len(files.stdout.splitlines())} Python files")
    print(f"plan groups: {', '.join(g.name for g in proposal.plan.groups)}")
    plan_time = best(args.runs, lambda: propose(module, root=tree))
    options = SplitOptions(rewrite_imports=True)
    changeset = split(module, options, root=tree)
    split_time = best(args.runs, lambda: split(module, options, root=tree))
    command = [sys.executable, "-c", CLI, "split", MODULE, "--auto", "--rewrite-imports"]
    cli_time = best(
        args.runs, lambda: subprocess.run(command, cwd=tree, capture_output=True, check=False)
    )
    print(f"changes: {len(changeset.changes)} files ({changeset.summary[-1]})")
    print(f"plan  (in process):          {plan_time:.3f} s")
    print(f"split --rewrite-imports:     {split_time:.3f} s  (target < 2 s)")
    print(f"CLI dry run, fresh process:  {cli_time:.3f} s")
    print(
        f"machine: {platform.machine()}, "
        f"{platform.python_implementation()} {platform.python_version()}"
    )
    return 0 if split_time < 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
