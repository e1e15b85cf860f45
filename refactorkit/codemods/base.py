"""The codemod seam: a codemod is a class that plans a ChangeSet; the runner shows or applies it.

    class AddFuture(FileCodemod[AddFutureOptions]):
        name = "add-future-annotations"
        summary = "Add `from __future__ import annotations` to every module."
        Options = AddFutureOptions          # a frozen dataclass; its fields become CLI options

        def transform(self, module: cst.Module, options: AddFutureOptions) -> cst.Module:
            ...

A `Codemod` sees the whole project (`plan(project, options)`); a `FileCodemod` is the
per-file adapter: it runs `transform` (or its LibCST `transformer` class) on each Python
file and collects the files whose code changed. Codemods never write and never print: the
command built from the class (`refactorkit.cli.codemod`) runs the ChangeSet through the one
runner, so dry run, `--apply`, undo, `--verify` and `--commit` come for free.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

import libcst as cst

from refactorkit.domain import ChangeSet, FileChange, ModifyFile, SourceFile
from refactorkit.project import Project
from refactorkit.workspace import SourceError, read_source

OptionsT = TypeVar("OptionsT")
ValueT = TypeVar("ValueT")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


def option(default: ValueT, help_text: str) -> ValueT:
    """An options field with its `--help` text: `level: str = option("", "Log at ...")`."""
    made: ValueT = dataclasses.field(default=default, metadata={"help": help_text})
    return made


@dataclass(frozen=True)
class NoOptions:
    """For a codemod with no options of its own."""


@dataclass(frozen=True)
class PathsOptions:
    """For a per-file codemod with no options but the files to work on (all when empty)."""

    paths: tuple[Path, ...] = ()


class Codemod(ABC, Generic[OptionsT]):
    """A project-wide codemod: `plan` returns every edit as one ChangeSet and writes nothing."""

    name: ClassVar[str] = ""  # the command name, kebab-case
    summary: ClassVar[str] = ""  # one line: the command's short help
    Options: ClassVar[type[Any]] = NoOptions  # frozen dataclass; fields become CLI options

    @abstractmethod
    def plan(self, project: Project, options: OptionsT) -> ChangeSet:
        """Every change this codemod makes to `project` (nothing is written)."""


class FileCodemod(Codemod[OptionsT]):
    """A per-file codemod: one LibCST module in, one out, for each Python file.

    Override `transform`, or set `transformer` to a `libcst.CSTTransformer` class whose
    constructor takes the options. An `Options` field `paths: tuple[Path, ...]` limits the
    run to those files and folders (the CLI's PATHS arguments); files that cannot be read
    or parsed are skipped, each with a warning line giving the reason.
    """

    Options: ClassVar[type[Any]] = PathsOptions
    transformer: ClassVar[type[cst.CSTTransformer] | None] = None

    def transform(self, module: cst.Module, options: OptionsT) -> cst.Module:
        """The module with this codemod's edits (override this, or set `transformer`)."""
        if self.transformer is None:
            raise NotImplementedError(f"{type(self).__name__}: set `transformer` or `transform`")
        return module.visit(self.transformer(options))  # type: ignore[call-arg]

    def transform_file(
        self, module: cst.Module, options: OptionsT, project: Project, source: SourceFile
    ) -> tuple[cst.Module, tuple[str, ...]]:
        """`transform` for a codemod that must know the file (tests, module name, the
        project's config): the new module and lines for the change set's summary (say,
        the places it left alone and why). The default calls `transform`."""
        return self.transform(module, options), ()

    def plan(self, project: Project, options: OptionsT) -> ChangeSet:
        paths: Sequence[Path] = getattr(options, "paths", ())
        discovery = project.sources(paths)
        changes: list[FileChange] = []
        warnings = [f"{s.relpath}: skipped: {s.reason}" for s in discovery.skipped]
        notes: list[str] = []
        for source in discovery.files:
            if not source.relpath.endswith(".py"):
                continue
            try:
                old = read_source(source.path)[0]
                module, said = self.transform_file(cst.parse_module(old), options, project, source)
            except SourceError as exc:
                warnings.append(f"{source.relpath}: skipped: {exc}")
                continue
            except cst.ParserSyntaxError as exc:
                warnings.append(f"{source.relpath}: skipped: does not parse (line {exc.raw_line})")
                continue
            notes.extend(said)
            if module.code != old:
                changes.append(ModifyFile(source.relpath, module.code, old))
        title = f"{self.name}: {len(changes)} file(s) changed"
        return ChangeSet(
            project.root,
            title,
            tuple(changes),
            warnings=tuple(warnings),
            summary=tuple(notes),
            codemod=self.name,
        )


def why_not_a_codemod(candidate: Any) -> str | None:
    """Why `candidate` cannot be registered as a codemod, or None when it can."""
    if not (inspect.isclass(candidate) and issubclass(candidate, Codemod)):
        return "not a subclass of refactorkit.codemods.base.Codemod"
    for check in (_implements_plan, _named):
        problem = check(candidate)
        if problem is not None:
            return problem
    return None


def _implements_plan(candidate: type[Codemod[Any]]) -> str | None:
    return (
        "the codemod does not implement plan (or transform)"
        if inspect.isabstract(candidate)
        else None
    )


def _named(candidate: type[Codemod[Any]]) -> str | None:
    if not _NAME.match(candidate.name or ""):
        return f"codemod name {candidate.name!r} is not kebab-case"
    if not candidate.summary:
        return "the codemod has no summary"
    if issubclass(candidate, FileCodemod) and not _transforms(candidate):
        return "the per-file codemod sets neither `transformer` nor `transform`"
    if not _frozen_dataclass(candidate.Options):
        return "the codemod's Options is not a frozen dataclass"
    return None


def _transforms(candidate: type[FileCodemod[Any]]) -> bool:
    """Whether a per-file codemod sets `transformer` or overrides a transform method."""
    return (
        candidate.transformer is not None
        or candidate.transform is not FileCodemod.transform
        or candidate.transform_file is not FileCodemod.transform_file
    )


def _frozen_dataclass(options: Any) -> bool:
    params = getattr(options, "__dataclass_params__", None)
    return dataclasses.is_dataclass(options) and bool(getattr(params, "frozen", False))
