"""Who may open a lot's bid documents: its signed, clear panel and the procurement lead only.

django-guardian object permissions on each document, recomputed in the caller's
transaction whenever the panel, a declaration, the bidders or the register change.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from guardian.models import UserObjectPermission

from procurements.models import Lot, LotDocument, PanelMember
from procurements.selectors.lot_facts import lot_check


def entitled_users(lot: Lot) -> set[int]:
    users: set[int] = {
        user_id
        for user_id in PanelMember.objects.filter(
            lot=lot,
            status=PanelMember.Status.CLEAR,
            member__is_active=True,
            member__user__is_active=True,
        ).values_list("member__user_id", flat=True)
        if user_id is not None
    }
    lead = lot.procurement.procurement_lead
    # The procurement lead sees the bids too, unless the register conflicts them with a bidder.
    lead_active = (
        lead is not None and lead.is_active and lead.user is not None and lead.user.is_active
    )
    if lead_active and not lot_check(lot, [lead]).get(lead.pk):  # type: ignore[union-attr, list-item]
        users.add(lead.user.pk)  # type: ignore[union-attr]
    return users


@transaction.atomic
def lot_access_sync(*, lot: Lot) -> tuple[int, int]:
    """Make view permissions on the lot's documents match who is entitled: (granted, revoked)."""
    content_type = ContentType.objects.get_for_model(LotDocument)
    permission = Permission.objects.get(content_type=content_type, codename="view_lotdocument")
    documents = [str(pk) for pk in LotDocument.objects.filter(lot=lot).values_list("pk", flat=True)]
    if not documents:
        return 0, 0
    wanted = {(user_id, pk) for user_id in entitled_users(lot) for pk in documents}
    existing = {
        (row.user_id, row.object_pk): row.pk
        for row in UserObjectPermission.objects.filter(
            content_type=content_type, permission=permission, object_pk__in=documents
        )
    }
    revoke = [pk for key, pk in existing.items() if key not in wanted]
    UserObjectPermission.objects.filter(pk__in=revoke).delete()
    grant = [
        UserObjectPermission(
            content_type=content_type, permission=permission, user_id=user_id, object_pk=object_pk
        )
        for user_id, object_pk in wanted - existing.keys()
    ]
    UserObjectPermission.objects.bulk_create(grant)
    return len(grant), len(revoke)
