"""Data at the size of a large integrated care board, for benchmarks (``manage.py seed_scale``).

Deterministic for a given seed; bulk inserts, so the full size loads on
PostgreSQL in minutes; only ever into an empty database (see ``guard``).
"""
