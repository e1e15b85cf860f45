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
from collections.abc import Callable

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

Counts = tuple[int, int, int, int, int, int, int]


def scan_counts(lines: list[str], chunk_lloc: Callable[[list[str]], int]) -> Counts | None:
    """radon's (loc, lloc, sloc, comments, multi, blank, single) for stripped `lines`.

    `chunk_lloc` gives the exact LLOC of one chunk's lines (used for chunks with ';').
    """
    if not lines:
        return (0, 0, 0, 0, 0, 0, 0)
    text = "\n".join(lines) + "\n"  # the last chunk closes at a newline like the others
    lloc = comments = single = multi = blank = sloc = 0
    line = start = 1
    depth = 0
    prev_end = 0
    # per chunk
    content = False  # any token that is not a comment
    colon = last_colon = semi = False
    strings = chunk_comments = 0
    string_lines = 0  # line breaks inside the chunk's (only) string
    other = False  # content other than strings
    prev_bs = False
    for m in _SCAN.finditer(text):
        kind = m.lastgroup
        begin = m.start()
        if begin != prev_end:
            gap = text[prev_end:begin]
            if not gap.isspace() and not (
                (kind == "s3" or kind == "s1") and _PREFIX.fullmatch(gap.lstrip())
            ):
                content = other = True
                last_colon = False
        prev_end = m.end()
        if kind == "nl":
            if depth == 0 and not (prev_bs and not lines[line - 1]):
                # end of chunk (a backslash before a blank line does not end it: radon's
                # buffer would end in "\\\n" and fail, so radon glues on the next line)
                end = line
                if not content and chunk_comments == 1:
                    single += 1
                elif content and not other and strings == 1 and not chunk_comments:
                    if string_lines == 0:
                        single += 1
                    else:
                        empty = _empty(lines, start, end)
                        multi += end - start + 1 - empty
                        blank += empty
                else:
                    empty = _empty(lines, start, end)
                    sloc += end - start + 1 - empty
                    blank += empty
                if semi:
                    lloc += chunk_lloc(lines[start - 1 : end])
                elif content:
                    lloc += 2 - last_colon if colon else 1
                comments += chunk_comments
                start = end + 1
                content = colon = last_colon = semi = other = False
                strings = chunk_comments = string_lines = 0
            line += 1
            prev_bs = False
            continue
        prev_bs = kind == "bs"
        if kind == "c":
            chunk_comments += 1
            continue
        if kind == "bs":
            line += 1
            continue
        content = True
        if kind == "s3" or kind == "s1":
            breaks = text.count("\n", begin, prev_end)
            strings += 1
            string_lines = breaks
            line += breaks
            last_colon = False
            continue
        other = True
        if kind == "colon":
            colon = last_colon = True
            continue
        last_colon = False
        if kind == "o":
            depth += 1
        elif kind == "x":
            depth -= 1
        elif kind == "semi":
            semi = True
        else:  # an unmatched quote or a stray backslash: let tokenize decide
            return None
    if start <= len(lines):  # the file ends inside a statement: radon fails here
        return None
    return (sloc + blank + multi + single, lloc, sloc, comments, multi, blank, single)


def _empty(lines: list[str], start: int, end: int) -> int:
    if start == end:
        return 0 if lines[start - 1] else 1
    return sum(1 for i in range(start - 1, end) if not lines[i])
