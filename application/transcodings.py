"""How a snapshot stores the case's entries: as plain data, read back by type."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain.entries import ENTRY_TYPES
from domain.plain import from_plain, plain


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
    for kind in ENTRY_TYPES:
        transcoder.register(EntryAsPlain(kind))
