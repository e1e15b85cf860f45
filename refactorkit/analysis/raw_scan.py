"""Fast path of the raw counts: one regular-expression scan instead of Python's `tokenize`.

`tokenize` builds a named tuple per token and is the slowest stage of `measure`. radon's
counts only need, per chunk (logical line, comment-only line or blank line): where it ends,
its comments, whether it is one lone string, and for LLOC whether it holds a ':' and ends
with one. A regex that matches only strings, comments, brackets, ':', ';', backslash
continuations and newlines finds all of that; the code between matches is just "content".
Chunks with a ';' (rare) get their LLOC from the exact tokenize path on that chunk alone,
which is what radon tokenizes too. Anything odd (an unmatched quote) returns None and the
caller uses the tokenize path for the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

_SCAN = re.compile(
    # the lookahead lets the regex engine skip ordinary code at C speed
    r"(?=['\"#\n\\()\[\]{}:;])(?:"
    + "|".join(
        (
            r"(?P<s3>'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
            r'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*""")',
            r"(?P<s1>'[^\n'\\]*(?:\\.[^\n'\\]*)*'" r'|"[^\n"\\]*(?:\\.[^\n"\\]*)*")',
            r"(?P<c>#[^\n]*)",
            r"(?P<nl>\n)",
            r"(?P<bs>\\\n)",
            r"(?P<o>[(\[{])",
            r"(?P<x>[)\]}])",
            r"(?P<colon>:(?!=))",
            r"(?P<semi>;)",
            r"(?P<bad>['\"\\])",
        )
    )
    + ")",
    re.DOTALL,
)
# a string prefix is matched as part of the code before the quote
_PREFIX = re.compile(r"[rRbBuUfF]{1,2}")
_STRING_KINDS = frozenset({"s1", "s3"})

Counts = tuple[int, int, int, int, int, int, int]
# one chunk: first line, last line, any non-comment token, is one lone string, line breaks in
# that string, comments, logical lines
Chunk = tuple[int, int, bool, bool, int, int, int]


class _Unscannable(Exception):
    """The regex scan cannot follow this text; the tokenize path must count it."""


def scan_counts(lines: list[str], chunk_lloc: Callable[[list[str]], int]) -> Counts | None:
    """radon's (loc, lloc, sloc, comments, multi, blank, single) for stripped `lines`.

    `chunk_lloc` gives the exact LLOC of one chunk's lines (used for chunks with ';').
    Returns None when the text needs the tokenize path.
    """
    try:
        return count_chunks(lines, list(_chunks(lines, chunk_lloc)))
    except _Unscannable:
        return None


def count_chunks(lines: list[str], chunks: Iterable[Chunk]) -> Counts:
    """Add up radon's counts over chunks, whichever way they were found."""
    lloc = comments = single = multi = blank = sloc = 0
    for start, end, content, lone, breaks, n_comments, n_lloc in chunks:
        comments += n_comments
        lloc += n_lloc
        lines_in_chunk = end - start + 1
        empty = _empty(lines, start, end) if start != end or not lines[start - 1] else 0
        if not content and n_comments == 1:
            single += 1
        elif lone and not breaks:
            single += 1  # a one-line lone string counts as a comment line
        elif lone:
            multi += lines_in_chunk - empty
            blank += empty
        else:
            sloc += lines_in_chunk - empty
            blank += empty
    return (sloc + blank + multi + single, lloc, sloc, comments, multi, blank, single)


def _chunks(lines: list[str], chunk_lloc: Callable[[list[str]], int]) -> Iterator[Chunk]:
    """radon's chunks in order; raises _Unscannable when the scan cannot follow the text."""
    if not lines:
        return
    text = "\n".join(lines) + "\n"  # the last chunk closes at a newline like the others
    scanner = _ChunkScanner(lines, text, chunk_lloc)
    handlers = scanner.handlers()
    prev_end = 0
    for m in _SCAN.finditer(text):
        kind = m.lastgroup
        begin = m.start()
        if (
            begin != prev_end
            and not text[prev_end:begin].isspace()
            and not (kind in _STRING_KINDS and _PREFIX.fullmatch(text[prev_end:begin].lstrip()))
        ):
            scanner.code()  # not blanks, not the prefix of a string: code
        prev_end = m.end()
        closed = handlers[kind](begin, prev_end)
        if closed is not None:
            yield closed
        scanner.prev_bs = kind == "bs"
    if scanner.start <= len(lines):  # the text ends inside a statement: radon fails here
        raise _Unscannable


