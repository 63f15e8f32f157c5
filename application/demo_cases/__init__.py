"""The demo clinic's cases, one module each."""
