"""An example refactorkit plugin (docs/plugins.md walks through it)."""
