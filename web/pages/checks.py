"""What the review room reads from a form or a query string, checked as the
API checks it before anything else reads it: whole numbers that int() can read,
and identifiers (domain/limits.py) that a database can store and look up."""

from __future__ import annotations

import re
from typing import Any

from wtforms.validators import ValidationError

from domain import values

DIGITS = re.compile(r"[0-9]{1,12}")
"""ASCII digits, few enough for a version or a page: str.isdigit() also takes
"²", which int() refuses, and int() reads no more than 4,300 digits."""


def whole_number(text: str, low: int, high: int) -> int | None:
    """`text` as a whole number from `low` to `high`; None if it is not one."""
    if not DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def identifier(form: Any, field: Any) -> None:
    """A WTForms validator: the field, stripped as the views strip it, is an
    identifier (PostgreSQL refused a NUL in the query it was looked up with)."""
    given = (field.data or "").strip()
    reason = values.unfit_identifier(given) if given else None
    if reason is not None:
        raise ValidationError(reason)
