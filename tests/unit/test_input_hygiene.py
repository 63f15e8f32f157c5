"""What no text and no identifier may hold, at the one place each is decided
(domain/limits.py, domain/values.py), and the JSON no schema should meet
(web/requests.py check_body)."""

from __future__ import annotations

import json
import re

import pytest

from application.demo_users import DEMO_USERS, SETUP
from domain import limits, values
from domain.catalogue_data import TECHNIQUES
from domain.exceptions import InvalidValue
from web.problems import BadRequestField
from web.requests import ETAG_PATTERN, check_body

FORBIDDEN = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]]
FORBIDDEN += [chr(c) for c in range(0x7F, 0xA0)] + ["\ud800", "\udbff", "\udc00"]
ALLOWED = ["\t", "\n", "\r", " ", "é", "ß", "日本", "\U0001f600", "\u00a0", "\u2028"]


class TestText:
    @pytest.mark.parametrize("character", FORBIDDEN, ids=lambda c: f"U+{ord(c):04X}")
    def test_refuses_control_characters_and_lone_surrogates_naming_the_field(
        self, character: str
    ) -> None:
        with pytest.raises(InvalidValue) as refused:
            values.text(f"before{character}after", "note")
        assert refused.value.field == "note"
        assert f"U+{ord(character):04X}" in refused.value.reason

    @pytest.mark.parametrize("character", ALLOWED)
    def test_keeps_tab_newlines_and_any_other_character(self, character: str) -> None:
        assert values.text(f"a{character}b", "note") == f"a{character}b"


IDENTIFIERS = [
    *DEMO_USERS, SETUP.actor_id, "client-1", "g-1", "g-memories", "c1",
    "dr.smith", "j.r.smith.", "x..y", "a@clinic.example", "urn:x:1", "A_B",
    "x" * limits.IDENTIFIER,
]  # fmt: skip
NOT_IDENTIFIERS = [
    "", " ", "x" * (limits.IDENTIFIER + 1), "-x", ".x", "_x", "@x", " x", "x ",
    "a b", "x\n", "\nx", "x\t", "a/b", "a\\b", "é", "x\x00", "x\ud800", "<b>",
    "a'b", 'a"b', "a%b", "a+b", "a,b", "a;b",
]  # fmt: skip


class TestIdentifier:
    @pytest.mark.parametrize("value", IDENTIFIERS)
    def test_takes_every_id_the_demo_the_tests_and_the_catalogue_use(
        self, value: str
    ) -> None:
        assert values.identifier(value, "user_id") == value

    def test_takes_every_technique_of_the_default_catalogue(self) -> None:
        for technique in TECHNIQUES:
            assert values.identifier(technique.id, "technique") == technique.id

    @pytest.mark.parametrize("value", NOT_IDENTIFIERS)
    def test_refuses_anything_else_naming_the_field(self, value: str) -> None:
        with pytest.raises(InvalidValue) as refused:
            values.identifier(value, "client_ref")
        assert refused.value.field == "client_ref"

    def test_the_pattern_means_the_same_to_python_and_to_openapi(self) -> None:
        # OpenAPI patterns are ECMA-262: `$` never matches before a final
        # newline there, and values.identifier uses fullmatch to agree.
        assert re.fullmatch(limits.IDENTIFIER_PATTERN, "x\n") is None
        assert limits.IDENTIFIER_PATTERN.startswith("^")
        assert limits.IDENTIFIER_PATTERN.endswith("$")


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


class TestBody:
    @pytest.mark.parametrize(
        "body",
        [_nested(limits.MAX_JSON_DEPTH), '{"a": ' * 31 + "[1, 2]" + "}" * 31,
         "{}", "[]", "1", '"x"', "-" + "9" * 4300, "1e999", "not json", "{"],
    )  # fmt: skip
    def test_takes_what_the_schemas_may_read_or_refuse_themselves(
        self, body: str
    ) -> None:
        check_body(body.encode())

    @pytest.mark.parametrize(
        ("body", "why"),
        [(_nested(limits.MAX_JSON_DEPTH + 1), "nest"),
         (_nested(100_000), "nest"),
         ('{"a": ' * 32 + "[1]" + "}" * 32, "nest"),
         ("[" + "[]," * 1000 + _nested(33) + "]", "nest"),
         ("9" * 4301, "digits"), ('{"n": -' + "1" * 5000 + "}", "digits"),
         ('{"n": NaN}', "NaN"), ("[Infinity]", "Infinity"), ("-Infinity", "Infinity")],
    )  # fmt: skip
    def test_refuses_naming_the_body(self, body: str, why: str) -> None:
        with pytest.raises(BadRequestField) as refused:
            check_body(body.encode())
        assert refused.value.field == "body"
        assert why in refused.value.reason

    def test_a_body_at_the_limit_is_what_json_reads(self) -> None:
        body = _nested(limits.MAX_JSON_DEPTH)
        check_body(body.encode())
        assert json.loads(body) is not None


class TestIfMatch:
    @pytest.mark.parametrize(
        ("header", "ok"),
        [('"7"', True), ('W/"7"', True), ("7", False), ('"7', False),
         ('"-1"', False), ('"' + "9" * 13 + '"', False), ('"7"\n', False)],
    )  # fmt: skip
    def test_the_documented_pattern(self, header: str, ok: bool) -> None:
        assert (re.fullmatch(ETAG_PATTERN, header) is not None) is ok
