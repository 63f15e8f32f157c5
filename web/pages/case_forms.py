"""The case pages' forms: each carries its CSRF token and the case's version
the page showed (a write on a stale version is refused, nothing recorded)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Regexp, ValidationError

from domain import limits
from web.pages.checks import whole_number

VERSION = [InputRequired(), Regexp(r"^\d{1,12}$", message="not a version number")]


class VersionedForm(FlaskForm):  # type: ignore[misc]
    version = HiddenField("Version", VERSION)

    @property
    def expected(self) -> int:
        return int(self.version.data)


class SignForm(VersionedForm):
    comment = TextAreaField(
        "Comment (required when requesting edits)", [Length(max=4000)]
    )
    signing_secret = PasswordField(
        "Your signing secret", [InputRequired("enter your signing secret"),
                                Length(max=200)]
    )  # fmt: skip
    approve = SubmitField("Approve")
    request_edits = SubmitField("Request edits")

    def validate_comment(self, field: StringField) -> None:
        if self.request_edits.data and not (field.data or "").strip():
            raise ValidationError("say which edits you request")


class NoteForm(VersionedForm):
    text = TextAreaField("Note", [InputRequired("write the note"), Length(max=4000)])
    refers_to = StringField("Versions it refers to (optional, e.g. 20, 26)")
    add = SubmitField("Add note")

    def validate_refers_to(self, field: StringField) -> None:
        if any(whole_number(v, 1, limits.MAX_VERSION) is None for v in self._given()):
            raise ValidationError("give version numbers separated by commas")

    def versions(self) -> tuple[int, ...]:
        return tuple(int(v) for v in self._given())

    def _given(self) -> list[str]:
        return (self.refers_to.data or "").replace(",", " ").split()


class ReviewRequestForm(VersionedForm):
    request = SubmitField("Request review")
