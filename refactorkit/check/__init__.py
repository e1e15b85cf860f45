"""`refactorkit check`: rules with codes (RK1xx), suppressions, baseline/ratchet and formats."""
