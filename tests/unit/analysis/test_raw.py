"""Raw line counts: hand-checked snippets, docstring spans, equality with radon on real files."""

from __future__ import annotations

import ast
import sysconfig
from pathlib import Path

import pytest
from radon.raw import analyze

from refactorkit.analysis.raw import analyze_raw, docstring_lines, radon_lines, tokenize_counts

# (source, (loc, lloc, sloc, comments, multi, blank, single_comments)), each worked out by hand
# from radon's rules: a chunk is a logical line, a comment-only line or a blank line.
RAW_CASES = [
    ("", (0, 0, 0, 0, 0, 0, 0)),
    ("x = 1\n", (1, 1, 1, 0, 0, 0, 0)),
    ("x = 1", (1, 1, 1, 0, 0, 0, 0)),
    ("# only\n", (1, 0, 0, 1, 0, 0, 1)),
    ("x = 1  # inline\n", (1, 1, 1, 1, 0, 0, 0)),
    ("\n\nx = 1\n\n", (4, 1, 1, 0, 0, 3, 0)),
    ("   \n\t\n", (2, 0, 0, 0, 0, 2, 0)),
    ('"""Doc."""\n', (1, 1, 0, 0, 0, 0, 1)),  # one-line docstring: a single comment
    ('"""Doc.\n\nMore.\n"""\n', (4, 1, 0, 0, 3, 1, 0)),  # blank line inside: blank, not multi
    ('x = """a\n\nb"""\n', (3, 1, 2, 0, 0, 1, 0)),  # multi-line string in code is sloc
    ('"a" "b"\n', (1, 1, 1, 0, 0, 0, 0)),  # two string tokens: code
    ('"""d"""  # c\n', (1, 1, 1, 1, 0, 0, 0)),  # string plus comment: code
    ("x = 1 + \\\n    2\n", (2, 1, 2, 0, 0, 0, 0)),  # backslash continuation
    ("s = 'a\\\nb'\n", (2, 1, 2, 0, 0, 0, 0)),  # single-quoted string continued
    ("'a\\\nb'\n", (2, 1, 0, 0, 2, 0, 0)),  # a lone continued string is a multi-line string
    ('rb"""x\ny"""\n', (2, 1, 0, 0, 2, 0, 0)),  # prefixes belong to the string
    ('f"{x:>10}"\n', (1, 1, 0, 0, 0, 0, 1)),  # the ':' inside an f-string is not an operator
    ("x = '#' # c\n", (1, 1, 1, 1, 0, 0, 0)),
    ("x = [  # c\n    1,\n]\n", (3, 1, 3, 1, 0, 0, 0)),
    ("y = (x := 1)\n", (1, 1, 1, 0, 0, 0, 0)),
    ("f(\n    1,  # one\n\n    2,\n)\n", (5, 1, 4, 1, 0, 1, 0)),
    ("def f():\n    # c\n    return 1\n", (3, 2, 2, 1, 0, 0, 1)),
    (
        'def f():\n    """Doc.\n\n    More.\n    """\n    return 1\n',
        (6, 3, 2, 0, 3, 1, 0),
    ),
    ("if x:\n    y = 1\n", (2, 2, 2, 0, 0, 0, 0)),
    ("if x: y = 1\n", (1, 2, 1, 0, 0, 0, 0)),  # body on the header line: 2 logical lines
    ("x = 1; y = 2\n", (1, 2, 1, 0, 0, 0, 0)),
    ("if x: a = 1; b\n", (1, 3, 1, 0, 0, 0, 0)),  # 'if x: a = 1' is 2: its ':' is not last
    ("x = 1;\n", (1, 1, 1, 0, 0, 0, 0)),
    ("if x: a; b\n", (1, 2, 1, 0, 0, 0, 0)),  # radon's ';' split: 'if x: a' counts 1
    # radon quirks we match: any ':' that is not last makes 2 logical lines
    ("x: int = 1\n", (1, 2, 1, 0, 0, 0, 0)),
    ("d = {1: 2}\n", (1, 2, 1, 0, 0, 0, 0)),
    ("f = lambda: 0\n", (1, 2, 1, 0, 0, 0, 0)),
    ("x = 1\r\n\r\n# c\r\n", (3, 1, 1, 1, 0, 1, 1)),  # CRLF
    # radon quirk: a backslash before a blank line glues the next line onto the statement
    ("x = 1 \\\n\n# c\ny = 2\n", (4, 2, 3, 1, 0, 1, 0)),
    ("x = 1 \\\n\nf(\n1)\n", (4, 1, 3, 0, 0, 1, 0)),
    ("x = 1 \\\n\n\ny = 2\n", (4, 2, 2, 0, 0, 2, 0)),
    ("x = 1\n\x0c\ny = 2\n", (4, 2, 2, 0, 0, 2, 0)),  # form feed splits a line, as radon does
]


