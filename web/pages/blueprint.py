"""The review room's one blueprint, shared by its page modules."""

from __future__ import annotations

from flask import Blueprint

pages = Blueprint(
    "pages", __name__,
    template_folder="templates", static_folder="static", static_url_path="/static",
)  # fmt: skip
