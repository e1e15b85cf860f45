"""split-app on fixtures/flask_blog, whose handlers and hooks all sit on a global app.

Each style keeps the URL map with its endpoint names, the error handlers, hooks, template
filters and root path, and the sample's own suite (which uses `url_for("index")`) passes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.functional.app_wiring import FLASK, git_sample, line_counts, suite, wiring
from tests.functional.rk_run import rk

SAMPLE = Path(__file__).parents[2] / "fixtures" / "flask_blog"
MAKE = "from blog.app import app"


@pytest.mark.parametrize(
    "options",
    [
        ("--style", "blueprint"),
        ("--style", "blueprint", "--factory", "--max-lines", "80"),
        ("--style", "keep", "--factory"),
        ("--style", "keep"),
    ],
)
def test_split_app_keeps_the_app_wired_the_same(tmp_path: Path, options: tuple[str, ...]) -> None:
    root = tmp_path / "blog"
    git_sample(SAMPLE, root)
    before = wiring(root, FLASK, MAKE)
    assert ["/posts/<int:post_id>", ["GET", "HEAD", "OPTIONS"], "show_post"] in before["rules"]
    run = rk("split-app", "blog/app.py", "--auto", *options, "--apply", cwd=root)
    assert run.code == 0, run.out + run.err
    # The Procfile's server string is listed: it still resolves, nothing to rewrite.
    assert "Procfile:1: `blog.app:app` still resolves" in " ".join((run.out + run.err).split())
    package = root / "blog" / "app"
    assert (package / "routers" / "posts.py").is_file()
    limit = int(options[-1]) if "--max-lines" in options else 300
    assert max(line_counts(package).values()) <= limit
    assert wiring(root, FLASK, MAKE) == before
    tests = suite(root)
    assert tests.returncode == 0, tests.stdout[-3000:]
    routers = (package / "routers" / "posts.py").read_text()
    assert ["/api/tags/<tag>", ["GET", "HEAD", "OPTIONS"], "api_tag"] in before["rules"]
    if "blueprint" in options:
        assert "@posts_bp.get(" in routers
        # add_url_rule registrations go with their view, on the router, with their endpoint
        main = (package / "routers" / "main.py").read_text()
        assert 'main_bp.add_url_rule("/feed.txt", "feed", feed)' in main
        tags = (package / "routers" / "tags.py").read_text()  # /api/tags, /api/tags/<tag>
        assert 'tags_bp.add_url_rule("/api/tags", view_func=TagAPI.as_view("api_tags"))' in tags
    else:
        assert "@app.get(" in routers or "def show_post" in routers


def test_factory_builds_a_new_app_per_call(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    git_sample(SAMPLE, root)
    assert rk("split-app", "blog/app.py", "--auto", "--factory", "--apply", cwd=root).code == 0
    make = "from blog.app import create_app, app as first\napp = create_app({'X': 1})"
    again = wiring(root, FLASK, make)
    assert again == wiring(root, FLASK, MAKE)
    factory = (root / "blog" / "app" / "factory.py").read_text()
    assert "def create_app(config=None):" in factory
    assert "\napp = create_app()\n" in factory
