"""Issue 15 acceptance: print-to-logging on the sample: check flags the library prints, the
codemod turns them into log calls (idempotent), lists the CLI prints it left alone, and the
sample's suite passes with a caplog test of the new log output."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.functional import sample_suite as suites
from tests.functional.rk_run import rk

SAMPLE = Path(__file__).parents[2] / "fixtures" / "inventory_app"
_NO_DEPRECATED = "error::DeprecationWarning"

CAPLOG_TEST = """\
import logging

import pytest

from resale.db import create_session_factory, init_db, make_engine, session_scope
from resale.models import SCHEMAS, Base


def test_init_db_logs_what_it_does(caplog):
    engine = make_engine("sqlite://")
    with caplog.at_level(logging.INFO, logger="resale.db"):
        init_db(engine, drop=True)
    records = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "resale.db"]
    assert records == [
        ("WARNING", "dropping every table on sqlite://"),
        ("INFO", f"created {len(Base.metadata.tables)} tables in {len(SCHEMAS)} schemas"),
    ]


def test_a_rollback_logs_an_error(caplog):
    factory = create_session_factory(make_engine("sqlite://"))
    with caplog.at_level(logging.INFO, logger="resale.db"), pytest.raises(ValueError):
        with session_scope(factory):
            raise ValueError("boom")
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("ERROR", "rolling back the session: ValueError('boom')")
    ]
"""


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def print_findings(root: Path) -> list[str]:
    """`path:line` of every RK111 finding of `refactorkit check`."""
    out = rk("check", ".", "--select", "RK111", cwd=root).out
    return [":".join(line.split(":")[:2]) for line in out.splitlines() if ": RK111 " in line]


def test_print_to_logging_on_the_sample(tmp_path: Path) -> None:
    root = tmp_path / "app"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "sample")
    assert print_findings(root) == ["resale/db.py:71", "resale/db.py:74", "resale/db.py:92"]

    run = rk("print-to-logging", "--apply", cwd=root)
    assert run.code == 0, run.out + run.err
    left_alone = sorted(line.strip() for line in run.out.splitlines() if "left alone" in line)
    assert left_alone == [
        "resale/cli.py:164: print left alone: argparse command cmd_init_db",
        "resale/cli.py:176: print left alone: argparse command cmd_seed",
        "resale/cli.py:179: print left alone: argparse command cmd_seed",
    ]
    db = (root / "resale" / "db.py").read_text(encoding="utf-8")
    assert "logger = logging.getLogger(__name__)" in db and "print(" not in db
    assert 'logger.error("rolling back the session: %r", exc)' in db
    assert "print(" in (root / "resale" / "cli.py").read_text(encoding="utf-8")

    again = rk("print-to-logging", cwd=root)
    assert again.code == 0 and "0 file(s) changed" in again.out
    assert print_findings(root) == []

    (root / "tests" / "test_db_logging.py").write_text(CAPLOG_TEST, encoding="utf-8")
    logging_tests = sample_suite(root, "tests/test_db_logging.py")
    assert "2 passed" in logging_tests.stdout, logging_tests.stdout[-3000:]
    suite = sample_suite(root)
    assert suite.returncode == 0, suite.stdout[-3000:]


def sample_suite(root: Path, *paths: str) -> subprocess.CompletedProcess[str]:
    return suites.run(root, "-W", _NO_DEPRECATED, *paths)
