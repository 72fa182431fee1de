"""Package stage: one small module per target; only this stage writes files."""
