"""Repo-wide reference rewriting for module and symbol moves (see codemods.references)."""
