"""Request bodies of user administration and of a user's own signing secret."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain.vocabulary import Role
from web.schemas.vocab import identifier, one_of


class NewUserSchema(Schema):
    user_id = identifier(required=True)
    role = one_of(Role, required=True)
    display_name = fields.String(load_default="", validate=validate.Length(max=200))


class RoleSchema(Schema):
    role = one_of(Role, required=True)


class SigningSecretSchema(Schema):
    secret = fields.String(
        required=True, load_only=True, validate=validate.Length(min=8, max=200)
    )
    current_secret = fields.String(
        load_only=True,
        load_default=None,
        metadata={"description": "required to change one"},
    )
