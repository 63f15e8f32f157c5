"""Marshmallow schemas of every request and response; the OpenAPI document's source."""
