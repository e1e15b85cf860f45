"""The codemods' progress on stderr: a bar on a terminal after a delay, nothing in a pipe."""

from __future__ import annotations

import io

from refactorkit.cli.progress import CodemodProgress


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(progress: CodemodProgress) -> None:
    with progress:
        for done in (50, 100, 120):
            progress("scan", done, 120)
        progress("rewritten", 7, 120)


def test_a_terminal_gets_a_bar_and_a_summary() -> None:
    stream = FakeTty()
    progress = CodemodProgress(delay=0, stream=stream)
    run(progress)
    assert "Scanning files" in stream.getvalue()
    assert progress.lines == ["scanned 120 files; 7 to rewrite"]


def test_a_pipe_gets_nothing() -> None:
    stream = io.StringIO()
    run(CodemodProgress(delay=0, stream=stream))
    assert stream.getvalue() == ""


def test_a_short_run_prints_nothing_even_on_a_terminal() -> None:
    stream = FakeTty()
    progress = CodemodProgress(delay=60, stream=stream)
    run(progress)
    assert stream.getvalue() == "" and progress.lines == []
