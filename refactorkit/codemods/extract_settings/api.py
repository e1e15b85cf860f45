"""extract-settings: the chosen literals become settings, their uses import them.

`scan` finds the literals (RK112-RK115's sites) of the files asked; `build` decides each
one (moved, or left alone with the reason), names the settings so no name clashes, and
returns the settings module and the rewritten files as one ChangeSet.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import libcst as cst

from refactorkit.codemods.extract_settings.plan_file import SettingsPlan, planned, read_plan
from refactorkit.codemods.extract_settings.render import Setting, definition, settings_text
from refactorkit.codemods.extract_settings.rewrite import bound_names, imported_modules, rewrite
from refactorkit.codemods.extract_settings.sites import Literal, Located, chosen, locate
from refactorkit.codemods.extract_settings.target import SettingsTarget, settings_target
from refactorkit.codemods.split.plan_file import PlanError
from refactorkit.domain import ChangeSet, CreateFile, FileChange, ModifyFile, SourceFile
from refactorkit.errors import UserError
from refactorkit.graph.values import CODES, judged_file
from refactorkit.project import Project
from refactorkit.workspace import SourceError, read_source

NAME = "extract-settings"


@dataclass(frozen=True)
class Request:
    """What the user asked, resolved (the Options of the command, the plan file read)."""

    paths: tuple[Path, ...] = ()
    into: str = ""
    env: str = ""
    codes: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    plan: Path | None = None
    secret_defaults: bool = False


@dataclass
class Scan:
    """The project's literals, file by file, and what the summary must say."""

    files: dict[str, tuple[SourceFile, str, Located]] = field(default_factory=dict)
    literals: list[Literal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def codes_of(values: Sequence[str]) -> tuple[str, ...]:
    """`--select RK112,RK115` -> ("RK112", "RK115"); a UserError for other codes."""
    codes = tuple(c.strip().upper() for v in values for c in v.split(",") if c.strip())
    known = sorted(set(CODES.values()))
    for code in codes:
        if code not in known:
            raise UserError(f"--select {code}: extract-settings moves {', '.join(known)}")
    return codes


def scan(project: Project, request: Request) -> Scan:
    """Every literal to move in the files asked, by `--select`/`--only` or the plan."""
    found = Scan()
    for source in project.sources(request.paths).files:
        if source.relpath.endswith(".py") and judged_file(source.relpath, source.module):
            _scan_file(found, source)
    if request.plan is not None:
        found.literals, gone = planned(found.literals, _plan(request.plan))
        found.notes.extend(gone)
    else:
        found.literals = chosen(found.literals, request.codes, request.only)
    return found


def _plan(path: Path) -> SettingsPlan:
    try:
        return read_plan(path)
    except PlanError as exc:
        raise UserError(str(exc)) from exc


def _scan_file(found: Scan, source: SourceFile) -> None:
    try:
        text = read_source(source.path)[0]
        located = locate(source.relpath, text, source.module or "")
    except (SourceError, SyntaxError, cst.ParserSyntaxError) as exc:
        found.warnings.append(f"{source.relpath}: skipped: {exc}")
        return
    if located.literals or located.skipped:
        found.files[source.relpath] = (source, text, located)
        found.literals.extend(located.literals)
        found.notes.extend(located.skipped)


def build(project: Project, request: Request, found: Scan) -> ChangeSet:
    """The settings module and every rewritten file, or an empty ChangeSet saying why."""
    target, moving, notes = _placed(project, request, found)
    if target is None:
        return _changeset(project, f"{NAME}: nothing to move", (), found, notes)
    settings, name_of = _named(target, found, moving, request)
    changes: list[FileChange] = [_settings_change(target, settings)]
    for relpath, (_, text, located) in found.files.items():
        mine = [(lit, name_of[lit.key]) for lit, _ in moving if lit.relpath == relpath]
        if mine:
            new = rewrite(located, mine, target.module)
            changes.append(ModifyFile(relpath, new, text))
    notes += [_said(target, s) for s in settings]
    title = f"{NAME}: {len(moving)} value(s) moved to {target.module}"
    return _changeset(project, title, tuple(changes), found, notes)


@dataclass(frozen=True)
class Proposal:
    """What `plan extract-settings` shows: the literals that would move, named."""

    target: SettingsTarget | None
    literals: tuple[Literal, ...]
    notes: tuple[str, ...]


def propose(project: Project, request: Request) -> Proposal:
    """The literals a run would move, with their final names (for an editable plan)."""
    found = scan(project, request)
    target, moving, notes = _placed(project, request, found)
    if target is None:
        return Proposal(None, (), tuple(notes))
    _, name_of = _named(target, found, moving, request)
    named = [replace(lit, name=_plain(name_of[lit.key])) for lit, _ in moving]
    return Proposal(target, tuple(named), tuple(notes))


def _placed(
    project: Project, request: Request, found: Scan
) -> tuple[SettingsTarget | None, list[tuple[Literal, str]], list[str]]:
    """The settings module (None when nothing moves), the (literal, anchor) pairs that
    move, and the summary's lines. A module the settings module imports keeps its values:
    its import of the settings would close a cycle."""
    moving, notes = _decided(project.root, request, found.literals)
    notes = [*found.notes, *notes]
    if not moving:
        return None, [], notes
    target = settings_target(project, request.into, found.files[moving[0][0].relpath][0].module)
    imported = imported_modules(target.old_text or "", target.module)
    kept: list[tuple[Literal, str]] = []
    for lit, anchor in moving:
        if found.files[lit.relpath][0].module in imported:
            notes.append(
                f"{lit.relpath}:{lit.lineno}: {lit.name} left alone: {target.module} "
                "imports this module (importing it back would be a cycle)"
            )
        else:
            kept.append((lit, anchor))
    return (target if kept else None), kept, notes


def _plain(name: str) -> str:
    return name.removesuffix("()").upper()


def _said(target: SettingsTarget, setting: Setting) -> str:
    where = f" (from ${setting.env})" if setting.env else ""
    return f"{target.relpath}: {setting.name}{'()' if setting.secret else ''}{where}"


def _changeset(
    project: Project, title: str, changes: tuple[FileChange, ...], found: Scan, notes: list[str]
) -> ChangeSet:
    return ChangeSet(
        project.root,
        title,
        changes,
        warnings=tuple(found.warnings),
        summary=tuple(notes),
        codemod=NAME,
    )


def _decided(
    root: Path, request: Request, literals: Sequence[Literal]
) -> tuple[list[tuple[Literal, str]], list[str]]:
    """(literal, anchor) pairs to move, and a line for each literal left alone."""
    moving: list[tuple[Literal, str]] = []
    notes: list[str] = []
    for lit in literals:
        anchor, why = _anchor(root, lit)
        if lit.kind == "secret" and not lit.runtime and not request.secret_defaults:
            why = "a secret read at import time (env-only would fail the import; --secret-defaults)"
        if why:
            notes.append(f"{lit.relpath}:{lit.lineno}: {lit.name} left alone: {why}")
        else:
            moving.append((lit, anchor))
    return moving, notes


def _anchor(root: Path, lit: Literal) -> tuple[str, str]:
    """(project-relative path, "") for a current-folder path naming a file of the repo;
    ("", reason) when it names none; ("", "") for the other kinds."""
    if lit.kind != "cwd-path":
        return "", ""
    text = str(lit.value).removeprefix("./")
    inside = (root / text).resolve()
    if inside.is_relative_to(root.resolve()) and inside.exists():
        return inside.relative_to(root.resolve()).as_posix(), ""
    return "", f"{text!r} names no file in the repository (the program's folder decides)"


def _named(
    target: SettingsTarget,
    found: Scan,
    moving: Sequence[tuple[Literal, str]],
    request: Request,
) -> tuple[list[Setting], dict[str, str]]:
    """One Setting per distinct value and name, no name clashing with the settings
    module's or a rewritten file's (a definition the settings module has already, word for
    word, is reused); Literal.key -> the name its use imports."""
    taken = bound_names(target.old_text or "", target.module)
    for relpath in {lit.relpath for lit, _ in moving}:
        taken |= bound_names(found.files[relpath][1], target.module)
    existing = _definitions(target.old_text or "")
    settings: dict[tuple[str, object, str, bool], tuple[Setting, bool]] = {}
    name_of: dict[str, str] = {}
    for lit, anchor in moving:
        secret = lit.kind == "secret" and not request.secret_defaults
        key = (lit.name, lit.value, anchor, secret)
        if key not in settings:
            make = partial(_setting, value=lit.value, anchor=anchor, secret=secret, env=request.env)
            base = lit.name.lower() if secret else lit.name
            free = taken - {lit.binds}  # its own statement goes
            settings[key] = _fresh(base, make, free, existing, target.folder_depth)
            taken.add(settings[key][0].name)
        name_of[lit.key] = _use(settings[key][0])
    return _new_only(settings.values()), name_of


def _use(setting: Setting) -> str:
    """What a use becomes: the constant, or a call of the secret's function."""
    return setting.name + ("()" if setting.secret else "")


def _new_only(settings: Iterable[tuple[Setting, bool]]) -> list[Setting]:
    return [setting for setting, reused in settings if not reused]


def _setting(name: str, value: object, anchor: str, secret: bool, env: str) -> Setting:
    """A secret is read from the environment always (no prefix: its own name)."""
    variable = env + name.upper() if env or secret else ""
    return Setting(name, value, anchor, variable, secret)


def _fresh(
    base: str,
    make: Callable[[str], Setting],
    taken: set[str],
    existing: dict[str, str],
    depth: int,
) -> tuple[Setting, bool]:
    """The setting under `base` (or `base_2`, ...): (setting, True) when the settings
    module defines it already, word for word; else the first free name."""
    name, number = base, 2
    while True:
        setting = make(name)
        if existing.get(name) == _dump(definition(setting, depth)):
            return setting, True
        if name not in taken:
            return setting, False
        name, number = f"{base}_{number}", number + 1


def _definitions(text: str) -> dict[str, str]:
    """Top-level `NAME: T = ...` and `def name()` of the settings module, as ast dumps."""
    found: dict[str, str] = {}
    for node in ast.parse(text).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            found[node.target.id] = ast.dump(node)
        elif isinstance(node, ast.FunctionDef):
            found[node.name] = ast.dump(node)
    return found


def _dump(code: str) -> str:
    return ast.dump(ast.parse(code).body[0])


def _settings_change(target: SettingsTarget, settings: Sequence[Setting]) -> FileChange:
    text = settings_text(target, settings)
    if target.old_text is None:
        return CreateFile(target.relpath, text)
    return ModifyFile(target.relpath, text, target.old_text)


def request_of(options: object) -> Request:
    """The codemod's Options as a Request (`--plan` read relative to the current folder)."""
    plan = str(getattr(options, "plan", ""))
    request = Request(
        paths=tuple(getattr(options, "paths", ())),
        into=str(getattr(options, "into", "")),
        env=str(getattr(options, "env", "")),
        codes=codes_of(getattr(options, "select", ())),
        only=tuple(getattr(options, "only", ())),
        plan=Path(plan) if plan else None,
        secret_defaults=bool(getattr(options, "secret_defaults", False)),
    )
    if request.plan is not None:
        saved = _plan(request.plan)
        request = replace(request, into=request.into or saved.into, env=request.env or saved.env)
    return request
