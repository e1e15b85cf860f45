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

from refactorkit.domain import ChangeSet, FileChange, ModifyFile
from refactorkit.project import Project
from refactorkit.workspace import SourceError, read_source

OptionsT = TypeVar("OptionsT")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


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
        if self.transformer is None:
            raise NotImplementedError(f"{type(self).__name__}: set `transformer` or `transform`")
        return module.visit(self.transformer(options))  # type: ignore[call-arg]

    def plan(self, project: Project, options: OptionsT) -> ChangeSet:
        paths: Sequence[Path] = getattr(options, "paths", ())
        discovery = project.sources(paths)
        changes: list[FileChange] = []
        warnings = [f"{s.relpath}: skipped: {s.reason}" for s in discovery.skipped]
        for source in discovery.files:
            if not source.relpath.endswith(".py"):
                continue
            try:
                old = read_source(source.path)[0]
                new = self.transform(cst.parse_module(old), options).code
            except SourceError as exc:
                warnings.append(f"{source.relpath}: skipped: {exc}")
                continue
            except cst.ParserSyntaxError as exc:
                warnings.append(f"{source.relpath}: skipped: does not parse (line {exc.raw_line})")
                continue
            if new != old:
                changes.append(ModifyFile(source.relpath, new, old))
        title = f"{self.name}: {len(changes)} file(s) changed"
        return ChangeSet(
            project.root, title, tuple(changes), warnings=tuple(warnings), codemod=self.name
        )


def why_not_a_codemod(candidate: Any) -> str | None:
    """Why `candidate` cannot be registered as a codemod, or None when it can."""
    if not (inspect.isclass(candidate) and issubclass(candidate, Codemod)):
        return "not a subclass of refactorkit.codemods.base.Codemod"
    for check in (_implements_plan, _named, _frozen_options, _transforms):
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
    return None if candidate.summary else "the codemod has no summary"


def _frozen_options(candidate: type[Codemod[Any]]) -> str | None:
    options = candidate.Options
    params = getattr(options, "__dataclass_params__", None)
    if not (dataclasses.is_dataclass(options) and params is not None and params.frozen):
        return "the codemod's Options is not a frozen dataclass"
    return None


def _transforms(candidate: type[Codemod[Any]]) -> str | None:
    if (
        issubclass(candidate, FileCodemod)
        and candidate.transformer is None
        and candidate.transform is FileCodemod.transform
    ):
        return "the per-file codemod sets neither `transformer` nor `transform`"
    return None
