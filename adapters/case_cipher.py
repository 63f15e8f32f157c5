"""`domain.free_text.TextCipher` with AES-256-GCM under each case's own key."""

from __future__ import annotations

import base64
import binascii
import os
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from adapters.data_keys import NONCE, DataKeys
from domain.free_text import TextUnreadable


class CaseCipher:
    """`domain.free_text.TextCipher` with AES-256-GCM under each case's key."""

    def __init__(self, keys: DataKeys) -> None:
        self.keys = keys

    def encrypt(
        self, case_id: UUID, context: bytes, plaintext: bytes, *, create: bool = True
    ) -> str | None:
        secret = self.keys.key(case_id, create=create)
        if secret is None:
            return None
        nonce = os.urandom(NONCE)
        sealed = nonce + AESGCM(secret).encrypt(nonce, plaintext, context)
        return base64.b64encode(sealed).decode()

    def has_key(self, case_id: UUID) -> bool:
        return self.keys.key(case_id) is not None

    def decrypt(self, case_id: UUID, context: bytes, token: str) -> bytes | None:
        secret = self.keys.key(case_id)
        if secret is None:
            return None
        try:
            sealed = base64.b64decode(token, validate=True)
            return AESGCM(secret).decrypt(sealed[:NONCE], sealed[NONCE:], context)
        except (InvalidTag, binascii.Error, ValueError):
            raise TextUnreadable(
                f"a ciphertext of case {case_id} does not decrypt: altered"
            ) from None
