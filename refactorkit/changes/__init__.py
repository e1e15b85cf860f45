"""The apply machinery: validation, diff, atomic journaled apply, undo, verify, git index, commit.

Codemods never import this package: they return a `ChangeSet` (refactorkit.domain) and the CLI
hands it to `refactorkit.changes.runner.execute`, which returns outcome values that only `cli/`
puts into words.
"""
