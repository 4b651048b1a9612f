"""The rules core: every decision of RULES.md that needs no database, as pure functions of plain values
and a provider's Policy. Imports nothing from Django or the rest of microcred (import-linter checks it)."""
