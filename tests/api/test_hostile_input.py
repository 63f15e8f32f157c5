"""Hostile input to every write, as ARCHITECTURE.md's trust model has it: a
client with a valid token sends any bytes; Casebook refuses them with a 4xx
problem+json naming the field, records nothing, and goes on serving.

Each write gets, in every string it takes, control characters and lone
surrogates; in every identifier, what the one identifier character set
(domain/limits.py IDENTIFIER_PATTERN) leaves out; in every integer, numbers
out of its range and too long to read; and as its body, JSON nested too deep.
The same for identifiers in paths and for query parameters. After each barrage
the operation's state is as it was, and the valid request still succeeds.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from flask import Flask
from flask.testing import FlaskClient
from marshmallow import Schema, fields, validate

from bootstrap import Services
from domain import limits
from tests.api.bodies import ASSESSMENT, SIGNING_SECRET
from tests.api.driver import Api, problem
from tests.api.test_users import created
from tests.api.test_writes import EXAMPLES
from web.resources import BLUEPRINTS
from web.resources.records import WRITES
from web.schemas.vocab import Flag, Integer, Text

HOSTILE_TEXT = {
    "NUL": "x\x00y",
    "bell": "x\x07y",
    "escape": "\x1b[2J",
    "vertical tab": "x\x0by",
    "DEL": "x\x7f",
    "C1 next line": "x\x85y",
    "lone high surrogate": "x\ud800y",
    "lone low surrogate": "\udfff",
}
NOT_IDENTIFIERS = {
    "65 characters": "x" * (limits.IDENTIFIER + 1),
    "empty": "",
    "leading dash": "-x",
    "leading dot": ".x",
    "space": "a b",
    "trailing newline": "x\n",
    "tab": "a\tb",
    "slash": "a/b",
    "non-ASCII": "caf\u00e9",
    "NUL": "x\x00",
}
IDENTIFIER_FIELDS = {
    "client_ref", "supervisor_ids", "goal_id", "goal_ids", "technique",
    "techniques_used", "supervisor_id", "user_id", "ref",
}  # fmt: skip
OUT_OF_RANGE = [-1, 10**10, 10**30, 2**63, -(2**63) - 1]
FRACTIONS = [1.5, 2.0, 0.5, 1e-300]
NOT_FLAGS = [0, 1, -0.0, "true", "false", "yes", "on", "1", None]
NOT_DATES = ["20260112", "2026-W03-1", "2026-1-12", "2026-02-30", "12/01/2026"]
TOO_LONG_TO_READ = "9" * 5000
DEEP = 100_000

# Optional text the examples of tests/api/test_writes.py leave out, so that
# every string field is attacked.
EXTRAS: dict[str, dict[str, Any]] = {
    "assessments": {
        "basic_id": {
            **ASSESSMENT["basic_id"],
            "affect": {"severity": 2, "note": "Flat"},
        }
    },
    "goals/<goal_id>/status": {"note": "Sleeps six hours"},
    "techniques": {"note": "Opens each session"},
    "phase-transitions": {"reason": "Stable for a month"},
    "sessions": {"note": "Calmer"},
    "signatures": {"comment": "Accurate"},
    "reopening": {"summary": "Back after a relapse"},
}

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Target:
    """One write: how to send it validly, and what it would change."""

    label: str
    method: str
    url: str
    body: dict[str, Any] | None
    user: str
    state: Callable[[], Any]
    if_match: Callable[[], int] | None = None


def _case_target(api: Api, case_id: UUID, path: str) -> Target:
    write = next(write for write in WRITES if write.path == path)
    example = EXAMPLES[path]
    body = example.prepare(api, case_id)
    if body is not None:
        body = {**body, **EXTRAS.get(path, {})}
    return Target(
        f"{write.method} {path}", write.method, f"/api/cases/{case_id}/{example.url}",
        body, example.writer,
        state=lambda: (api.version(case_id), len(api.history(case_id))),
        if_match=lambda: api.version(case_id),
    )  # fmt: skip


def _other_target(api: Api, services: Services, name: str) -> Target:
    def users() -> Any:
        return api.as_("admin").get("/api/users").get_json()

    def caseload() -> Any:
        return api.get("/api/cases/").get_json()["total"]

    def secret() -> Any:
        return services.accounts.check_signing_secret("dr-rivera", SIGNING_SECRET)

    if name == "open a case":
        return Target(
            "POST /api/cases/", "POST", "/api/cases/",
            {"client_ref": "client-9", "strategy": "technical_eclecticism",
             "supervisor_ids": ["dr-okafor"]},
            "dr-rivera", caseload,
        )  # fmt: skip
    if name == "create a user":
        return Target(
            "POST /api/users", "POST", "/api/users",
            {"user_id": "dr-novak", "role": "clinician", "display_name": "Dr Novak"},
            "admin", users,
        )  # fmt: skip
    if name == "change a role":
        return Target(
            "PUT /api/users/{user_id}/role", "PUT", "/api/users/dr-chen/role",
            {"role": "supervisor"}, "admin", users,
        )  # fmt: skip
    if name == "set one's signing secret":
        return Target(
            "PUT /api/me/signing-secret", "PUT", "/api/me/signing-secret",
            {"secret": "another-secret", "current_secret": SIGNING_SECRET},
            "dr-rivera", lambda: (users(), secret()),
        )  # fmt: skip
    assert name == "enroll"
    return Target(
        "POST /api/enrollment", "POST", "/api/enrollment",
        {"user_id": "dr-novak", "code": created(api, "dr-novak"),
         "signing_secret": "novak-secret"},
        "admin", users,
    )  # fmt: skip


TARGETS = [w.path for w in WRITES if EXAMPLES[w.path].body is not None] + [
    "open a case", "create a user", "change a role", "set one's signing secret",
    "enroll",
]  # fmt: skip


def _leaves(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def _replaced(body: Any, path: Path, value: Any) -> Any:
    changed = copy.deepcopy(body)
    inner = changed
    for step in path[:-1]:
        inner = inner[step]
    inner[path[-1]] = value
    return changed


def _field(path: Path) -> str:
    """The name a problem gives the field at `path`: its innermost key."""
    return next(str(step) for step in reversed(path) if isinstance(step, str))


def _names(body: dict[str, Any], field: str) -> bool:
    return any(field in re.split(r"[.\[\]]", name) for name in body.get("errors", {}))


class Sender:
    def __init__(self, api: Api, client: FlaskClient, target: Target) -> None:
        self.api, self.client, self.target = api.as_(target.user), client, target

    def headers(self) -> dict[str, str]:
        version = self.target.if_match
        return self.api.headers(None if version is None else version())

    def json(self, body: Any, url: str | None = None) -> Any:
        return self.client.open(
            url or self.target.url, method=self.target.method, json=body,
            headers=self.headers(),
        )  # fmt: skip

    def raw(self, data: str, url: str | None = None) -> Any:
        return self.client.open(
            url or self.target.url, method=self.target.method, data=data,
            content_type="application/json", headers=self.headers(),
        )  # fmt: skip

    def refused(self, response: Any, field: str, what: str) -> None:
        found = problem(response, 422)
        assert _names(found, field), f"{self.target.label} {what}: {found}"

    def refuses_each(self, paths: list[Path], values: Any) -> None:
        """Each of `values` at each of `paths` is refused naming its field,
        and nothing is recorded."""
        before = self.target.state()
        for path in paths:
            for value in values:
                response = self.json(_replaced(self.target.body, path, value))
                self.refused(response, _field(path), f"{value!r} in {path}")
        self.still_works(before)

    def still_works(self, before: Any) -> None:
        assert self.target.state() == before, f"{self.target.label} recorded"
        response = self.json(self.target.body)
        assert response.status_code in (200, 201, 204), response.get_json()


def _integers(body: Any) -> list[Path]:
    """Where `body` holds an integer."""
    leaves = _leaves(body)
    return [p for p, v in leaves if isinstance(v, int) and not isinstance(v, bool)]


@pytest.fixture
def target(
    request: pytest.FixtureRequest, api: Api, services: Services, case_id: UUID
) -> Target:
    name: str = request.param
    if name in EXAMPLES:
        return _case_target(api, case_id, name)
    return _other_target(api, services, name)


each_target = pytest.mark.parametrize("target", TARGETS, indirect=True)
# Which writes take identifiers, integers and strings (checked as they run).
WITH_IDENTIFIERS = [
    "goals", "techniques", "rationales", "sessions", "corrections", "supervisors",
    "open a case", "create a user", "enroll",
]  # fmt: skip
WITH_INTEGERS = [
    "assessments", "alliance-measures", "outcome-measures", "supervision-notes",
    "review-requests", "signatures", "corrections",
]  # fmt: skip
WITH_STRINGS = [name for name in TARGETS if name != "review-requests"]
WITH_FLAGS = ["goals", "rationales"]
WITH_DATES = ["sessions", "alliance-measures", "outcome-measures"]
WITH_IDENTIFIER_LISTS = ["techniques", "rationales", "sessions", "open a case"]


class TestEveryWriteRefusesHostileBodies:
    @pytest.mark.parametrize("target", WITH_STRINGS, indirect=True)
    def test_control_characters_and_lone_surrogates_in_any_string(
        self, api: Api, client: FlaskClient, target: Target
    ) -> None:
        send = Sender(api, client, target)
        before = target.state()
        strings = [(p, v) for p, v in _leaves(target.body) if isinstance(v, str)]
        assert strings
        for path, value in strings:
            for what, hostile in HOSTILE_TEXT.items():
                spliced = value[:1] + hostile + value[1:]
                response = send.json(_replaced(target.body, path, spliced))
                send.refused(response, _field(path), f"{what} in {path}")
        send.still_works(before)

    @pytest.mark.parametrize("target", WITH_IDENTIFIERS, indirect=True)
    def test_what_no_identifier_may_be_in_any_identifier(
        self, api: Api, client: FlaskClient, target: Target
    ) -> None:
        ids = [
            (p, v) for p, v in _leaves(target.body) if _field(p) in IDENTIFIER_FIELDS
        ]
        assert ids
        send = Sender(api, client, target)
        before = target.state()
        for path, _ in ids:
            for what, hostile in NOT_IDENTIFIERS.items():
                response = send.json(_replaced(target.body, path, hostile))
                send.refused(response, _field(path), f"{what} in {path}")
        send.still_works(before)

    @pytest.mark.parametrize("target", WITH_INTEGERS, indirect=True)
    def test_integers_out_of_range_or_too_long_to_read(
        self, api: Api, client: FlaskClient, target: Target
    ) -> None:
        ints = _integers(target.body)
        assert ints
        send = Sender(api, client, target)
        before = target.state()
        for path in ints:
            for number in OUT_OF_RANGE:
                response = send.json(_replaced(target.body, path, number))
                send.refused(response, _field(path), f"{number} in {path}")
            for unreadable in (TOO_LONG_TO_READ, "-" + TOO_LONG_TO_READ, "NaN"):
                marker = "__NUMBER__"
                data = json.dumps(_replaced(target.body, path, marker))
                response = send.raw(data.replace(f'"{marker}"', unreadable))
                send.refused(response, "body", f"{unreadable[:9]} in {path}")
        send.still_works(before)

    @pytest.mark.parametrize("target", WITH_INTEGERS, indirect=True)
    def test_fractions_in_any_integer(
        self, api: Api, client: FlaskClient, target: Target
    ) -> None:
        # marshmallow's Integer cut 1.5 to 1 and recorded it.
        Sender(api, client, target).refuses_each(_integers(target.body), FRACTIONS)

    @pytest.mark.parametrize("target", WITH_FLAGS, indirect=True)
    def test_anything_but_true_or_false_in_any_flag(
        self, api: Api, client: FlaskClient, target: Target
    ) -> None:
        # marshmallow's Boolean took 0 and "yes" (and -0.0) and recorded them.
        flags = [p for p, v in _leaves(target.body) if isinstance(v, bool)]
        assert flags
        Sender(api, client, target).refuses_each(flags, NOT_FLAGS)

    @pytest.mark.parametrize("target", WITH_IDENTIFIER_LISTS, indirect=True)
    def test_an_identifier_named_twice_in_any_list(
        self, api: Api, client: FlaskClient, target: Target
    ) -> None:
        # Recorded as sent: up to a megabyte of one id, repeated.
        assert target.body is not None
        lists = [
            key
            for key, value in target.body.items()
            if key in IDENTIFIER_FIELDS and isinstance(value, list) and value
        ]
        assert lists
        send = Sender(api, client, target)
        before = target.state()
        for key in lists:
            twice = {**target.body, key: target.body[key] * 2}
            send.refused(send.json(twice), key, f"{key} named twice")
        send.still_works(before)

    @pytest.mark.parametrize("target", WITH_DATES, indirect=True)
    def test_a_date_in_any_form_but_yyyy_mm_dd(
        self, api: Api, client: FlaskClient, target: Target
    ) -> None:
        # Python's date.fromisoformat() reads "20260112" and "2026-W03-1" too.
        Sender(api, client, target).refuses_each([("session_date",)], NOT_DATES)

    @each_target
    def test_json_nested_too_deep(
        self, api: Api, client: FlaskClient, target: Target
    ) -> None:
        send = Sender(api, client, target)
        before = target.state()
        send.refused(send.raw("[" * DEEP + "]" * DEEP), "body", "deep arrays")
        send.refused(send.raw('{"a":' * DEEP + "1" + "}" * DEEP), "body", "deep")
        path, _ = next(_leaves(target.body))
        just_over: list[Any] = [[]]
        for _ in range(limits.MAX_JSON_DEPTH - len(path) - 1):
            just_over = [just_over]
        response = send.json(_replaced(target.body, path, just_over))
        send.refused(response, "body", f"{limits.MAX_JSON_DEPTH + 1} deep")
        # One level less reaches the schema, which names the field.
        response = send.json(_replaced(target.body, path, just_over[0]))
        send.refused(response, _field(path), f"{limits.MAX_JSON_DEPTH} deep")
        send.still_works(before)


PATH_WRITES = [
    ("goals/<goal_id>/status", "goal_id", "g-1"),
    ("techniques/<technique>/discontinuation", "technique", "grounding"),
    ("supervisors/<supervisor_id>", "supervisor_id", "dr-okafor"),
]
USER_PATHS = [
    ("PUT", "/api/users/{}/role", {"role": "supervisor"}),
    ("POST", "/api/users/{}/enrollment-codes", None),
    ("DELETE", "/api/users/{}/tokens", None),
]
NOT_IDENTIFIERS_IN_PATHS = {
    "NUL": "g%00", "bell": "%07g", "escape": "%1B", "DEL": "g%7F",
    "surrogate bytes": "%ED%A0%80", "65 characters": "x" * 65, "leading dash": "-g",
    "space": "a%20b", "non-ASCII": "caf%C3%A9", "newline": "g%0A",
}  # fmt: skip


class TestEveryPathIdentifierIsChecked:
    @pytest.mark.parametrize(("write", "parameter", "valid"), PATH_WRITES)
    def test_on_a_case(
        self, api: Api, client: FlaskClient, case_id: UUID, write: str,
        parameter: str, valid: str,
    ) -> None:  # fmt: skip
        target = _case_target(api, case_id, write)
        send = Sender(api, client, target)
        before = target.state()
        for what, hostile in NOT_IDENTIFIERS_IN_PATHS.items():
            url = target.url.replace(f"/{valid}", f"/{hostile}")
            send.refused(send.json(target.body, url), parameter, what)
        send.still_works(before)

    @pytest.mark.parametrize(("method", "path", "body"), USER_PATHS)
    def test_on_a_user(
        self, api: Api, method: str, path: str, body: dict[str, Any] | None
    ) -> None:
        admin = api.as_("admin")
        users = admin.get("/api/users").get_json()
        for what, hostile in NOT_IDENTIFIERS_IN_PATHS.items():
            response = admin.send(method, path.format(hostile), body)
            found = problem(response, 422, "user_id")
            assert found["errors"]["user_id"], what
        assert admin.get("/api/users").get_json() == users
        assert api.as_("dr-chen").get("/api/cases/").status_code == 200
        assert admin.send(method, path.format("dr-chen"), body).status_code < 300


QUERIES = [
    ("/api/cases/", {"status": "open\x00"}, "status", "dr-rivera"),
    ("/api/cases/", {"limit": 10**30}, "limit", "dr-rivera"),
    ("/api/cases/", {"offset": -1}, "offset", "dr-rivera"),
    ("/api/cases/", {"offset": 10**10}, "offset", "dr-rivera"),
    ("/api/cases/{case_id}", {"version": 10**30}, "version", "dr-rivera"),
    ("/api/cases/{case_id}", {"version": "9" * 5000}, "version", "dr-rivera"),
    ("/api/cases/{case_id}/diff", {"from": 0, "to": 4}, "from", "dr-rivera"),
    ("/api/cases/{case_id}/diff", {"from": 1, "to": 10**30}, "to", "dr-rivera"),
    ("/api/cases/{case_id}/replay", {"limit": 501}, "limit", "dr-okafor"),
    ("/api/cases/{case_id}/export", {"format": "jsonl\x00"}, "format", "auditor-kim"),
    ("/api/audit/changes", {"actor_id": "dr-rivera\x00"}, "actor_id", "auditor-kim"),
    ("/api/audit/changes", {"actor_id": "x" * 65}, "actor_id", "auditor-kim"),
    ("/api/audit/changes", {"event_type": "\x07"}, "event_type", "auditor-kim"),
    ("/api/audit/reads", {"actor_id": "\x1b[2J"}, "actor_id", "auditor-kim"),
    ("/api/audit/reads", {"actor_id": "-x"}, "actor_id", "auditor-kim"),
    ("/api/supervision-queue/", {"limit": 0}, "limit", "dr-okafor"),
]
VALID_QUERIES = {"/api/cases/{case_id}/diff": {"from": 1, "to": 4}}


class TestEveryQueryParameterIsChecked:
    @pytest.mark.parametrize(("path", "query", "field", "user"), QUERIES)
    def test_refused_naming_the_parameter(
        self, api: Api, case_id: UUID, path: str, query: dict[str, Any],
        field: str, user: str,
    ) -> None:  # fmt: skip
        url = path.format(case_id=case_id)
        problem(api.as_(user).get(url, query), 422, field)
        assert api.as_(user).get(url, VALID_QUERIES.get(path)).status_code == 200


def _argument_schemas(location: str | None = None) -> Iterator[tuple[str, Schema]]:
    """Every schema a request's arguments load with (only those of a body, for
    `location="json"`)."""
    for blueprint in BLUEPRINTS:
        for endpoint, docs in blueprint._docs.items():
            for method, doc in docs.items():
                for parameter in (doc or {}).get("arguments", {}).get("parameters", []):
                    if location in (None, parameter["in"]):
                        yield f"{method.upper()} {endpoint}", parameter["schema"]


def _fields(schema: Schema, where: str) -> Iterator[tuple[str, fields.Field[Any]]]:
    for name, field in schema.load_fields.items():
        yield from _field_and_inner(field, f"{where}.{name}")


def _field_and_inner(
    field: fields.Field[Any], where: str
) -> Iterator[tuple[str, fields.Field[Any]]]:
    yield where, field
    if isinstance(field, fields.Nested):
        yield from _fields(field.schema, where)
    elif isinstance(field, fields.List):
        yield from _field_and_inner(field.inner, f"{where}[]")
    elif isinstance(field, fields.Dict):
        for part, inner in (("keys", field.key_field), ("values", field.value_field)):
            if inner is not None:
                yield from _field_and_inner(inner, f"{where}.{part}")


class TestEveryFieldARequestCarries:
    """What the tests above send by example, checked for every field there is."""

    def test_the_schemas_are_found(self, app: Flask) -> None:
        labels = {label for label, _ in _argument_schemas()}
        assert len(labels) > 20

    def test_every_string_refuses_what_no_text_may_hold(self, app: Flask) -> None:
        plain = [
            where
            for label, schema in _argument_schemas()
            for where, field in _fields(schema, label)
            if isinstance(field, fields.String) and not isinstance(field, Text)
        ]
        assert plain == []

    def test_every_integer_has_a_range(self, app: Flask) -> None:
        unbounded = [
            where
            for label, schema in _argument_schemas()
            for where, field in _fields(schema, label)
            if isinstance(field, fields.Integer)
            and not any(
                isinstance(v, validate.Range)
                and v.min is not None
                and v.max is not None
                for v in field.validators
            )
        ]
        assert unbounded == []

    def test_every_integer_refuses_a_fraction(self, app: Flask) -> None:
        cutting = [
            where
            for label, schema in _argument_schemas()
            for where, field in _fields(schema, label)
            if isinstance(field, fields.Integer)
            and not isinstance(field, Integer)
            and not field.strict
        ]
        assert cutting == []

    def test_every_flag_in_a_body_takes_only_true_or_false(self, app: Flask) -> None:
        lenient = [
            where
            for label, schema in _argument_schemas(location="json")
            for where, field in _fields(schema, label)
            if isinstance(field, fields.Boolean) and not isinstance(field, Flag)
        ]
        assert lenient == []

    def test_every_free_form_object_is_checked_by_the_domain(self, app: Flask) -> None:
        # A correction's replacement is the only one: domain/payloads.py checks
        # it as strictly as the entry it replaces (see the tests above).
        free = [
            where
            for label, schema in _argument_schemas()
            for where, field in _fields(schema, label)
            if isinstance(field, fields.Dict) and field.value_field is None
        ]
        assert free == ["POST corrections.replacement"]
