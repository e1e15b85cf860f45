"""The built-in rules, one module each; the registry finds every Rule subclass defined here."""
