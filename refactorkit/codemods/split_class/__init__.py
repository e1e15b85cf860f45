"""`refactorkit split-class`: divide one big class into mixin parts, each in its own module."""
