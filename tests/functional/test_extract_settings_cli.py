"""`refactorkit plan extract-settings` and `refactorkit extract-settings` from the command line."""

from __future__ import annotations

from pathlib import Path

from tests.functional.rk_run import rk, write

MAILER = """\
import smtplib


def send(message):
    with smtplib.SMTP(host="mail.internal", port=2525, timeout=15) as smtp:
        smtp.send_message(message)
"""


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    write(root, "pyproject.toml", "[project]\nname = 'shop'\n")
    write(root, "shop/__init__.py", "")
    write(root, "shop/mail.py", MAILER)
    return root


def test_the_plan_goes_to_a_file_and_the_command_applies_it(tmp_path: Path) -> None:
    root = _project(tmp_path)
    plan = tmp_path / "plan.toml"
    run = rk("plan", "extract-settings", "shop", "--env", "SHOP_", "-o", str(plan), cwd=root)
    assert run.code == 0, run.err
    assert "shop/mail.py:5:49  RK115  SMTP_PORT" in run.out
    assert f"refactorkit extract-settings shop --plan {plan}" in run.out
    text = plan.read_text(encoding="utf-8")
    assert 'into = "shop.settings"' in text and 'env = "SHOP_"' in text
    plan.write_text(text.replace('"SMTP_TIMEOUT"', '"MAIL_TIMEOUT"'), encoding="utf-8")
    applied = rk(
        "extract-settings", "shop", "--plan", str(plan), "--apply", "--allow-dirty", cwd=root
    )
    assert applied.code == 0, applied.err
    settings = (root / "shop/settings.py").read_text(encoding="utf-8")
    assert 'MAIL_TIMEOUT: int = int(os.environ.get("SHOP_MAIL_TIMEOUT", "15"))' in settings
    again = rk("extract-settings", "shop", "--plan", str(plan), cwd=root)
    assert again.code == 0 and "nothing to do" in again.out


def test_the_plan_on_standard_output(tmp_path: Path) -> None:
    run = rk(
        "plan", "extract-settings", "shop", "--select", "RK115", "-o", "-", cwd=_project(tmp_path)
    )
    assert run.code == 0 and "[[values]]" in run.out and 'code = "RK115"' in run.out


def test_a_dry_run_exits_1_and_an_unknown_code_exits_2(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert rk("extract-settings", "shop", cwd=root).code == 1
    run = rk("extract-settings", "shop", "--select", "RK101", cwd=root)
    assert run.code == 2
    assert run.err.strip() == (
        "refactorkit: error: --select RK101: extract-settings moves RK112, RK113, RK114, RK115"
    )


def test_help_lists_the_options(tmp_path: Path) -> None:
    run = rk("extract-settings", "--help", cwd=tmp_path)
    for option in ("--into", "--env", "--select", "--only", "--plan", "--secret-defaults"):
        assert option in run.out