@pytest.mark.parametrize(("source", "expected"), RAW_CASES)
def test_raw_counts(source: str, expected: tuple[int, ...]) -> None:
    m = analyze_raw(source)
    got = (m.loc, m.lloc, m.sloc, m.comments, m.multi, m.blank, m.single_comments)
    assert got == expected


@pytest.mark.parametrize(("source", "expected"), RAW_CASES)
def test_tokenize_fallback_path_gives_the_same_counts(
    source: str, expected: tuple[int, ...]
) -> None:
    # analyze_raw uses the regex scan; the tokenize pass is its fallback and must agree
    assert tokenize_counts(radon_lines(source), strict=True) == expected


@pytest.mark.parametrize(("source", "expected"), RAW_CASES)
def test_hand_checked_table_agrees_with_radon(source: str, expected: tuple[int, ...]) -> None:
    assert tuple(analyze(source)) == expected


def test_unicode_line_separator_in_string_does_not_raise() -> None:
    # radon raises SyntaxError here (str.splitlines breaks the literal); we count Python's lines
    m = analyze_raw("s = 'a\u2028b'\nt = 1\n")
    assert (m.loc, m.lloc, m.sloc) == (2, 2, 2)


def test_identifier_character_unknown_to_tokenize_is_code() -> None:
    source = "x\u05b4 = 1\n# c\n"  # valid Python; radon's tokenize-based count raises
    ast.parse(source)
    m = analyze_raw(source)
    assert (m.loc, m.lloc, m.sloc, m.comments, m.single_comments) == (2, 1, 1, 1, 1)


def test_backslash_then_only_blank_lines_at_the_end_does_not_raise() -> None:
    source = "x = 1 \\\n\n"  # valid Python; radon raises
    ast.parse(source)
    m = analyze_raw(source)
    assert (m.loc, m.sloc, m.blank) == (2, 1, 1)


def test_docstring_lines_counted_on_module_class_and_functions() -> None:
    source = (
        '"""Module.\n\nDoc.\n"""\n'  # 4 lines
        "class C:\n"
        '    """One line."""\n'  # 1
        "    def m(self):\n"
        '        """Two\n        lines."""\n'  # 2
        "        def inner():\n"
        "            '''Inner.'''\n"  # 1
        "        return 1\n"
        "def f():\n"
        "    x = 1\n"
        '    """Not a docstring."""\n'
        "if True:\n"
        "    async def g():\n"
        '        """G."""\n'  # 1
    )
    assert docstring_lines(ast.parse(source)) == 9
    assert analyze_raw(source, docstring_lines(ast.parse(source))).docstring_lines == 9


def test_fstring_and_bytes_are_not_docstrings() -> None:
    assert docstring_lines(ast.parse('def f():\n    f"x"\ndef g():\n    b"x"\n')) == 0


_STDLIB = Path(sysconfig.get_paths()["stdlib"])
REAL_FILES = [
    _STDLIB / "json" / "decoder.py",
    _STDLIB / "email" / "_header_value_parser.py",
    _STDLIB / "asyncio" / "base_events.py",
    _STDLIB / "logging" / "__init__.py",
    _STDLIB / "http" / "client.py",
    _STDLIB / "argparse.py",
]


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_equal_to_radon_on_real_files(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    m = analyze_raw(text)
    got = (m.loc, m.lloc, m.sloc, m.comments, m.multi, m.blank, m.single_comments)
    assert got == tuple(analyze(text))
