"""Tests of the HTTP API through Flask's test client, and its OpenAPI conformance."""
