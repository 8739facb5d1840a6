"""PAdES signatures with pyHanko, when a signing certificate is configured.

``PDF_SIGNING_KEY_FILE`` and ``PDF_SIGNING_CERT_FILE`` (PEM) name the key and its
certificate; ``PDF_SIGNING_KEY_PASSPHRASE`` unlocks an encrypted key and
``PDF_SIGNING_CHAIN_FILE`` adds intermediate certificates. Without them documents are
not signed: their SHA-256, recorded when they are issued, still lets anyone check them.
"""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

FIELD_NAME = "Recuse"


@dataclass(frozen=True)
class SigningIdentity:
    key_file: Path
    cert_file: Path
    passphrase: bytes | None = None
    chain_files: tuple[Path, ...] = ()


def configured_identity() -> SigningIdentity | None:
    key = settings.PDF_SIGNING_KEY_FILE
    cert = settings.PDF_SIGNING_CERT_FILE
    if not key and not cert:
        return None
    if not (key and cert):
        raise ImproperlyConfigured(
            "Set both PDF_SIGNING_KEY_FILE and PDF_SIGNING_CERT_FILE to sign PDFs, or neither."
        )
    passphrase = settings.PDF_SIGNING_KEY_PASSPHRASE
    return SigningIdentity(
        key_file=Path(key),
        cert_file=Path(cert),
        passphrase=passphrase.encode() if passphrase else None,
        chain_files=tuple(Path(p) for p in settings.PDF_SIGNING_CHAIN_FILES),
    )


def _signer(identity: SigningIdentity) -> signers.SimpleSigner:
    signer = signers.SimpleSigner.load(
        str(identity.key_file),
        str(identity.cert_file),
        ca_chain_files=tuple(str(p) for p in identity.chain_files) or None,
        key_passphrase=identity.passphrase,
    )
    if signer is None:
        raise ImproperlyConfigured(
            "The PDF signing key or certificate could not be read "
            "(check PDF_SIGNING_KEY_FILE, PDF_SIGNING_CERT_FILE and the passphrase)."
        )
    return signer


def sign_pdf(data: bytes, identity: SigningIdentity, *, reason: str, location: str) -> bytes:
    """The same PDF with an invisible PAdES signature added as an incremental update."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )
    signer = _signer(identity)
    # pyHanko signs through asyncio.run(), which refuses to run inside a thread that already
    # has an event loop (an ASGI server, or Playwright in the tests): sign in a fresh thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        out = pool.submit(signers.sign_pdf, writer, metadata, signer=signer).result()
    return out.getvalue()
