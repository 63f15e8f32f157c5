"""Files only their owner may read: the embedded store and the key files."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """`path` as a directory only its owner may enter, created if missing."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    path.chmod(PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """`path` as a file only its owner may read, created empty if missing.
    SQLite gives a database's -wal and -shm files the database file's mode.

    An existing file is never opened: closing any descriptor of a file drops
    every POSIX lock this process holds on it, and a database whose locks
    were dropped under an open connection looks unused to another process,
    whose SQLite then deletes the write-ahead log still in use here."""
    private_dir(path.parent)
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE)
    except FileExistsError:
        pass
    else:
        os.close(descriptor)
    path.chmod(PRIVATE_FILE)
    return path
