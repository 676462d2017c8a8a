"""Generators for the tables pages show, one module per page slug.

A page asks for one with a line of its own, `<!-- gen: <module>.<function> -->`; the MkDocs hook
(`scripts/docs_hooks.py`) replaces it with what `scripts/tables/<module>.py:<function>()` returns.
Generators read the snippets' own data, so a page cannot disagree with the code it documents.
"""
