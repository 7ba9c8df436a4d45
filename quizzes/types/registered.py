"""Imports every type module so each registers itself. Add a new type's module here."""
