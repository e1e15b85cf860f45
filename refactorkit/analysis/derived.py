"""What analyze derives from the measured files (graph, findings, hotspots), kept per tree.

After a warm lookup, building the import graph, running the rules (which read every file
with a finding again for its suppression comments) and ranking the hotspots were most of a
warm `analyze` of Django: 0.10 s of 0.19 s in-process. They are pure functions of their
inputs: each file's place and content hash, the rule settings, the churn, the root as the
user types it, and the code that computes them. So the result is stored with a digest of
those inputs and reused while the digest is the same. The code counts by the size and
mtime of refactorkit's modules that take part; when a third-party rule is installed nothing
is stored (its code is not ours to fingerprint). The file is signed like the snapshot.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import refactorkit.analysis.report
import refactorkit.graph.model  # noqa: F401 - its classes, for the unpickler
from refactorkit.analysis.cache import AnalysisCache
from refactorkit.analysis.churn import Churn
from refactorkit.analysis.fingerprint import canonical, churn_digest, code_stamp
from refactorkit.analysis.graph_summary import summarize_graph
from refactorkit.analysis.hotspots import rank, score_findings
from refactorkit.analysis.report import GraphSummary, Hotspot
from refactorkit.domain import Duplication, FileAnalysis, Finding
from refactorkit.rules.settings import RuleSettings
from refactorkit.signed import RECORDS, Allowed, read_signed, secret_key, write_signed

DERIVED_FORMAT = 2  # 2: the duplication figure (RK116)
_MAGIC = b"RKDERV%02d" % DERIVED_FORMAT
_ALLOWED: Allowed = {
    **RECORDS,
    "refactorkit.domain": RECORDS["refactorkit.domain"]
    | {"Finding", "Fix", "Duplication", "CloneGroup", "ClonePlace"},
    "refactorkit.analysis.report": frozenset(
        {"GraphSummary", "ModuleDeps", "PackageDeps", "Hotspot"}
    ),
    "refactorkit.graph.model": frozenset({"Cycle", "ImportEdge"}),
}
# The code whose output is stored: every module of these folders, and these files.
_FOLDERS = ("analysis", "graph", "rules", "rules/builtin")
_FILES = ("__init__.py", "domain.py", "workspace.py", "config.py")


@dataclass(frozen=True)
class Derived:
    graph: GraphSummary
    hotspots: tuple[Hotspot, ...]
    findings: tuple[Finding, ...]  # scored
    duplication: Duplication | None  # RK116's clone groups; None when RK116 is off


@dataclass(frozen=True)
class DerivedMemo:
    """The stored result for one tree; `digest` names the inputs it was computed from."""

    path: Path
    key: bytes

    @classmethod
    def open(cls, cache: AnalysisCache, root: Path, target: Path) -> DerivedMemo | None:
        """The memo of `target` under project `root`; None when nothing may be stored."""
        from refactorkit.plugins import RULES_GROUP, entry_points

        key = secret_key()
        if key is None or entry_points(RULES_GROUP):
            return None
        name = hashlib.sha256(f"{root}\0{target}".encode()).hexdigest()[:24]
        return cls(cache.directory / "derived" / f"{name}.bin", key)

    def load(self, digest: str) -> Derived | None:
        found = read_signed(self.path, self.key, _MAGIC, _ALLOWED)
        if isinstance(found, tuple) and len(found) == 5 and found[0] == digest:
            return Derived(*found[1:])  # signed by us: the shapes are ours
        return None

    def save(self, digest: str, derived: Derived, files: Sequence[FileAnalysis]) -> None:
        # A finding about a file outside the measured ones read that file for its comments:
        # its content is not in the digest, so the result is not stored.
        known = {f.source.relpath for f in files}
        places = (p for f in derived.findings for p in (f.relpath, *(r for r, _ in f.related)))
        if all(place in known for place in places):
            row = (digest, derived.graph, derived.hotspots, derived.findings, derived.duplication)
            write_signed(self.path, self.key, _MAGIC, row)


def derive(
    files: Sequence[FileAnalysis],
    settings: RuleSettings,
    churn: Churn | None,
    root: Path,
    memo: DerivedMemo | None = None,
    hint: str = "",
) -> Derived:
    """The graph summary, scored findings and hotspots of `files`, from `memo` when its
    inputs are the same, else computed (and stored in `memo`)."""
    digest = inputs_digest(files, settings, churn, hint) if memo is not None else ""
    found = memo.load(digest) if memo is not None else None
    if found is not None:
        return found
    from refactorkit.graph.graph import ImportGraph
    from refactorkit.rules.run import run_rules

    import_graph = ImportGraph.from_analyses(files)
    graph = summarize_graph(files, import_graph)
    duplication = find_duplication(files, settings)
    findings = run_rules(
        files, settings, root, graph=lambda: import_graph, root_hint=hint, duplication=duplication
    )
    hotspots = rank(files, graph.deps, churn, findings, graph.runtime_cycles)
    scored = tuple(score_findings(findings, hotspots))
    derived = Derived(graph, hotspots, scored, duplication)
    if memo is not None:
        memo.save(digest, derived, files)
    return derived


def inputs_digest(
    files: Iterable[FileAnalysis], settings: object, churn: Churn | None, hint: str
) -> str:
    """sha256 of everything the derived results depend on."""
    places = tuple(
        (f.source.relpath, f.source.module, f.source.is_package, f.sha256) for f in files
    )
    code = code_stamp(_FOLDERS, _FILES)
    inputs = (DERIVED_FORMAT, code, canonical(settings), churn_digest(churn), hint, places)
    return hashlib.sha256(pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def find_duplication(files: Sequence[FileAnalysis], settings: RuleSettings) -> Duplication | None:
    """The project's clone groups at RK116's size (the figure analyze reports); None when
    RK116 is switched off."""
    from refactorkit.graph.duplicates import find_duplicates, judged_files

    if "RK116" in settings.ignore:
        return None
    min_lines = int(settings.limits.number("min_duplicate_lines"))
    return find_duplicates(judged_files(files), min_lines)
