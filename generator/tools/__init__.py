"""Editors' tools around the build: serve, scaffold (new/init), annotate, imports."""
