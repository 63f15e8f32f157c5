"""Marshmallow schemas for every request and response; the OpenAPI document comes from them."""
