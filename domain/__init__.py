"""Casebook's domain: the Case aggregate, vocabularies, catalogue and coherence."""
