"""`refactorkit analyze` through `refactorkit.cli.main`, on projects and bad inputs built in tmp."""

from __future__ import annotations

import json
import os
import pathlib
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

import refactorkit.reporting
from refactorkit.cli import main
from refactorkit.cli.analyze import LazyProgress

SCHEMA = json.loads(
    (Path(refactorkit.reporting.__file__).parent / "analyze.schema.json").read_text()
)


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    write(root, "pyproject.toml", "[project]\nname = 'shop'\n")
    write(root, "shop/__init__.py", "")
    write(
        root,
        "shop/models.py",
        """\
        from shop import services


        class Order:
            def total(self, items):
                if not items:
                    return 0
                return sum(i.price for i in items if i.price > 0)
        """,
    )
    write(root, "shop/services.py", "from shop.models import Order\n\nORDER = Order\n")
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["analyze", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def as_json(
    capsys: pytest.CaptureFixture[str], *args: str, validate: bool = True
) -> dict[str, Any]:
    code, out, err = run(capsys, *args, "--format", "json")
    assert code == 0, err
    document: dict[str, Any] = json.loads(out)
    if validate:
        jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)
    return document


def test_text_report(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(project), "--no-cache")
    assert code == 0
    assert err == ""  # no progress bar when stderr is not a terminal, no warnings
    lines = out.splitlines()
    assert lines[1].startswith("3 files, 11 lines (8 SLOC), 0 skipped, ")
    assert "  imports: 3 modules, 2 internal edges, 1 runtime cycle" in lines
    assert "  churn: not measured (not a git repository, or --since 0)" in lines
    assert "Import cycles (1 at run time, 0 only through TYPE_CHECKING imports)" in lines
    assert "     shop/models.py:1 imports shop.services" in lines
    assert all(len(line) <= 80 for line in lines)


def test_path_defaults_to_the_current_folder(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    document = as_json(capsys, "--no-cache")
    assert document["root"] == project.resolve().as_posix()
    assert document["summary"]["files"] == 3


def test_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(tmp_path / "nope"))
    assert code == 2
    assert out == ""
    assert err == f"refactorkit: error: {tmp_path / 'nope'}: no such file or directory\n"


def test_unreadable_folder_exits_2(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == project:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    # chmod 000 does not stop root, so the failing read is simulated.
    monkeypatch.setattr(os, "scandir", scandir)
    code, _, err = run(capsys, str(project))
    assert code == 2
    assert err == f"refactorkit: error: {project}: cannot read the folder: Permission denied\n"


def test_bad_option_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(project), "--format", "yaml")
    assert code == 2
    assert "'yaml' is not a format (known: text, json, markdown, html)" in err


def test_bad_config_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "pyproject.toml", "[tool.refactorkit]\nthresholds = { max_lines = 3 }\n")
    code, _, err = run(capsys, str(project))
    assert code == 2
    assert "unknown key tool.refactorkit.thresholds.max_lines" in err


def test_thresholds_come_from_the_projects_config(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project, "pyproject.toml", "[tool.refactorkit.limits]\nmax_file_lines = 5\n")
    monkeypatch.chdir(project)
    document = as_json(capsys, "--no-cache")
    assert document["limits"]["max_file_lines"] == 5
    monoliths = [f for f in document["findings"] if f["rule"] == "file-too-long"]
    assert [(f["path"], f["value"], f["fix"]["argv"]) for f in monoliths] == [
        ("shop/models.py", 8, ["refactorkit", "split", "shop/models.py", "--auto"])
    ]


def test_legacy_thresholds_still_apply_with_a_deprecation(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project, "pyproject.toml", "[tool.refactorkit.thresholds]\nmax_module_lines = 5\n")
    monkeypatch.chdir(project)
    code, out, err = run(capsys, "--no-cache", "--format", "json")
    assert code == 0
    assert json.loads(out)["limits"]["max_file_lines"] == 5
    assert err == (
        "refactorkit: tool.refactorkit.thresholds.max_module_lines is deprecated: use "
        "tool.refactorkit.limits.max_file_lines (read for one more release)\n"
    )


