"""A warm `analyze` whose report is already written: answered from the stamps alone.

When nothing changed, the report is a pure function of its inputs: each file's place and
content hash, the skip reasons, the configuration and options, the churn, the root as the
user types it, the output's format, width and colour, and the code that measures, judges
and renders. After a fully warm run (every file from the snapshot) the rendered text is
kept under a digest of those inputs; the next run with the same digest prints it without
unpickling a record, deriving or rendering (on Django, most of a warm run's CPU after
start-up). The elapsed time is the one figure that differs between runs: the report is
rendered once with a sentinel in its place and stored split around it.

Not used with `--no-cache`, a plugin format, or an installed rule plugin (its code is not
ours to fingerprint). The file is signed like the snapshot (`signed.py`).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from refactorkit.analysis.fingerprint import canonical, churn_digest, code_stamp
from refactorkit.signed import read_signed, secret_key, write_signed

if TYPE_CHECKING:
    from refactorkit.analysis.prepare import Prepared
    from refactorkit.analysis.report import AnalysisReport
    from refactorkit.config import Config

RENDERED_FORMAT = 1
_MAGIC = b"RKREND%02d" % RENDERED_FORMAT
BUILTIN_FORMATS = frozenset({"text", "json", "markdown", "html"})
# The code a stored report depends on: what measures and judges it (as the derived
# results), what renders it, and the command that puts it together.
_FOLDERS = ("analysis", "graph", "rules", "rules/builtin", "reporting")
_FILES = (
    "__init__.py",
    "domain.py",
    "workspace.py",
    "walk.py",
    "excludes.py",
    "config.py",
    "cli/analyze.py",
    "cli/terminal.py",
)
# Stand for the figures that differ between runs of the same inputs while a report is
# rendered for keeping: the elapsed time, the worker processes and the cache hits. As the
# renderers print them (".2f" or JSON's 3 places; ints plain or with ","), they occur
# nowhere else in a report; a report in which one does is not kept.
_STYLES: dict[type, tuple[str, ...]] = {float: ("fixed", "rounded"), int: ("plain", "comma")}


def _shown(value: float, style: str) -> str:
    """`value` as the renderers print it in `style`."""
    if style == "fixed":
        return f"{value:.2f}"
    if style == "rounded":
        return repr(round(value, 3))
    return f"{int(value):,}" if style == "comma" else str(int(value))


MARKS: dict[str, float] = {"elapsed": 7777777.777777, "jobs": 7777771, "cache_hits": 7777772}
_PRINTED = {
    field: {_shown(value, style): style for style in _STYLES[type(value)]}
    for field, value in MARKS.items()
}


@dataclass(frozen=True)
class RenderRequest:
    """How the report is asked for (everything about the output besides the analysis)."""

    output_format: str
    top: int
    width: int
    color: bool
    full: bool


@dataclass(frozen=True)
class Written:
    """A stored report: the messages the run printed on stderr, and the text in pieces
    with a figure of MARKS (field, style) between each two."""

    notes: tuple[str, ...]
    pieces: tuple[str, ...]
    gaps: tuple[tuple[str, str], ...]

    def text(self, elapsed: float, jobs: int, cache_hits: int) -> str:
        figures = {"elapsed": elapsed, "jobs": jobs, "cache_hits": cache_hits}
        parts = [self.pieces[0]]
        for (field, style), piece in zip(self.gaps, self.pieces[1:], strict=True):
            parts += (_shown(figures[field], style), piece)
        return "".join(parts)


@dataclass(frozen=True)
class RenderedMemo:
    """The stored report of one tree and format, and the digest of this run's inputs."""

    path: Path
    key: bytes
    digest: str
    analyses: int  # files measured (the others have a skip reason): a hit's cache hits

    @classmethod
    def open(
        cls, prepared: Prepared, config: Config, request: RenderRequest, hint: str
    ) -> RenderedMemo | None:
        """The memo for this run, or None when it may not be used or a file changed."""
        places = _unchanged_places(prepared)
        key = secret_key()
        if places is None or key is None or not _may_keep(prepared, request):
            return None
        discovery = prepared.discovery
        name = f"{discovery.root}\0{prepared.target}\0{request.output_format}"
        path = prepared.cache.directory / "rendered" / f"{_sha(name)[:24]}.bin"  # type: ignore[union-attr]
        options = prepared.options
        inputs = (
            RENDERED_FORMAT,
            code_stamp(_FOLDERS, _FILES),
            canonical(config),
            (options.excludes, options.since_days, options.include_tests),
            (str(discovery.root), str(prepared.target), [str(r) for r in discovery.roots]),
            [(s.relpath, s.reason) for s in discovery.skipped],
            places,
            churn_digest(prepared.churn()),
            hint,
            canonical(request),
        )
        digest = _sha(pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL))
        return cls(path, key, digest, sum(1 for place in places if not place[4]))

    @classmethod
    def after_run(
        cls, prepared: Prepared, config: Config, request: RenderRequest, hint: str
    ) -> RenderedMemo | None:
        """The memo for the state a run just left: its snapshot read again (it holds what
        the run measured; files changed in the last seconds have no stamp yet, so no memo)."""
        from refactorkit.analysis.snapshot import Snapshot

        if prepared.cache is None:
            return None
        snapshot = Snapshot.open(prepared.cache, prepared.discovery.root, prepared.target)
        return cls.open(replace(prepared, snapshot=snapshot), config, request, hint)

    def load(self) -> Written | None:
        found = read_signed(self.path, self.key, _MAGIC, {})
        if isinstance(found, tuple) and len(found) == 4 and found[0] == self.digest:
            return Written(*found[1:])  # signed by us: the shape is ours
        return None

    def save(self, notes: Sequence[str], marked: str) -> Written | None:
        """Keep `marked` (the report rendered with MARKS for its figures); None when one of
        them is not found once at most."""
        found: list[tuple[int, str, str, str]] = []  # (offset, printed, field, style)
        for field, forms in _PRINTED.items():
            hits = [(marked.find(form), form, field, style) for form, style in forms.items()]
            hits = [hit for hit in hits if hit[0] >= 0]
            if len(hits) > 1 or any(marked.count(form) > 1 for _, form, _, _ in hits):
                return None
            found += hits
        pieces, gaps, start = [], [], 0
        for offset, form, field, style in sorted(found):
            pieces.append(marked[start:offset])
            gaps.append((field, style))
            start = offset + len(form)
        pieces.append(marked[start:])
        written = Written(tuple(notes), tuple(pieces), tuple(gaps))
        write_signed(self.path, self.key, _MAGIC, (self.digest, *_fields(written)))
        return written


