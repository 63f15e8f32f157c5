"""How a snapshot stores the case's entries, and the erasure request waiting on
it: as plain data, read back by type."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain.case_erasure import ErasureRequest
from domain.entries import ENTRY_TYPES
from domain.plain import from_plain, plain

SNAPSHOT_VALUES: tuple[type, ...] = (*ENTRY_TYPES, ErasureRequest)
"""Every dataclass a case's state holds: without a transcoding, a snapshot
taken while one is held cannot be stored, and the write that takes it fails
after its event was recorded."""


class EntryAsPlain(Transcoding):
    """One entry type: its fields as JSON values, enums and tuples read back by
    the dataclass's field types (the JSON transcoder alone returns a StrEnum as
    a str and a tuple as a list)."""

    def __init__(self, kind: type) -> None:
        self.type = kind
        self.name = f"case_{kind.__name__}"

    def encode(self, obj: Any) -> Any:
        return plain(obj)

    def decode(self, data: Any) -> Any:
        return from_plain(self.type, data)


def register_entry_transcodings(transcoder: JSONTranscoder) -> None:
    for kind in SNAPSHOT_VALUES:
        transcoder.register(EntryAsPlain(kind))
