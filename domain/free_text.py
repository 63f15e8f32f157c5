"""Where a case's clinical free text lives in its events, and how it is kept
encrypted at rest.

Each event class names its free-text fields as paths (`FREE_TEXT`): "note",
"basic_id.*.note" (every modality's note), "replacement.description". What is
stored holds a ciphertext in their place, made with the case's own data key;
everything else (types, versions, actors, times, techniques, phases, scores,
goal links) stays readable, so that the audit trail, coherence and compliance
work without the key. The chain seals what is stored: a history verifies with
or without the key, and after the key is destroyed (erasure) its text reads
as ERASED.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, Protocol
from uuid import UUID

ERASED = "[erased]"
CIPHERTEXT = "_ciphertexts"
"""The attribute of an event that holds, by path, the ciphertext stored in
place of each free-text value (set when saved or read back)."""
TOKEN_KEY = "ciphertext"
"""A stored value `{"ciphertext": "..."}` is encrypted text: free text is
always a string, so no plaintext looks like one."""


class TextCipher(Protocol):
    """Encrypts and decrypts a case's free text with that case's data key."""

    def encrypt(
        self, case_id: UUID, context: bytes, plaintext: bytes, *, create: bool = True
    ) -> str | None:
        """The ciphertext, under the case's key (made if it has none and
        `create`; else None)."""
        ...

    def decrypt(self, case_id: UUID, context: bytes, token: str) -> bytes | None:
        """The plaintext; None if the case's key was destroyed (erased)."""
        ...

    def has_key(self, case_id: UUID) -> bool:
        """Whether the case has its key: not if it never had one, or it was
        destroyed (erased)."""
        ...


class TextUnreadable(ValueError):
    """A stored ciphertext does not decrypt under its case's key: altered."""


def is_token(value: object) -> bool:
    return isinstance(value, dict) and set(value) == {TOKEN_KEY}


def texts_at(state: Mapping[str, Any], patterns: tuple[str, ...]) -> Iterator[str]:
    """The concrete dotted paths of the free text the patterns find in state."""
    for pattern in patterns:
        yield from _expand(state, pattern.split("."), "")


def _expand(node: Any, parts: list[str], prefix: str) -> Iterator[str]:
    if not isinstance(node, Mapping):
        return
    head, rest = parts[0], parts[1:]
    keys = [str(k) for k in node] if head == "*" else [head] if head in node else []
    for key in keys:
        path = f"{prefix}{key}"
        if rest:
            yield from _expand(node[key], rest, path + ".")
        elif (isinstance(node[key], str) and node[key]) or is_token(node[key]):
            yield path  # an empty text says nothing: it stays as it is


def value_at(state: Mapping[str, Any], path: str) -> Any:
    node: Any = state
    for part in path.split("."):
        node = node[part]
    return node


def with_values(state: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of state with each dotted path set to its value; only the
    dictionaries on those paths are copied."""
    copied = dict(state)
    for path, value in values.items():
        node = copied
        parts = path.split(".")
        for part in parts[:-1]:
            node[part] = dict(node[part])
            node = node[part]
        node[parts[-1]] = value
    return copied


def context(case_id: UUID, version: int, path: str) -> bytes:
    """What a ciphertext is bound to: moved to another case, version or field,
    it no longer decrypts."""
    return f"{case_id}:{version}:{path}".encode()


def encrypt_texts(
    state: Mapping[str, Any],
    patterns: tuple[str, ...],
    case_id: UUID,
    version: int,
    cipher: TextCipher,
) -> dict[str, Any]:
    """The ciphertext to store in place of each free-text value, by path."""
    tokens = {}
    for path in texts_at(state, patterns):
        plaintext = json.dumps(value_at(state, path)).encode()
        token = cipher.encrypt(case_id, context(case_id, version, path), plaintext)
        assert token is not None, "made with a new key if need be"
        tokens[path] = {TOKEN_KEY: token}
    return tokens


def decrypt_texts(
    state: Mapping[str, Any],
    patterns: tuple[str, ...],
    case_id: UUID,
    version: int,
    cipher: TextCipher,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(plaintext by path, ciphertext by path) of the stored free text; text
    whose key was destroyed reads as ERASED. Plain strings (stored before
    encryption) are left as they are."""
    plain, tokens = {}, {}
    for path in texts_at(state, patterns):
        stored = value_at(state, path)
        if not is_token(stored):
            continue
        tokens[path] = stored
        opened = cipher.decrypt(case_id, context(case_id, version, path),
                                str(stored[TOKEN_KEY]))  # fmt: skip
        plain[path] = ERASED if opened is None else json.loads(opened)
    return plain, tokens
