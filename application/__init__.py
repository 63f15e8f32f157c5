"""Casebook's use cases: load a case, ask the aggregate, save, and answer queries."""