def test_fix_commands_work_from_the_current_folder(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in the README: `refactorkit analyze fixtures/inventory_app` from the repository root.
    write(
        project,
        "pyproject.toml",
        "[tool.refactorkit.limits]\nmax_file_lines = 5\nmax_class_methods = 1\n",
    )
    with (project / "shop" / "models.py").open("a") as handle:
        handle.write("\n    def count(self):\n        return 0\n")
    monkeypatch.chdir(project.parent)
    document = as_json(capsys, "proj", "--no-cache")
    fixes = {f["rule"]: f["fix"]["text"] for f in document["findings"]}
    assert fixes["file-too-long"] == "refactorkit split proj/shop/models.py --auto"
    assert fixes["god-class"] == "refactorkit split-class shop.models:Order --auto --root proj"
    assert document["findings"][0]["path"] == "shop/models.py"  # paths stay root-relative


def test_json_to_output_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = project / "report.json"
    code, out, err = run(capsys, str(project), "--no-cache", "--format", "json", "-o", str(target))
    assert code == 0
    assert out == ""
    assert err == f"wrote {target}\n"
    document = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)
    cycle = document["graph"]["cycles"][0]
    assert cycle["modules"] == ["shop.models", "shop.services"]
    assert [(e["path"], e["line"]) for e in cycle["chain"]] == [
        ("shop/models.py", 1),
        ("shop/services.py", 1),
    ]


def test_json_tells_import_categories_and_packages(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        project, "shop/api/__init__.py", "import os\nimport sqlalchemy\nfrom shop import models\n"
    )
    document = as_json(capsys, str(project), "--no-cache")
    api = next(f for f in document["files"] if f["path"] == "shop/api/__init__.py")
    assert [(i["module"], i["category"]) for i in api["imports"]] == [
        ("os", "stdlib"),
        ("sqlalchemy", "third_party"),
        ("shop", "internal"),
    ]
    graph = document["graph"]
    assert (graph["stdlib"], graph["third_party"]) == (["os"], ["sqlalchemy"])
    packages = {p["name"]: p for p in graph["packages"]}
    assert packages["shop.api"]["imports"] == ["shop"]
    assert (packages["shop"]["modules"], packages["shop"]["imported_by"]) == (3, ["shop.api"])


def test_output_into_a_missing_folder_exits_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, str(project), "--no-cache", "-o", str(project / "no" / "r.txt"))
    assert code == 2
    assert "cannot write the report" in err


def test_markdown(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(project), "--no-cache", "--format", "markdown")
    assert code == 0
    assert out.startswith("# Refactoring hotspots: `proj`")
    assert "| `shop/models.py` | 8 |" in out
    assert "1. **shop.models → shop.services → shop.models** (runtime)" in out


