"""Issued documents: every PDF the service makes, its reference and SHA-256, the background
job that renders it, and the "check a document" lookup. Apps describe what a document
holds (``core.documents.kinds``); the kernel renders, stores, serves and verifies it."""