def _fields(written: Written) -> tuple[object, ...]:
    return (written.notes, written.pieces, written.gaps)


def marked(report: AnalysisReport) -> AnalysisReport:
    """`report` with MARKS for the figures that differ between runs, to render for keeping."""
    jobs, hits = int(MARKS["jobs"]), int(MARKS["cache_hits"])
    return replace(report, elapsed=MARKS["elapsed"], jobs=jobs, cache_hits=hits)


def _may_keep(prepared: Prepared, request: RenderRequest) -> bool:
    from refactorkit.plugins import RULES_GROUP, entry_points

    if prepared.cache is None or request.output_format not in BUILTIN_FORMATS:
        return False
    return not entry_points(RULES_GROUP)


def _unchanged_places(prepared: Prepared) -> list[tuple[object, ...]] | None:
    """(relpath, module, package flag, sha256, skip reason or "") of every file, when each
    has its stored stamp; None when any changed (or there is no snapshot)."""
    snapshot = prepared.snapshot
    if snapshot is None:
        return None
    unchanged = snapshot.unchanged(prepared.discovery.files)
    if unchanged is None:
        return None
    return [
        (s.relpath, s.module, s.is_package, entry[3], entry[4] if isinstance(entry[4], str) else "")
        for s, entry in unchanged
    ]


def _sha(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()