def test_exclude(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = as_json(capsys, str(project), "--no-cache", "--exclude", "services.py")
    assert [f["path"] for f in document["files"]] == ["shop/__init__.py", "shop/models.py"]
    assert document["graph"]["cycles"] == []


def test_cache_dir_and_no_cache(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "cache"
    cold = as_json(capsys, str(project), "--cache-dir", str(cache))
    warm = as_json(capsys, str(project), "--cache-dir", str(cache))
    assert (cold["summary"]["cache_hits"], warm["summary"]["cache_hits"]) == (0, 3)
    assert warm["files"] == cold["files"]
    off = as_json(capsys, str(project), "--no-cache", "--cache-dir", str(tmp_path / "unused"))
    assert off["summary"]["cache_hits"] == 0
    assert not (tmp_path / "unused").exists()


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "--since DAYS" in out


def test_progress_appears_only_after_the_delay() -> None:
    quiet = LazyProgress(delay=3600, enabled=True)
    quiet(1, 10)
    assert quiet._bar is None
    off = LazyProgress(delay=0, enabled=False)
    off(1, 10)
    assert off._bar is None
    with LazyProgress(delay=0, enabled=True) as shown:
        shown(4, 10)
        assert shown._bar is not None
        assert shown._bar.pos == 4


# --- a folder of bad inputs: each is reported, none crashes the run ----------------------


@pytest.fixture
def bad_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "bad"
    write(root, "good.py", "x = 1\n")
    write(root, "syntax_error.py", "def broken(:\n    pass\n")
    write(root, "latin1.py", "# -*- coding: latin-1 -*-\nname = 'café'\n".encode("latin-1"))
    write(root, "bom.py", b"\xef\xbb\xbfx = 1\n")
    write(root, "crlf.py", b"def f():\r\n    return 1\r\n")
    write(root, "nul.py", b"x = 1\n\x00\x00\n")
    write(root, "undecodable.py", b"x = '\xff'\n")
    body = "".join(f"def f{i}(x):\n    return x + {i}\n\n\n" for i in range(12_500))
    write(root, "generated.py", body)
    (root / "loop_a.py").symlink_to(root / "loop_b.py")
    (root / "loop_b.py").symlink_to(root / "loop_a.py")
    (root / "loopdir").symlink_to(root, target_is_directory=True)
    unreadable = write(root, "unreadable.py", "y = 2\n")
    unreadable.chmod(0)
    # chmod 000 does not stop root: also make this one path's read fail, as it would.
    real_read_bytes = pathlib.Path.read_bytes

    def read_bytes(self: pathlib.Path) -> bytes:
        if self.name == "unreadable.py":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    yield root
    unreadable.chmod(0o644)


def test_bad_inputs_are_reported_never_fatal(
    bad_inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Not validated against the schema here: 12,500 functions make jsonschema the slow part.
    document = as_json(capsys, str(bad_inputs), "--no-cache", "--jobs", "1", validate=False)
    measured = {f["path"]: f for f in document["files"]}
    assert sorted(measured) == ["bom.py", "crlf.py", "generated.py", "good.py", "latin1.py"]
    assert measured["generated.py"]["raw"]["loc"] == 50_000
    assert len(measured["generated.py"]["functions"]) == 12_500
    assert measured["latin1.py"]["raw"]["loc"] == 2
    assert measured["crlf.py"]["functions"][0]["name"] == "f"
    skipped = {s["path"]: s["reason"] for s in document["skipped"]}
    assert skipped == {
        "syntax_error.py": "syntax error at line 1: invalid syntax",
        "nul.py": "contains NUL bytes (binary file?)",
        "undecodable.py": skipped["undecodable.py"],
        "loop_a.py": "symbolic link (not followed)",
        "loop_b.py": "symbolic link (not followed)",
        "loopdir": "symbolic link to a folder (not followed)",
        "unreadable.py": "unreadable: Permission denied",
    }
    assert skipped["undecodable.py"].startswith("cannot decode as utf-8")


def test_bad_inputs_in_the_text_report(
    bad_inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # generated.py is left out here only to keep the suite fast; the test above measures it.
    code, out, _ = run(capsys, str(bad_inputs), "--no-cache", "--exclude", "generated.py")
    assert code == 0
    assert "Skipped (7)" in out
    assert "  syntax_error.py\n      syntax error at line 1: invalid syntax\n" in out


SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "inventory_app"


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="the sample project is not there")
def test_the_readme_command_on_the_sample_project(capsys: pytest.CaptureFixture[str]) -> None:
    document = as_json(capsys, str(SAMPLE), "--no-cache", "--since", "0")
    assert document["skipped"] == []
    assert document["summary"]["files"] >= 10
    monoliths = {f["path"] for f in document["findings"] if f["rule"] == "file-too-long"}
    assert {"resale/models.py", "resale/app.py"} <= monoliths
    code, out, _ = run(capsys, str(SAMPLE), "--no-cache", "--since", "0")
    assert code == 0
    # 80 columns, except a fix command's one unbreakable path when run from far away.
    assert all(len(line) <= 80 or len(line.split()) == 1 for line in out.splitlines())


def test_output_file_gets_the_usual_mode(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = project / "report.md"
    old = os.umask(0o022)
    try:
        assert (
            run(capsys, str(project), "--no-cache", "--format", "markdown", "-o", str(target))[0]
            == 0
        )
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in project.iterdir() if p.name.startswith(".report")] == []


def test_text_uses_columns_and_never_cuts_a_path_that_fits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "proj"
    deep = "shop/backends/postgresql/introspection/expressions.py"
    write(root, deep, "".join(f"def f{i}(x):\n    return x\n" for i in range(400)))
    monkeypatch.setenv("COLUMNS", "140")
    _, wide, _ = run(capsys, str(root), "--no-cache", "--since", "0")
    assert f"  {deep} [monolith]" in wide
    assert max(len(line) for line in wide.splitlines()) > 80
    monkeypatch.delenv("COLUMNS")
    _, narrow, _ = run(capsys, str(root), "--no-cache", "--since", "0")  # a pipe: 80
    # The header names the folder whole (tmp_path is long), and so does the fix command
    # (one unbreakable word); every other line fits 80.
    assert all(len(line) <= 80 or len(line.split()) == 1 for line in narrow.splitlines()[1:])
    assert f"  {deep}\n" in narrow and "..." + deep[-20:] not in narrow


def test_colour_is_off_in_a_pipe_and_under_no_color(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, piped, _ = run(capsys, str(project), "--no-cache", "--since", "0")
    assert "\x1b[" not in piped
    _, forced, _ = run(capsys, str(project), "--no-cache", "--since", "0", "--color", "always")
    assert "\x1b[1m" in forced
    monkeypatch.setenv("NO_COLOR", "1")
    _, auto, _ = run(capsys, str(project), "--no-cache", "--since", "0", "--color", "auto")
    assert "\x1b[" not in auto
