"""Generated copies of the sample for fleet tests and the bench: committed git repos, each a
little different (extra functions, a compose file or not), listed in a repos file."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

SAMPLE = Path(__file__).parents[2] / "fixtures" / "inventory_app"
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]


def commit(root: Path, message: str) -> None:
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True, capture_output=True)
    subprocess.run([*GIT, "commit", "-qm", message], cwd=root, check=True, capture_output=True)


def make_copy(root: Path, number: int) -> Path:
    """Copy `number` of the sample: `number` extra functions; odd ones lose docker-compose."""
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    functions = "".join(f"\n\ndef helper_{i}(x):\n    return x + {i}\n" for i in range(number))
    (root / "resale" / "extra.py").write_text(f'"""Extra helpers."""{functions}')
    if number % 2:
        (root / "docker-compose.yml").unlink()
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    commit(root, f"copy {number}")
    return root


def make_fleet(folder: Path, count: int) -> Path:
    """`count` copies under `folder` and the repos file listing them (returned)."""
    lines = [str(make_copy(folder / f"app-{n}", n)) for n in range(1, count + 1)]
    repos = folder / "repos.txt"
    repos.write_text("# generated copies of the sample\n" + "\n".join(lines) + "\n")
    return repos


PRACTICE = ("httpx", "jinja2", "docutils", "django-simple-history")


def practice_repos(names: tuple[str, ...] = PRACTICE) -> list[Path]:
    """Those of `names` built on this machine (`/work/shared/practice/setup.sh`): their git
    checkouts under $PRACTICE_HOME; empty when none is built (nothing is downloaded)."""
    home = Path(os.environ.get("PRACTICE_HOME") or Path.home() / ".cache" / "refactorkit-practice")
    return [home / name / "src" for name in names if (home / name / "src" / ".git").is_dir()]


def repos_toml(path: Path, repos: dict[str, Path]) -> Path:
    """A TOML repositories file naming each repository (practice checkouts are all `src`)."""
    rows = (f'[[repo]]\nname = "{name}"\npath = "{root}"\n' for name, root in repos.items())
    path.write_text("\n".join(rows))
    return path
