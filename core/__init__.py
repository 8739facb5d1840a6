"""The kernel: what every app stands on, importing none of them.

The audit trail, roles, uploads and file types, CSV export, settings helpers,
form rendering in the NHS.UK design system, template tags, terminology and the
dashboard's task registry. See docs/adr/0010-one-way-layers.md.
"""
