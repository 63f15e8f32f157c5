"""Storage details in one place: SQLite and PostgreSQL specifics, files of settings."""
