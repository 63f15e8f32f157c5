"""Storage details kept in one place: SQLite and PostgreSQL specifics, key files, settings files."""
