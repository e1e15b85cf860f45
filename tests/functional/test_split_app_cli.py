"""`refactorkit plan split-app` and `refactorkit split-app` through the CLI."""

from __future__ import annotations

from pathlib import Path

from tests.functional.app_wiring import git_sample
from tests.functional.rk_run import rk

BLOG = Path(__file__).parents[2] / "fixtures" / "flask_blog"


def test_plan_then_split_with_the_plan(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    git_sample(BLOG, root)
    plan = tmp_path / "plan.toml"
    run = rk("plan", "split-app", "blog/app.py", "-o", str(plan), cwd=root)
    assert run.code == 0, run.err
    header = run.out.splitlines()[0].split()
    assert header == ["file", "lines", "routes", "names"]
    rows = {line.split()[0]: line.split()[2] for line in run.out.splitlines()[1:] if "/" in line}
    assert rows["routers/posts"] == "8"
    # Routes added with add_url_rule count too, one per call (a MethodView added twice).
    assert (rows["routers/main"], rows["routers/tags"]) == ("5", "2")
    text = plan.read_text()
    assert 'name = "routers/posts"' in text and "refactorkit split-app" in text
    dry = rk("split-app", "blog/app.py", "--plan", str(plan), cwd=root)
    assert dry.code == 1, dry.err  # a dry run with changes
    assert "blog/app/routers/posts.py" in dry.out
    assert (root / "blog" / "app.py").is_file()  # nothing written


def test_an_edited_plan_is_followed(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    git_sample(BLOG, root)
    plan = tmp_path / "plan.toml"
    assert rk("plan", "split-app", "blog/app.py", "-o", str(plan), cwd=root).code == 0
    plan.write_text(plan.read_text().replace('name = "errors"', 'name = "services/errors"'))
    run = rk("split-app", "blog/app.py", "--plan", str(plan), "--apply", cwd=root)
    assert run.code == 0, run.err
    assert (root / "blog" / "app" / "services" / "errors.py").is_file()
    assert not (root / "blog" / "app" / "errors.py").exists()


def test_apply_then_undo(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    git_sample(BLOG, root)
    original = (root / "blog" / "app.py").read_text()
    assert rk("split-app", "blog/app.py", "--auto", "--factory", "--apply", cwd=root).code == 0
    assert not (root / "blog" / "app.py").exists()
    assert rk("undo", cwd=root).code == 0
    assert (root / "blog" / "app.py").read_text() == original
    assert not (root / "blog" / "app").exists()


def test_plan_or_auto_is_required(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    git_sample(BLOG, root)
    run = rk("split-app", "blog/app.py", cwd=root)
    assert run.code == 2
    assert "--plan FILE or --auto" in run.err


def test_a_module_without_an_app_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "tools.py").write_text(
        "def f():\n    return 1\n\n\ndef g():\n    return f()\n"
    )
    run = rk("split-app", "pkg/tools.py", "--auto", cwd=tmp_path)
    assert run.code == 2
    assert "no Flask, FastAPI or Starlette app or router found" in run.err


def test_factory_refuses_an_object_built_from_the_app(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    git_sample(BLOG, root)
    app = root / "blog" / "app.py"
    app.write_text(
        app.read_text().replace("STORE = Store()", "STORE = Store()\nEXT = dict(app=app)")
    )
    run = rk("split-app", "blog/app.py", "--auto", "--factory", cwd=root)
    assert run.code == 2
    assert "EXT is built from the app at import time" in run.err
