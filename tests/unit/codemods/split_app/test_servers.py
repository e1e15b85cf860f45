"""`MODULE:NAME` strings naming the app module in a project's files are listed."""

from __future__ import annotations

import subprocess
from pathlib import Path

from refactorkit.codemods.split_app.servers import server_strings


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    return tmp_path


def test_server_strings_are_listed_with_their_line(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "Procfile": "web: gunicorn shop.main:app -w 2\n",
            "deploy/Dockerfile.prod": 'FROM python\nCMD ["uvicorn", "shop.main:create_app"]\n',
            "run.py": 'uvicorn.run("shop.main:application")\n',
            "docs/x.md": "not `bigshop.main:app` nor `shop.mainframe:app`\n",
            "shop/main.py": 'uvicorn.run("shop.main:app")\n',  # the module itself
            "logo.png": "shop.main:app\n",
        },
    )
    notes = server_strings(root, "shop.main", "shop/main.py", ["app", "create_app"])
    assert notes == [
        "Procfile:1: `shop.main:app` still resolves: the package re-exports app; "
        "nothing to rewrite",
        "deploy/Dockerfile.prod:2: `shop.main:create_app` still resolves: the package "
        "re-exports create_app; nothing to rewrite",
        "run.py:1: `shop.main:application` names no object of shop.main (it did not "
        "resolve before either)",
    ]


def test_outside_git_nothing_is_listed(tmp_path: Path) -> None:
    (tmp_path / "Procfile").write_text("web: gunicorn shop.main:app\n")
    assert server_strings(tmp_path, "shop.main", "shop/main.py", ["app"]) == []
