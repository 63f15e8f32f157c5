"""Bodies of user administration, enrollment and a user's own signing secret."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain.vocabulary import Role
from web.schemas.vocab import identifier, one_of, string, text


class NewUserSchema(Schema):
    user_id = identifier(required=True)
    role = one_of(Role, required=True)
    display_name = text(load_default="", max_length=200)


class RoleSchema(Schema):
    role = one_of(Role, required=True)


class SigningSecretSchema(Schema):
    secret = string(
        required=True, load_only=True, validate=validate.Length(min=8, max=200)
    )
    current_secret = string(
        load_only=True,
        load_default=None,
        validate=validate.Length(max=200),
        metadata={"description": "required to change one"},
    )


class EnrollmentCodeSchema(Schema):
    user_id = fields.String(required=True)
    enrollment_code = fields.String(
        required=True,
        attribute="code",
        metadata={
            "description": "shown only once: hand it to the user, who exchanges "
            "it at POST /api/enrollment for their own token"
        },
    )
    expires_at = fields.DateTime(required=True)


class EnrollmentSchema(Schema):
    user_id = identifier(required=True)
    code = string(
        required=True, load_only=True, validate=validate.Length(min=1, max=200)
    )
    signing_secret = string(
        load_only=True,
        load_default=None,
        validate=validate.Length(min=8, max=200),
        metadata={
            "description": "the secret re-entered to sign: set here by a user "
            "who has none (clinicians and supervisors must), proven here by one "
            "who has"
        },
    )
