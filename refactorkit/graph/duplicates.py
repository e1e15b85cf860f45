"""Clone detection over the whole project, in time linear in its lines of code.

Every file brings its lines of code as fingerprints (`graph/code_lines.py`, computed once
per file with the other metrics and cached). Every window of `min_lines` consecutive
fingerprints goes into one dictionary, so equal windows meet in one bucket, as in pylint's
similarity checker. A bucket is the start of a clone group unless every one of its places
continues the same group one line earlier; from its start a group grows line by line while
all its places still agree. Places of one group in the same file never overlap, and no
group crosses the header of a `def` or `class` (a `BARRIER` entry). A window of fewer than
half as many different lines as it has lines (enum members, dict entries, one call per
line) is data, not logic, and starts no clone. A group whose every place lies inside the
places of larger groups says nothing new and is dropped.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from refactorkit.domain import CloneGroup, ClonePlace, Duplication, FileAnalysis
from refactorkit.graph.code_lines import BARRIER
from refactorkit.workspace import is_test_path

_Place = tuple[int, int]  # (file index, index of the window's first code line)
_Window = tuple[int, ...]


@dataclass(frozen=True)
class _Code:
    relpath: str
    lines: tuple[int, ...]  # physical line numbers
    hashes: tuple[int, ...]


def judged_files(files: Iterable[FileAnalysis]) -> list[FileAnalysis]:
    """The files clone detection reads: product code (tests repeat set-ups on purpose)."""
    return [f for f in files if not is_test_path(f.source.relpath)]


def find_duplicates(files: Sequence[FileAnalysis], min_lines: int) -> Duplication:
    """The clone groups of at least `min_lines` lines of code among `files`."""
    code = [_Code(f.source.relpath, f.code_lines, f.line_hashes) for f in files]
    buckets = _buckets(code, min_lines)
    groups: list[tuple[int, tuple[_Place, ...]]] = []
    for window, places in buckets.items():
        if _continues(code, places, window, buckets, min_lines):
            continue
        groups.append((_grow(code, places, min_lines), places))
    return _result(code, groups, min_lines)


def _buckets(code: Sequence[_Code], size: int) -> dict[_Window, tuple[_Place, ...]]:
    """Each window seen at two places or more -> those places (overlaps in a file dropped)."""
    seen: dict[_Window, list[_Place]] = {}
    varied = (size + 1) // 2
    for index, file in enumerate(code):
        hashes = file.hashes
        for start in range(len(hashes) - size + 1):
            window = hashes[start : start + size]
            if BARRIER not in window and len(set(window)) >= varied:
                seen.setdefault(window, []).append((index, start))
    return {
        window: kept
        for window, places in seen.items()
        if len(places) > 1 and len(kept := _apart(places, size)) > 1
    }


def _apart(places: list[_Place], size: int) -> tuple[_Place, ...]:
    """`places` less those overlapping the previous kept place in the same file."""
    kept: list[_Place] = [places[0]]
    for place in places[1:]:
        last = kept[-1]
        if place[0] != last[0] or place[1] >= last[1] + size:
            kept.append(place)
    return tuple(kept)


def _continues(
    code: Sequence[_Code],
    places: tuple[_Place, ...],
    window: _Window,
    buckets: dict[_Window, tuple[_Place, ...]],
    size: int,
) -> bool:
    """Whether the window one line earlier has exactly these places (one line back)."""
    first_file, first_start = places[0]
    if any(start == 0 for _, start in places):
        return False
    hashes = code[first_file].hashes
    earlier = buckets.get(hashes[first_start - 1 : first_start - 1 + size])
    return earlier is not None and earlier == tuple((f, s - 1) for f, s in places)


def _grow(code: Sequence[_Code], places: tuple[_Place, ...], size: int) -> int:
    """How many lines of code the places share from their start on."""
    length = size
    limit = min(len(code[f].hashes) - s for f, s in places)
    limit = min(limit, _room(places))
    while length < limit:
        line = {code[f].hashes[s + length] for f, s in places}
        if len(line) != 1 or BARRIER in line:
            break
        length += 1
    return length


def _room(places: tuple[_Place, ...]) -> int:
    """The longest a group can grow before two of its places in one file would overlap."""
    room = 1 << 30
    for (file_a, start_a), (file_b, start_b) in itertools.pairwise(places):
        if file_a == file_b:
            room = min(room, start_b - start_a)
    return room


def _result(
    code: Sequence[_Code], groups: list[tuple[int, tuple[_Place, ...]]], min_lines: int
) -> Duplication:
    covered = [bytearray(len(file.hashes)) for file in code]
    found = []
    # largest first, so a group inside larger ones finds its lines covered already
    for length, places in sorted(groups, key=lambda g: (-g[0] * len(g[1]), g[1])):
        if all(all(covered[i][s : s + length]) for i, s in places):
            continue
        for index, start in places:
            covered[index][start : start + length] = b"\1" * length
        found.append(
            CloneGroup(length, tuple(sorted(_place(code[i], s, length) for i, s in places)))
        )
    per_file = sorted(
        (file.relpath, sum(marks), len(file.hashes) - file.hashes.count(BARRIER))
        for file, marks in zip(code, covered, strict=True)
    )
    return Duplication(min_lines, tuple(found), tuple(per_file))


def _place(file: _Code, start: int, length: int) -> ClonePlace:
    return ClonePlace(file.relpath, file.lines[start], file.lines[start + length - 1])
