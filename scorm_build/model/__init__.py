"""Frozen models of the three source trees. Later stages see only these."""
