"""Each case's own data key (AES-256-GCM), kept wrapped by a master key in a
key store beside the key files, never in the database: a copy of the database
or of its backups alone reads no therapy, and destroying a case's key erases
its free text everywhere at once (`domain.free_text`).

The master keys are a key ring (`master.json`, ids m1, m2, ...); the key store
is a small SQLite file (`data-keys.sqlite`) that overwrites what it deletes
and keeps no write-ahead log, so a destroyed key leaves no copy in it. A
KMS can take the master ring's place behind `MasterKeys`.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    LargeBinary,
    MetaData,
    String,
    Table,
    create_engine,
    delete,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from adapters.files import private_file
from adapters.keys import KeyFileProblem, KeyRing, create, load, rotate, write

MASTER_FILE = "master.json"
STORE_FILE = "data-keys.sqlite"
NONCE = 12
KEY_TTL = 1.0
"""Seconds an unwrapped key is reused in a process: a case's history decrypts
one event at a time, and a lookup each (a query) cost more than the rest."""
# Pays its way: bench/rebuild.py --quick, read+decode 54,722 vs 9,109 events/s
# and a rebuild into an empty database 24,994 vs 7,375, with and without it.

key_metadata = MetaData()
data_keys = Table(
    "data_keys",
    key_metadata,
    Column("case_id", String(36), primary_key=True),
    Column("master_id", String(16), nullable=False, index=True),
    Column("wrapped", LargeBinary, nullable=False),
    Column("created_at", DateTime, nullable=False),
)


class MasterKeys(Protocol):
    """What wraps the data keys: a key ring, or later a KMS."""

    @property
    def current_id(self) -> str: ...

    def secret(self, key_id: str) -> bytes | None: ...


def _wrap_context(case_id: UUID) -> bytes:
    return f"casebook data key {case_id}".encode()


class DataKeys:
    """The data keys of every case, each wrapped by a master key."""

    def __init__(self, key_dir: Path, *, store_is_empty: bool) -> None:
        self.key_dir = key_dir
        store = key_dir / STORE_FILE
        if not store.exists() and not store_is_empty:
            raise KeyFileProblem(
                f"{store} is missing, but the store already holds cases, "
                "encrypted with its keys: restore the key folder's backup "
                "(CASEBOOK_KEY_DIR names where it is)"
            )
        self.engine = _store_engine(private_file(store))
        key_metadata.create_all(self.engine)
        self.master = self._master_ring()
        self._unwrapped: dict[UUID, tuple[float, bytes]] = {}

    def _master_ring(self) -> KeyRing:
        """The master keys; made on first start, and required as soon as any
        data key is wrapped by them, each by the id it is wrapped with."""
        with self.engine.connect() as connection:
            used = set(connection.execute(select(data_keys.c.master_id).distinct())
                       .scalars())  # fmt: skip
        path = self.key_dir / MASTER_FILE
        if not path.exists() and not used:
            try:
                return create(path, "m")
            except FileExistsError:  # another process created it first
                pass
        ring = load(path) if path.exists() else KeyRing("", {})
        missing = sorted(used - set(ring.secrets))
        if missing:
            raise KeyFileProblem(
                f"the data keys are wrapped by master key {', '.join(missing)}, "
                f"which {path} does not hold: restore it"
            )
        return ring

    def key(self, case_id: UUID, *, create: bool = False) -> bytes | None:
        """The case's data key; a new one if `create` and it has none; None
        if it has none (never had, or erased)."""
        now = time.monotonic()
        held = self._unwrapped.get(case_id)
        if held is not None and now - held[0] < KEY_TTL:
            return held[1]
        with self.engine.connect() as connection:
            found = connection.execute(
                select(data_keys.c.master_id, data_keys.c.wrapped)
                .where(data_keys.c.case_id == str(case_id))
            ).first()  # fmt: skip
        if found is None:
            if not create:
                self._unwrapped.pop(case_id, None)
                return None
            return self._create(case_id)
        secret = self._unwrap(case_id, found.master_id, found.wrapped)
        self._unwrapped[case_id] = (now, secret)
        return secret

    def _create(self, case_id: UUID) -> bytes:
        secret = AESGCM.generate_key(bit_length=256)
        row = {"case_id": str(case_id), "master_id": self.master.current_id,
               "wrapped": self._wrap(case_id, secret),
               "created_at": datetime.now(UTC).replace(tzinfo=None)}  # fmt: skip
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(data_keys), row)
        except IntegrityError:  # another process made it first
            found = self.key(case_id)
            assert found is not None
            return found
        self._unwrapped[case_id] = (time.monotonic(), secret)
        return secret

    def destroy(self, case_id: UUID) -> bool:
        """Destroy the case's key (erasure); whether there was one."""
        self._unwrapped.pop(case_id, None)
        with self.engine.begin() as connection:
            gone = connection.execute(
                delete(data_keys).where(data_keys.c.case_id == str(case_id))
            ).rowcount
        return bool(gone)

    def rotate_master(self) -> tuple[str, int]:
        """A new current master key, and every data key wrapped again under
        it; returns (its id, how many keys were re-wrapped). No event changes."""
        self.master = rotate(self.key_dir / MASTER_FILE, "m")
        rewrapped = 0
        with self.engine.begin() as connection:
            for row in list(connection.execute(select(data_keys))):
                case_id = UUID(row.case_id)
                secret = self._unwrap(case_id, row.master_id, row.wrapped)
                connection.execute(
                    update(data_keys)
                    .where(data_keys.c.case_id == row.case_id)
                    .values(master_id=self.master.current_id,
                            wrapped=self._wrap(case_id, secret))
                )  # fmt: skip
                rewrapped += 1
        return self.master.current_id, rewrapped

    def retire_master(self, key_id: str) -> None:
        """Remove an old master key once no data key is wrapped by it."""
        if key_id == self.master.current_id:
            raise KeyFileProblem(f"{key_id} is the current master key")
        if key_id not in self.master.secrets:
            raise KeyFileProblem(f"there is no master key {key_id}")
        with self.engine.connect() as connection:
            using = connection.execute(
                select(data_keys.c.case_id).where(data_keys.c.master_id == key_id)
            ).first()
        if using is not None:
            raise KeyFileProblem(
                f"data keys are still wrapped by {key_id}: run casebook keys "
                "rotate first"
            )
        secrets = {k: v for k, v in self.master.secrets.items() if k != key_id}
        self.master = KeyRing(self.master.current_id, secrets)
        write(self.key_dir / MASTER_FILE, self.master)

    def in_use(self) -> dict[str, int]:
        """How many data keys each master key wraps."""
        counts = {key_id: 0 for key_id in self.master.secrets}
        with self.engine.connect() as connection:
            for row in connection.execute(select(data_keys.c.master_id)):
                counts[row.master_id] = counts.get(row.master_id, 0) + 1
        return counts

    def _wrap(self, case_id: UUID, secret: bytes) -> bytes:
        nonce = os.urandom(NONCE)
        master = self.master.current
        return nonce + AESGCM(master).encrypt(nonce, secret, _wrap_context(case_id))

    def _unwrap(self, case_id: UUID, master_id: str, wrapped: bytes) -> bytes:
        master = self.master.secret(master_id)
        if master is None:  # rotated by another process since this one read it
            self.master = load(self.key_dir / MASTER_FILE)
            master = self.master.secret(master_id)
        if master is None:
            raise KeyFileProblem(f"the data key of case {case_id} needs master "
                                 f"key {master_id}, which is missing")  # fmt: skip
        try:
            return AESGCM(master).decrypt(wrapped[:NONCE], wrapped[NONCE:],
                                          _wrap_context(case_id))  # fmt: skip
        except InvalidTag:
            raise KeyFileProblem(
                f"the data key of case {case_id} does not unwrap: the key store "
                "was altered"
            ) from None

    def close(self) -> None:
        self.engine.dispose()


def _store_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # A deleted key is overwritten in the file, and no log keeps a copy.
        dbapi_connection.execute("PRAGMA secure_delete=ON")
        dbapi_connection.execute("PRAGMA journal_mode=DELETE")

    return engine
