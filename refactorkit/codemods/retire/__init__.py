"""Find every reference to a name (a database, a module, a setting, an env var) and retire it.

`scan` finds the references (Python by meaning through its syntax tree, other files by their
structure), `rules` decides an action for each from a TOML rules file, `edits` turns the
decisions into new file texts, and `codemod.retire` returns both the classified references and
the ChangeSet the one runner shows or applies.
"""
