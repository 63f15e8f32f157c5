"""`casebook backup DEST` and `casebook restore SRC`: copies of the store that
stay encrypted, with the key folder copied apart (`--keys`), never beside it.

The embedded store is copied with SQLite's online backup (the read models
first, then the events, so that a restored store is at worst behind its own
log, which the projector closes on start); PostgreSQL with pg_dump (of the
store's schema alone, when the URL names one) and pg_restore, which recreates
that schema under its own name. A copy without its keys reads no clinical
text and cannot be verified; an erasure destroys a case's key in the live key
store only, so a key-store backup taken before it still opens that case's
text in older backups: keep key backups apart and short-lived (see
docs/operations.md).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from adapters.data_keys import STORE_FILE
from adapters.files import private_dir, private_file
from application.settings import Settings
from domain.exceptions import CasebookError

COMMANDS = ("backup", "restore")
DATA_FILES = ("readmodels.sqlite", "events.sqlite")
KEY_FILES = ("integrity.json", "master.json", "sessions.json")
PG_DUMP = "casebook.pgdump"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = commands.add_parser(
        "backup", help="copy the store (encrypted) to DEST, and the keys apart"
    )
    backup.add_argument("dest", type=Path, help="a new or empty folder")
    backup.add_argument(
        "--keys", type=Path, metavar="KEYS_DEST",
        help="also copy the key folder to this other, new or empty folder",
    )  # fmt: skip
    restore = commands.add_parser(
        "restore", help="restore a backup into an empty store"
    )
    restore.add_argument("src", type=Path, help="a folder casebook backup wrote")
    restore.add_argument(
        "--keys", type=Path, metavar="KEYS_SRC",
        help="the key folder's backup, restored into the (empty) key folder",
    )  # fmt: skip


def run(settings: Settings, args: argparse.Namespace) -> int:
    if args.command == "backup":
        _empty_folder(args.dest, "backup")
        if args.keys is not None:
            _apart(args.keys, args.dest)
            _empty_folder(args.keys, "backup --keys")
        _backup_data(settings, args.dest)
        print(f"store copied to {args.dest}")
        if args.keys is None:
            print(f"the keys are not in it: copy {settings.keys} apart "
                  "(casebook backup --keys), or the copy reads nothing")  # fmt: skip
        else:
            _backup_keys(settings.keys, args.keys)
            print(f"keys copied to {args.keys} (keep them apart from the store)")
        return 0
    _restore_data(settings, args.src)
    if args.keys is not None:
        _restore_keys(args.keys, settings.keys)
    print(f"restored {args.src}; run casebook verify --all to check it")
    return 0


def _empty_folder(path: Path, what: str) -> None:
    if path.exists() and any(path.iterdir()):
        raise CasebookError(f"{what}: {path} is not empty; name a new folder")
    private_dir(path)


def _apart(keys: Path, data: Path) -> None:
    if keys.resolve() == data.resolve() or data.resolve() in keys.resolve().parents:
        raise CasebookError("--keys must be a folder apart from the store's copy")


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite file (its write-ahead log included)."""
    live, copy = sqlite3.connect(source), sqlite3.connect(private_file(target))
    try:
        live.backup(copy)
    finally:
        copy.close()
        live.close()


def _backup_data(settings: Settings, dest: Path) -> None:
    if settings.database_url is not None:
        # Only the store's schema: the database may hold others (another
        # clinic's store, another application's) that this copy must not take,
        # and that its role may not even read.
        schema = _schema(settings)
        only = [f"--schema={schema}"] if schema else []
        _pg(["pg_dump", "--format=custom", *only, f"--file={dest / PG_DUMP}"],
            settings)  # fmt: skip
        return
    for name in DATA_FILES:
        source = settings.data_dir / name
        if not source.exists():
            raise CasebookError(f"no Casebook store in {settings.data_dir}")
        _copy_sqlite(source, dest / name)


def _backup_keys(key_dir: Path, dest: Path) -> None:
    for name in KEY_FILES:
        if (key_dir / name).exists():
            shutil.copyfile(key_dir / name, private_file(dest / name))
    _copy_sqlite(key_dir / STORE_FILE, dest / STORE_FILE)


def _restore_data(settings: Settings, src: Path) -> None:
    if settings.database_url is not None:
        _check_dump_schema(src / PG_DUMP, _schema(settings) or "public")
        _pg(["pg_restore", "--no-owner", "--exit-on-error", str(src / PG_DUMP)],
            settings, database_flag="--dbname")  # fmt: skip
        return
    if (settings.data_dir / "events.sqlite").exists():
        raise CasebookError(
            f"{settings.data_dir} holds a store already: restore into a new data folder"
        )
    for name in DATA_FILES:
        if not (src / name).exists():
            raise CasebookError(f"{src} is not a backup of an embedded store")
        private_dir(settings.data_dir)
        _copy_sqlite(src / name, settings.data_dir / name)


def _restore_keys(src: Path, key_dir: Path) -> None:
    if key_dir.exists() and any(key_dir.iterdir()):
        raise CasebookError(
            f"{key_dir} holds keys already: restore into a new key folder"
        )
    private_dir(key_dir)
    for name in KEY_FILES:
        if (src / name).exists():
            shutil.copyfile(src / name, private_file(key_dir / name))
    _copy_sqlite(src / STORE_FILE, key_dir / STORE_FILE)


def _schema(settings: Settings) -> str | None:
    """The schema the URL names (`?schema=NAME`), as the event store reads it."""
    return settings.event_store_env().get("POSTGRES_SCHEMA")


# A table's entry in `pg_restore --list`: "ID; OID OID TABLE SCHEMA NAME OWNER".
TABLE_ENTRY = re.compile(r"^\d+; \d+ \d+ TABLE (?!DATA )(\S+) ", re.MULTILINE)


def _check_dump_schema(dump: Path, schema: str) -> None:
    """Refuse a dump whose tables are not in the schema Casebook will read:
    pg_restore recreates them under the schema they were dumped from, and
    cannot rename it, so the restore would succeed into a schema Casebook
    never reads and leave it an empty store, verifying zero cases."""
    if not dump.is_file():
        raise CasebookError(f"{dump.parent} is not a backup of a PostgreSQL store")
    listed = _run(["pg_restore", "--list", str(dump)])
    dumped = sorted(set(TABLE_ENTRY.findall(listed)))
    if not dumped:
        raise CasebookError(f"{dump} holds no table: it is not a Casebook store")
    if schema not in dumped:
        raise CasebookError(
            f"{dump.parent} holds the store in schema {', '.join(dumped)}, not "
            f"{schema}: name that schema in CASEBOOK_DATABASE_URL (?schema=) and "
            "restore into a database that does not hold it yet"
        )


def _pg(command: list[str], settings: Settings, database_flag: str = "") -> None:
    assert settings.database_url is not None
    url = settings.database_url.replace("postgresql+psycopg://", "postgresql://", 1)
    url = url.split("?", 1)[0]  # ?schema= is Casebook's, not libpq's
    target = [f"{database_flag}={url}"] if database_flag else [url]
    _run([*command, *target])


def _run(command: list[str]) -> str:
    """What a PostgreSQL client printed; its error, as a refusal, if it failed."""
    try:
        done = subprocess.run(command, capture_output=True, text=True)
    except FileNotFoundError:
        raise CasebookError(
            f"{command[0]} is not installed (PostgreSQL's client)"
        ) from None
    if done.returncode != 0:
        raise CasebookError(f"{command[0]} failed: {done.stderr.strip()}")
    return done.stdout
