"""The scale benchmark: `make bench` runs it on PostgreSQL against seed_scale data.

It prints one table and writes ``bench/results.json`` (machine, figures and a
``targets`` list of ``{name, target, measured, unit, met}``). Nothing here asserts
on time: a missed target is reported as ``met: false``.
"""
