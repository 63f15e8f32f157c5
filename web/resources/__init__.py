"""One blueprint per resource; this module lists them for create_app."""

from __future__ import annotations

from flask import Blueprint
from swagger_ui_bundle import swagger_ui_path

from web.resources.audit import blp as audit
from web.resources.cases import blp as cases
from web.resources.enrollment import blp as enrol
from web.resources.health import blp as health
from web.resources.records import blp as records
from web.resources.review import blp as review
from web.resources.supervision import blp as supervision
from web.resources.trail import blp as trail
from web.resources.users import blp as users

BLUEPRINTS = [cases, records, trail, review, supervision, audit, users, enrol, health]

docs_assets = Blueprint(
    "docs_assets",
    __name__,
    static_folder=swagger_ui_path,
    static_url_path="/api/docs-assets",
)
"""Swagger UI's files, served locally: a clinic's network may not reach a CDN."""
