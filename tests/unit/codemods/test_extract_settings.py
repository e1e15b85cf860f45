"""extract-settings: one test per behaviour, each on a small project in tmp_path."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from refactorkit.codemods.builtin.extract_settings import ExtractSettings, ExtractSettingsOptions
from refactorkit.codemods.extract_settings.api import Request, propose
from refactorkit.codemods.extract_settings.plan_file import read_plan, render_plan
from refactorkit.codemods.registry import codemod_classes
from refactorkit.config import Config
from refactorkit.domain import ChangeSet
from refactorkit.errors import UserError
from refactorkit.project import Project
from refactorkit.testing import apply_in_tmp

CODEMOD = ExtractSettings()
MAILER = """\
import smtplib


def send(message):
    with smtplib.SMTP(host="mail.internal", port=2525, timeout=15) as smtp:
        smtp.send_message(message)
"""


def project(tmp_path: Path, files: dict[str, str]) -> Project:
    for relpath, text in files.items():
        target = tmp_path / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return Project(tmp_path, Config(project_root=tmp_path))


def plan(tmp_path: Path, files: dict[str, str], **options: object) -> ChangeSet:
    return CODEMOD.plan(project(tmp_path, files), ExtractSettingsOptions(**options))  # type: ignore[arg-type]


def texts(changeset: ChangeSet) -> dict[str, str]:
    return {c.path: c.new_text for c in changeset.changes}  # type: ignore[union-attr]


def applied(tmp_path: Path, files: dict[str, str], **options: object) -> Path:
    """Apply on disk (through the runner's apply) and return the project root."""
    project(tmp_path, files)
    root, _, _ = apply_in_tmp(
        lambda root: CODEMOD.plan(
            Project(root, Config(project_root=root)),
            ExtractSettingsOptions(**options),  # type: ignore[arg-type]
        ),
        tmp_path,
        tmp_path.parent / f"{tmp_path.name}-applied",
    )
    return root


def test_is_a_registered_command() -> None:
    assert codemod_classes()["extract-settings"] is ExtractSettings


def test_keyword_values_become_typed_constants_named_after_the_call(tmp_path: Path) -> None:
    changed = texts(plan(tmp_path, {"app/__init__.py": "", "app/mail.py": MAILER}))
    assert set(changed) == {"app/settings.py", "app/mail.py"}
    assert "SMTP_PORT: int = 2525\nSMTP_TIMEOUT: int = 15\n" in changed["app/settings.py"]
    mail = changed["app/mail.py"]
    assert "from app.settings import SMTP_PORT, SMTP_TIMEOUT\n" in mail
    assert 'smtplib.SMTP(host="mail.internal", port=SMTP_PORT, timeout=SMTP_TIMEOUT)' in mail


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    root = applied(tmp_path, {"app/__init__.py": "", "app/mail.py": MAILER})
    again = CODEMOD.plan(Project(root, Config(project_root=root)), ExtractSettingsOptions())
    assert again.is_empty


def test_env_reads_each_setting_with_the_literal_as_default(tmp_path: Path) -> None:
    changed = texts(plan(tmp_path, {"app/__init__.py": "", "app/mail.py": MAILER}, env="APP_"))
    settings = changed["app/settings.py"]
    assert 'SMTP_PORT: int = int(os.environ.get("APP_SMTP_PORT", "2525"))' in settings
    path = tmp_path / "settings_copy.py"
    path.write_text(settings, encoding="utf-8")
    os.environ["APP_SMTP_PORT"] = "2626"
    try:
        values = runpy.run_path(str(path))
    finally:
        del os.environ["APP_SMTP_PORT"]
    assert (values["SMTP_PORT"], values["SMTP_TIMEOUT"]) == (2626, 15)


SECRET = """\
def login(smtp):
    smtp.login("reports", password="r3p0rts-Pa55w0rd")
"""


def test_a_secret_is_read_from_the_environment_only(tmp_path: Path) -> None:
    changed = texts(plan(tmp_path, {"app/__init__.py": "", "app/mail.py": SECRET}))
    settings = changed["app/settings.py"]
    assert "r3p0rts" not in settings
    assert "password=login_password()" in changed["app/mail.py"]
    path = tmp_path / "settings_copy.py"
    path.write_text(settings, encoding="utf-8")
    values = runpy.run_path(str(path))
    with pytest.raises(RuntimeError, match="set the environment variable LOGIN_PASSWORD"):
        values["login_password"]()
    os.environ["LOGIN_PASSWORD"] = "from-env"
    try:
        assert values["login_password"]() == "from-env"
    finally:
        del os.environ["LOGIN_PASSWORD"]


IMPORT_TIME_SECRET = 'API_KEY = "sk-live-8fK2mQ9xLr4TzW7vB1nY6cJ3"\n'


def test_a_secret_read_at_import_time_is_left_alone_and_listed(tmp_path: Path) -> None:
    changeset = plan(tmp_path, {"app/__init__.py": "", "app/keys.py": IMPORT_TIME_SECRET})
    assert changeset.is_empty
    assert any("app/keys.py:1: API_KEY left alone: a secret" in s for s in changeset.summary)


def test_secret_defaults_moves_it_with_its_literal(tmp_path: Path) -> None:
    files = {"app/__init__.py": "", "app/keys.py": IMPORT_TIME_SECRET}
    changed = texts(plan(tmp_path, files, secret_defaults=True))
    assert 'API_KEY: str = "sk-live-8fK2mQ9xLr4TzW7vB1nY6cJ3"' in changed["app/settings.py"]
    assert changed["app/keys.py"] == "from app.settings import API_KEY\n"


READER = """\
def header():
    with open("templates/header.txt", encoding="utf-8") as f:
        return f.read()


def seed():
    return open("data/missing.csv").read()
"""


def test_a_current_folder_path_in_the_repo_is_anchored_at_the_settings_file(
    tmp_path: Path,
) -> None:
    files = {"app/__init__.py": "", "app/read.py": READER, "templates/header.txt": "hello\n"}
    root = applied(tmp_path, files)
    settings = (root / "app/settings.py").read_text(encoding="utf-8")
    assert (
        'HEADER_PATH: Path = Path(__file__).resolve().parents[1] / "templates" / "header.txt"'
        in settings
    )
    assert "missing" not in settings  # names no file of the repo: left alone
    done = subprocess.run(
        [sys.executable, "-c", "import app.read; print(app.read.header(), end='')"],
        cwd="/",
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == "hello\n"  # from another working directory


EXISTING = '''\
"""Our settings."""

import os

SMTP_PORT = int(os.environ.get("SMTP_PORT", "25"))
'''


def test_an_existing_settings_module_gets_the_constants_at_its_end(tmp_path: Path) -> None:
    files = {"app/__init__.py": "", "app/config.py": EXISTING, "app/mail.py": MAILER}
    changed = texts(plan(tmp_path, files, env="APP_"))
    config = changed["app/config.py"]
    assert config.startswith(EXISTING)
    assert config.count("import os") == 1
    assert "SMTP_PORT_2: int" in config  # its own SMTP_PORT is another value
    assert "port=SMTP_PORT_2" in changed["app/mail.py"]


def test_a_definition_the_settings_module_has_already_is_reused(tmp_path: Path) -> None:
    existing = '"""Settings."""\n\nSMTP_PORT: int = 2525\n'
    files = {"app/__init__.py": "", "app/settings.py": existing, "app/mail.py": MAILER}
    changed = texts(plan(tmp_path, files))
    assert changed["app/settings.py"].count("SMTP_PORT") == 1
    assert "from app.settings import SMTP_PORT, SMTP_TIMEOUT" in changed["app/mail.py"]


def test_a_name_the_using_module_binds_is_not_taken(tmp_path: Path) -> None:
    mail = "SMTP_PORT = 'mine'\n" + MAILER
    changed = texts(plan(tmp_path, {"app/__init__.py": "", "app/mail.py": mail}))
    assert "SMTP_PORT_2: int = 2525" in changed["app/settings.py"]
    assert "SMTP_PORT = 'mine'" in changed["app/mail.py"]


def test_select_and_only_choose_the_values(tmp_path: Path) -> None:
    files = {"app/__init__.py": "", "app/mail.py": MAILER + SECRET}
    selected = texts(plan(tmp_path, files, select=("RK114",)))
    assert "login_password" in selected["app/settings.py"]
    assert "SMTP_PORT" not in selected["app/settings.py"]
    only = texts(plan(tmp_path, files, only=("SMTP_TIMEOUT",)))
    assert "SMTP_TIMEOUT: int = 15" in only["app/settings.py"]
    assert "SMTP_PORT" not in only["app/settings.py"]
    with pytest.raises(UserError, match="RK101"):
        plan(tmp_path, files, select=("RK101",))


def test_tests_and_settings_modules_are_left_alone(tmp_path: Path) -> None:
    files = {"app/__init__.py": "", "tests/test_mail.py": MAILER, "app/conf.py": MAILER}
    assert plan(tmp_path, files, into="app.settings").is_empty


def test_into_names_the_module_and_refuses_a_missing_package(tmp_path: Path) -> None:
    files = {"app/__init__.py": "", "app/core/__init__.py": "", "app/mail.py": MAILER}
    assert "app/core/values.py" in texts(plan(tmp_path, files, into="app.core.values"))
    with pytest.raises(UserError, match="no package nowhere"):
        plan(tmp_path, files, into="nowhere.settings")


def test_the_plan_file_renames_and_leaves_out_values(tmp_path: Path) -> None:
    proj = project(tmp_path, {"app/__init__.py": "", "app/mail.py": MAILER})
    proposal = propose(proj, Request())
    assert [lit.name for lit in proposal.literals] == ["SMTP_PORT", "SMTP_TIMEOUT"]
    text = render_plan(proposal.literals, "app.settings", "", "app")
    edited = text.replace('name = "SMTP_PORT"', 'name = "MAIL_PORT"')
    edited = edited[: edited.index("[[values]]", edited.index("MAIL_PORT"))]  # timeout gone
    plan_path = tmp_path / "plan.toml"
    plan_path.write_text(edited, encoding="utf-8")
    assert read_plan(plan_path).names == {"app/mail.py:5:49": "MAIL_PORT"}
    changed = texts(CODEMOD.plan(proj, ExtractSettingsOptions(plan=str(plan_path))))
    assert "MAIL_PORT: int = 2525\n" in changed["app/settings.py"]
    assert "timeout=15" in changed["app/mail.py"]


def test_a_bad_plan_is_a_user_error(tmp_path: Path) -> None:
    proj = project(tmp_path, {"app/__init__.py": "", "app/mail.py": MAILER})
    bad = tmp_path / "plan.toml"
    bad.write_text('[[values]]\nat = "app/mail.py:5:49"\nname = "not a name"\n', encoding="utf-8")
    with pytest.raises(UserError, match="not an identifier"):
        CODEMOD.plan(proj, ExtractSettingsOptions(plan=str(bad)))


def test_a_vague_name_gives_way_to_the_value_and_a_split_literal_is_one(tmp_path: Path) -> None:
    links = (
        "def links(nodes):\n"
        "    return [\n"
        "        nodes.reference(refuri='https://docs.example.org/'\n"
        "                        'rst.html'),\n"
        "        {'default': 'https://peps.python.org/'},\n"
        "    ]\n"
    )
    changed = texts(plan(tmp_path, {"app/__init__.py": "", "app/links.py": links}))
    settings = changed["app/settings.py"]
    assert 'DOCS_URL: str = "https://docs.example.org/rst.html"' in settings
    assert 'PEPS_PYTHON_URL: str = "https://peps.python.org/"' in settings
    assert "refuri=DOCS_URL)" in changed["app/links.py"]


def test_a_package_of_private_modules_gets_a_private_settings_module(tmp_path: Path) -> None:
    files = {"lib/__init__.py": "", "lib/_mail.py": MAILER, "lib/_models.py": ""}
    assert "lib/_settings.py" in texts(plan(tmp_path, files))


def test_a_module_the_settings_module_imports_keeps_its_values(tmp_path: Path) -> None:
    config = '"""Settings."""\n\nfrom ._mail import send\n'
    files = {"lib/__init__.py": "", "lib/_config.py": config, "lib/_mail.py": MAILER}
    changeset = plan(tmp_path, files)
    assert changeset.is_empty
    assert any("lib._config imports this module" in line for line in changeset.summary)
