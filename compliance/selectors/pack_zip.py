"""Reading an audit pack zip job: only its requester ever sees it."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from compliance.models import AuditPackZip


def pack_zip_for_user(user: Any, token: uuid.UUID) -> AuditPackZip:
    """The job, for the person who asked for it; 404 for anyone else, whatever their role,
    so a link passed on reveals nothing (they ask for their own)."""
    job = get_object_or_404(AuditPackZip, token=token)
    if not getattr(user, "is_authenticated", False) or job.requested_by_id != user.pk:
        raise Http404("No such zip")
    return job
