"""Shared vocabularies: administrative units (localities) and OCOP product groups."""
