"""Shared infrastructure, which imports no app of Parvis (an import-linter contract in
pyproject.toml): generation counters, caches, work handed to Celery and its durable outbox,
send-once forms, publication rate limits, protected files, deletions, shared StreamField
blocks, key-list fields, searchable pages and Open Graph previews. Apps plug into it; it knows
none of them. The rest of `cms/` is the project: settings, URLs, the reference data and the
demo, which may know every app."""
