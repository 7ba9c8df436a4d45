"""Reads of the reports app, one module per concern; ``scope`` says whom a person may see."""
