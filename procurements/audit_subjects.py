"""How bid documents are named in the audit trail (core.audit): only to those who may open
them (``procurements.access``: the lot's signed, clear panel and the procurement lead)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from guardian.core import ObjectPermissionChecker

from core.audit import register_audit_subject
from core.digits import is_digits
from procurements.models import LotDocument


class LotDocumentNames:
    def names_for(self, user: Any, object_ids: Collection[str]) -> Mapping[str, str]:
        ids = [int(i) for i in object_ids if is_digits(i)]
        documents = list(LotDocument.objects.select_related("lot__procurement").filter(pk__in=ids))
        checker = ObjectPermissionChecker(user)
        if documents:
            checker.prefetch_perms(documents)  # type: ignore[arg-type]
        return {
            str(d.pk): f"{d.title} ({d.lot.label})"
            for d in documents
            if checker.has_perm("view_lotdocument", d)
        }


def register() -> None:
    register_audit_subject("procurements.lotdocument", LotDocumentNames())