class _ChunkScanner:
    """The state of one scan: the chunk being read, the line and the bracket depth.

    One method per kind of match (see `_SCAN`), each given the match's span; `newline`
    returns the chunk it closes.
    """

    def __init__(self, lines: list[str], text: str, chunk_lloc: Callable[[list[str]], int]):
        self.lines = lines
        self.text = text
        self.chunk_lloc = chunk_lloc
        self.line = 1
        self.depth = 0
        self.prev_bs = False
        self._open(1)

    def handlers(self) -> dict[str | None, Callable[[int, int], Chunk | None]]:
        return {
            "nl": self.newline,
            "c": self.comment,
            "bs": self.backslash,
            "s1": self.string,
            "s3": self.string,
            "colon": self.colon_token,
            "o": self.open_bracket,
            "x": self.close_bracket,
            "semi": self.semicolon,
            "bad": self.unscannable,
        }

    def _open(self, start: int) -> None:
        self.start = start
        self.content = self.colon = self.last_colon = self.semi = self.other = False
        self.strings = self.comments = self.breaks = 0

    def code(self) -> None:
        self.content = self.other = True
        self.last_colon = False

    def newline(self, _begin: int, _end: int) -> Chunk | None:
        line = self.line
        self.line = line + 1
        # a backslash before a blank line does not end the chunk: radon's buffer would
        # end in "\\\n" and fail to tokenize, so radon glues on the next line
        if self.depth or not (self.lines[line - 1] or not self.prev_bs):
            return None
        start = self.start
        closed = _chunk(
            self.lines[start - 1 : line] if self.semi else None,
            (
                *(start, line, self.content, self.other, self.strings, self.breaks),
                *(self.comments, self.colon, self.last_colon),
            ),
            self.chunk_lloc,
        )
        self._open(line + 1)
        return closed

    def comment(self, _begin: int, _end: int) -> None:
        self.comments += 1

    def backslash(self, _begin: int, _end: int) -> None:
        self.line += 1

    def string(self, begin: int, end: int) -> None:
        self.breaks = self.text.count("\n", begin, end)
        self.line += self.breaks
        self.strings += 1
        self.content = True
        self.last_colon = False

    def colon_token(self, _begin: int, _end: int) -> None:
        self.content = self.other = self.colon = self.last_colon = True

    def open_bracket(self, _begin: int, _end: int) -> None:
        self.code()
        self.depth += 1

    def close_bracket(self, _begin: int, _end: int) -> None:
        self.code()
        self.depth -= 1

    def semicolon(self, _begin: int, _end: int) -> None:
        self.code()
        self.semi = True

    def unscannable(self, _begin: int, _end: int) -> None:
        raise _Unscannable  # an unmatched quote or a stray backslash


def _chunk(
    semi_lines: list[str] | None,
    state: tuple[int, int, bool, bool, int, int, int, bool, bool],
    chunk_lloc: Callable[[list[str]], int],
) -> Chunk:
    """Close a chunk of the scan: is it one lone string, and its logical lines."""
    start, end, content, other, strings, breaks, comments, colon, last_colon = state
    lone = content and not other and strings == 1 and not comments
    if semi_lines is not None:  # radon splits on ';': count this chunk exactly
        n_lloc = chunk_lloc(semi_lines)
    elif colon:  # radon: a ':' that is not the last token is a second statement
        n_lloc = 2 - last_colon
    else:
        n_lloc = 1 if content else 0
    return (start, end, content, lone, breaks, comments, n_lloc)


def _empty(lines: list[str], start: int, end: int) -> int:
    if start == end:
        return 0 if lines[start - 1] else 1
    return sum(1 for i in range(start - 1, end) if not lines[i])
