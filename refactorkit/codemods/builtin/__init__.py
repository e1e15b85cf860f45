"""Built-in codemods that plug into the codemod seam (`refactorkit.codemods.base`).

Every `Codemod` subclass defined in a module of this package is registered and becomes a
`refactorkit NAME` command: adding one is its file here and its test. The older commands
(`split`, `move`, `move-symbol`) keep hand-written CLI modules for their plan files.
"""
