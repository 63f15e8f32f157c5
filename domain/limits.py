"""The one set of field limits: the web schemas refuse what the domain would."""

from __future__ import annotations

IDENTIFIER = 64
"""Ids and references: a client reference, a goal id, a catalogue id, a user id."""

IDENTIFIER_PATTERN = rf"^[A-Za-z0-9][A-Za-z0-9._:@-]{{0,{IDENTIFIER - 1}}}$"
"""The one character set of every identifier (client refs, user, goal,
supervisor and technique ids): an ASCII letter or digit, then up to 63 more of
letters, digits and `. _ : @ -`. No white space, no control characters and
nothing a log line, a URL path or a PostgreSQL text column could trip on."""

IDENTIFIER_RULE = (
    "must be 1 to 64 of the letters A-Z and a-z, digits and . _ : @ -, "
    "starting with a letter or a digit"
)

TEXT_FORBIDDEN = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]"
"""What no text may hold: control characters (C0, DEL and C1) except tab,
newline and carriage return, and lone surrogates (which no UTF-8 encodes:
PostgreSQL, SQLite and the encryption at rest would all refuse them)."""

DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
"""The one form of a date (a session's): YYYY-MM-DD, which is all of ISO 8601
that Casebook takes (Python's date.fromisoformat() also reads 20260112 and
2026-W03-1)."""

TEXT = 10_000
"""Free text: notes, reasons, rationales, comments, summaries."""

GOAL_DESCRIPTION = 2_000
MODALITY_NOTE = 2_000
"""A BASIC I.D. modality's note, shown beside its severity."""

MAX_VERSION = 10**9
"""The highest version a command may name (signed, corrected, referred to)."""

MAX_OFFSET = 10**9
"""The furthest a page may start (`offset`)."""

MAX_PAGE = 500
"""The most items one page may hold (`limit`)."""

MAX_JSON_DEPTH = 32
"""How deeply a request body may nest arrays and objects (the deepest body
Casebook takes, a correction's replacement assessment, nests 4 levels)."""

CHAIN_VALUE = r"^[a-z]{1,8}[0-9]{1,6}:[0-9a-f]{64}$"
"""A chain value: the id of the key that sealed it, a colon, an HMAC-SHA256."""
