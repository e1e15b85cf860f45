"""RK112-RK115: hard-coded paths, URLs, secrets and magic numbers, by hand-checked tables."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from refactorkit.graph.values import high_entropy, kind_of_text, value_sites
from tests.functional.rk_run import rk

SAMPLE = Path(__file__).parents[3] / "fixtures" / "inventory_app"
_FINDING = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):\d+: (?P<code>RK\d+) ")


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("/home/ada/data/products.csv", "", "path"),
        ("C:\\Users\\ada\\exports", "", "path"),
        ("~/.resale/config", "", "path"),
        ("/api/products", "", ""),  # a URL route, not a file
        ("https://api.example.com/v1/rates", "", "url"),
        ("postgresql+psycopg://app:pw@db:5432/app", "", "url"),
        ("sqlite://", "", ""),  # in memory: no address at all
        ("localhost:6379", "", "host-port"),
        ("http://www.w3.org/1999/xlink", "xlink", ""),  # an XML namespace: a name
        ("http://purl.org/dc/elements/1.1/", "xmlns:dc", ""),
        ("http://openoffice.org/2004/office", "ooo", ""),
        ("http://xml.org/sax/features/external-general-entities", "", ""),
        ("10.0.0.12:8080", "", "host-port"),
        ("12:30", "", ""),
        ("hunter2-but-longer", "password", "secret"),
        ("APP_SECRET", "secret_env", ""),  # the name of an environment variable
        ("APP_SECRET_KEY", "SECRET_KEY_VARIABLE", ""),
        ("utf-8", "primary_key", ""),
        ("secret", "secret", ""),  # a label
        ("base", "_FIELD_KEY", ""),  # a module name in a lazy-import table
        ("hunter2!", "db_password", "secret"),
        ("Password:", "password_prompt", ""),
        ("ghp_8fK2mQ9xLr4TzW7vB1nY6cJ3", "", "secret"),  # a token by entropy alone
        ("abcdefghijklmnopqrstuvwxyz0123456789", "", ""),  # an alphabet
        ("hello world, this is text", "", ""),
    ],
)
def test_kind_of_text(text: str, name: str, kind: str) -> None:
    assert kind_of_text(text, name) == kind


def test_hex_digests_count_as_high_entropy_only_when_long() -> None:
    assert high_entropy("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
    assert not high_entropy("deadbeef12")


SOURCE = '''\
"""Docstrings are never judged: https://example.com/docs, /home/ada."""
import os
from pathlib import Path

TIMEOUT = 30
API_URL = "https://api.example.com"


def fetch(session):
    session.get("https://api.example.com/rates", timeout=12)
    connect(host="db.internal", port=5432, retries=1)
    data = open("data/seed.json").read()
    here = Path.cwd() / "static"
    config = {"password": "s3cr3t-value", "size": 4096}
    key = os.environ.get("API_KEY", "")
    return f"https://{data}/x"
'''


def test_value_sites_by_name_and_call() -> None:
    sites = [(s.kind, s.lineno, s.name) for s in value_sites(ast.parse(SOURCE))]
    assert sites == [
        ("url", 6, "API_URL"),  # found; the rules skip named constants (but not secrets)
        ("url", 10, ""),
        ("magic-number", 10, "timeout"),
        ("magic-number", 11, "port"),
        ("cwd-path", 12, ""),
        ("cwd-path", 13, "here"),
        ("secret", 14, "password"),
        ("magic-number", 14, "size"),
    ]


def test_every_planted_value_in_the_sample_is_reported(tmp_path: Path) -> None:
    run = rk("check", str(SAMPLE), "--select", "RK112,RK113,RK114,RK115", cwd=tmp_path)
    found = sorted(
        (m["code"], m["path"].rsplit("inventory_app/", 1)[-1], m["line"])
        for m in map(_FINDING.match, run.out.splitlines())
        if m is not None
    )
    assert found == [
        ("RK112", "resale/services/reports.py", "178"),
        ("RK112", "resale/services/reports.py", "179"),
        ("RK113", "resale/services/reports.py", "199"),
        ("RK114", "resale/models.py", "103"),
        ("RK114", "resale/services/reports.py", "197"),
        ("RK115", "resale/app.py", "1600"),
        ("RK115", "resale/services/reports.py", "196"),
        ("RK115", "resale/services/reports.py", "196"),
        ("RK115", "resale/services/reports.py", "200"),
    ]
    # The settings module and the tests hold defaults and fixtures: not judged.
    assert "resale/settings.py" not in run.out and "tests/" not in run.out


def test_class_defaults_and_unit_factors_are_not_magic_numbers() -> None:
    from refactorkit.graph.values import value_sites

    tree = ast.parse(
        "from dataclasses import dataclass\n"
        "@dataclass\n"
        "class Options:\n"
        "    timeout: float = 3600.0\n"
        "    retries = 3\n"
        "def limit_memory(mb):\n"
        "    limit = mb * 1024 * 1024\n"
        "    connect(timeout=30)\n"
    )
    magic = [s for s in value_sites(tree) if s.kind == "magic-number"]
    assert [(s.lineno, s.text) for s in magic] == [(8, "30")]


def test_the_fix_is_the_extract_settings_command_unless_it_cannot_help(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app/__init__.py").write_text("")
    (tmp_path / "data").mkdir()
    (tmp_path / "data/seed.json").write_text("{}")
    (tmp_path / "app/io.py").write_text(
        'API_KEY = "sk-live-8fK2mQ9xLr4TzW7vB1nY6cJ3"\n'
        "\n"
        "\n"
        "def load(connect):\n"
        '    connect(timeout=15, password="hunter2-but-longer")\n'
        '    open("data/seed.json").read()\n'
        '    return open("data/elsewhere.csv").read()\n'
    )
    run = rk("check", ".", "--select", "RK112,RK113,RK114,RK115", cwd=tmp_path)
    fixes = [line.strip() for line in run.out.splitlines() if line.strip().startswith("fix:")]
    assert fixes[0].startswith("fix: read it from the environment: it is used at import time")
    assert "extract-settings app/io.py --select RK114 --secret-defaults" in fixes[0]
    assert fixes[1:4] == [
        "fix: refactorkit extract-settings app/io.py --select RK115",
        "fix: refactorkit extract-settings app/io.py --select RK114",
        "fix: refactorkit extract-settings app/io.py --select RK112",
    ]
    assert fixes[4].startswith("fix: build the path from a configured folder")  # not in repo


def test_the_value_scan_walks_list_fields_with_none_and_names() -> None:
    """`**d` leaves None in `Dict.keys`, `global` holds strings: the walk skips them and
    still finds the literals around them."""
    import ast

    from refactorkit.graph.values import value_sites

    tree = ast.parse(
        "def f(d):\n"
        "    global STATE\n"
        "    return {**d, 'timeout': 30, 'url': 'https://api.example.com/v1'}\n"
    )
    assert [(s.kind, s.lineno, s.name) for s in value_sites(tree)] == [
        ("magic-number", 3, "timeout"),
        ("url", 3, "url"),
    ]
