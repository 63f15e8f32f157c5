"""Secret keys, kept in files apart from the database (never in its tables).

A key file holds named keys and which one is current: new records use the
current key, older ones keep naming the key they were made with, so a key can
be rotated without rewriting anything recorded. Files are created 0600.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from adapters.files import PRIVATE_FILE, private_dir
from domain.exceptions import CasebookError

KEY_ID = re.compile(r"^[a-z]{1,8}[0-9]{1,6}$")
KEY_BYTES = 32


class KeyFileProblem(CasebookError):
    """A key file is missing where data needs it, or cannot be read."""

    rule = "key-file"


@dataclass(frozen=True)
class KeyRing:
    """Named secrets, one of them current."""

    current_id: str
    secrets: dict[str, bytes] = field(repr=False)

    def secret(self, key_id: str) -> bytes | None:
        return self.secrets.get(key_id)

    @property
    def current(self) -> bytes:
        return self.secrets[self.current_id]


def load(path: Path) -> KeyRing:
    """The key ring in `path`; a damaged file is refused, naming it."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        current = document["current"]
        found = {
            key_id: base64.b64decode(value, validate=True)
            for key_id, value in document["keys"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, binascii.Error) as error:
        raise KeyFileProblem(f"{path}: cannot read the key file ({error})") from None
    if current not in found or any(
        not KEY_ID.match(key_id) or len(secret) != KEY_BYTES
        for key_id, secret in found.items()
    ):
        raise KeyFileProblem(f"{path}: the key file is damaged")
    return KeyRing(current, found)


def create(path: Path, prefix: str) -> KeyRing:
    """A new key file at `path` with one fresh key, `<prefix>1`."""
    ring = KeyRing(f"{prefix}1", {f"{prefix}1": secrets.token_bytes(KEY_BYTES)})
    _write(path, ring, exclusive=True)
    return ring


def rotate(path: Path, prefix: str) -> KeyRing:
    """Add a fresh key to the file at `path` and make it current; the older
    keys stay, to check what they made."""
    ring = load(path)
    numbers = [int(key_id.removeprefix(prefix)) for key_id in ring.secrets]
    key_id = f"{prefix}{max(numbers, default=0) + 1}"
    rotated = KeyRing(
        key_id, {**ring.secrets, key_id: secrets.token_bytes(KEY_BYTES)}
    )
    _write(path, rotated, exclusive=False)
    return rotated


def write(path: Path, ring: KeyRing) -> None:
    """Replace the key file at `path` with `ring` (e.g. a key retired)."""
    _write(path, ring, exclusive=False)


def _write(path: Path, ring: KeyRing, *, exclusive: bool) -> None:
    private_dir(path.parent)
    document = {
        "current": ring.current_id,
        "keys": {k: base64.b64encode(v).decode() for k, v in ring.secrets.items()},
    }
    # Staged under a name of its own: workers starting together each stage
    # theirs, and one shared name let one delete what another was linking.
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    staged = Path(name)
    os.fchmod(descriptor, PRIVATE_FILE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(document, out)
        out.flush()
        os.fsync(out.fileno())
    if exclusive:
        try:
            os.link(staged, path)  # fails if another process made one first
        finally:
            staged.unlink()
    else:
        os.replace(staged, path)


INTEGRITY_FILE = "integrity.json"


def integrity_keys(key_dir: Path, *, store_is_empty: bool) -> KeyRing:
    """The keys that seal the chain: created on the first start of an empty
    store; a store with history and no key file is refused, naming the file."""
    path = key_dir / INTEGRITY_FILE
    if path.exists():
        return load(path)
    if not store_is_empty:
        raise KeyFileProblem(
            f"{path} is missing, but the store already has a history sealed "
            "with it: restore the key file (set CASEBOOK_KEY_DIR to its folder)"
        )
    try:
        return create(path, "i")
    except FileExistsError:  # another process created it first
        return load(path)


SESSIONS_FILE = "sessions.json"


def session_keys(key_dir: Path) -> KeyRing:
    """The keys that sign the review room's cookies (CSRF tokens); made on
    first start, and losing them only signs everyone out."""
    path = key_dir / SESSIONS_FILE
    if path.exists():
        return load(path)
    try:
        return create(path, "s")
    except FileExistsError:  # another process created it first
        return load(path)
