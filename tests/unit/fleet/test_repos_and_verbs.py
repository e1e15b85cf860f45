"""The repositories file (lines or TOML), the verbs' command lines, and the journal."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactorkit.errors import UserError
from refactorkit.fleet import journal
from refactorkit.fleet.repos import RepoSpec, load_repos
from refactorkit.fleet.verbs import absolute_paths, counts, verb_argv


def test_lines_give_paths_relative_to_the_file_urls_revisions_and_unique_names(
    tmp_path: Path,
) -> None:
    repos = tmp_path / "repos.txt"
    repos.write_text(
        "# campaign\napp\n./other/app  v1.2  # pinned\nhttps://example.org/team/svc.git main\n"
        "git@example.org:team/tool.git\n\n"
    )
    specs = load_repos(repos)
    assert specs == (
        RepoSpec(str(tmp_path / "app"), "", "app"),
        RepoSpec(str(tmp_path / "other" / "app"), "v1.2", "app-2"),
        RepoSpec("https://example.org/team/svc.git", "main", "svc"),
        RepoSpec("git@example.org:team/tool.git", "", "tool"),
    )
    assert [s.is_url for s in specs] == [False, False, True, True]


def test_toml_tables(tmp_path: Path) -> None:
    repos = tmp_path / "repos.toml"
    repos.write_text(
        '[[repo]]\npath = "a"\nrev = "HEAD~1"\nname = "first"\n[[repo]]\nurl = "https://h/x.git"\n'
    )
    assert load_repos(repos) == (
        RepoSpec(str(tmp_path / "a"), "HEAD~1", "first"),
        RepoSpec("https://h/x.git", "", "x"),
    )
    repos.write_text('[[repo]]\nrev = "x"\n')
    with pytest.raises(UserError, match="needs a `path` or a `url`"):
        load_repos(repos)


def test_an_empty_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text("# nothing\n")
    with pytest.raises(UserError, match="no repositories"):
        load_repos(tmp_path / "r.txt")


def test_verb_lines_name_the_work_tree_and_ask_for_json() -> None:
    tree = Path("/w/app")
    assert verb_argv("analyze", ("--no-cache",), tree) == [
        "analyze",
        "/w/app",
        "--format",
        "json",
        "--jobs",
        "1",
        "--no-cache",
    ]
    assert verb_argv("analyze", ("-j", "3"), tree)[4:] == ["-j", "3"]
    assert verb_argv("references", ("db",), tree) == [
        "references",
        "db",
        "--root",
        "/w/app",
        "--format",
        "json",
    ]
    assert verb_argv("split", ("m.py", "--auto"), tree) == [
        "split",
        "m.py",
        "--auto",
        "--root",
        "/w/app",
    ]
    assert absolute_paths(("x", "--rules", "r.toml"), Path("/home/u")) == (
        "x",
        "--rules",
        "/home/u/r.toml",
    )


def test_counts_read_the_json_even_with_runner_lines_after_it() -> None:
    out = (
        '{"name": "db", "files_searched": 3, "files_changed": 1, "warnings": [], "references": '
        '[{"source": "env", "result": "removed", "rule": "env"}]}\napplied 1 change(s)\n'
    )
    assert counts("references", out) == {
        "references": 1, "files_searched": 3, "files_changed": 1,
        "source:env": 1, "result:removed": 1, "rule:env": 1,
    }  # fmt: skip
    assert counts("check", "not json") == {}


def test_the_journal_skips_only_the_same_revision_and_options(tmp_path: Path) -> None:
    key = journal.options_key("check", ())
    assert key != journal.options_key("check", ("--strict",))
    journal.save(tmp_path, {"name": "a", "options": key, "revision": "r1", "status": "ok"})
    assert journal.load_done(tmp_path, "a", key, "r1") is not None
    assert journal.load_done(tmp_path, "a", key, "r2") is None
    assert journal.load_done(tmp_path, "a", journal.options_key("check", ("x",)), "r1") is None
    journal.save(tmp_path, {"name": "a", "options": key, "revision": "r1", "status": "error"})
    assert journal.load_done(tmp_path, "a", key, "r1") is None  # errors are run again
