"""Terminal width and colour: COLUMNS, a real terminal, pipes, NO_COLOR, TERM=dumb, --color."""

from __future__ import annotations

import io
import os
import pty

import click
import pytest
from click.testing import CliRunner

from refactorkit.cli.terminal import color_option, terminal_width, use_color


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("COLUMNS", "NO_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)


def test_width_is_80_when_not_a_terminal() -> None:
    assert terminal_width(io.StringIO()) == 80


def test_columns_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "140")
    assert terminal_width(io.StringIO()) == 140
    monkeypatch.setenv("COLUMNS", "12")
    assert terminal_width(io.StringIO()) == 40  # never narrower than a readable minimum
    monkeypatch.setenv("COLUMNS", "wide")
    assert terminal_width(io.StringIO()) == 80


def test_width_of_a_real_terminal() -> None:
    main, secondary = pty.openpty()
    try:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 123, 0, 0))
        with os.fdopen(os.dup(secondary), "w") as stream:
            assert terminal_width(stream) == 123
    finally:
        os.close(main)
        os.close(secondary)


def test_colour_on_a_terminal_unless_no_color_or_dumb(monkeypatch: pytest.MonkeyPatch) -> None:
    assert use_color("auto", FakeTty()) is True
    assert use_color("auto", io.StringIO()) is False
    assert use_color("always", io.StringIO()) is True
    assert use_color("never", FakeTty()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color("auto", FakeTty()) is False
    assert use_color("always", FakeTty()) is True  # asked for explicitly
    monkeypatch.setenv("NO_COLOR", "")  # empty: not set, per no-color.org
    assert use_color("auto", FakeTty()) is True
    monkeypatch.setenv("TERM", "dumb")
    assert use_color("auto", FakeTty()) is False


@click.command()
@color_option
def show(color: str) -> None:
    click.echo(color)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "auto"),
        (["--color"], "always"),
        (["--color", "never"], "never"),
        (["--no-color"], "never"),
    ],
)
def test_color_option(args: list[str], expected: str) -> None:
    assert CliRunner().invoke(show, args).output.strip() == expected
