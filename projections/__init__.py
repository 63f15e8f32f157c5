"""Read models: SQL tables kept up to date from the case log, exactly once per event."""
