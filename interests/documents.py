"""The register's PDF documents: the published and full registers of interests, the gifts
and hospitality registers, and a person's own declarations.

Each is built for one requester from the same selectors, filters and permission checks
as the page it comes from (``core.documents`` renders, stores and verifies it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone

from core.documents.content import DocumentContent, Section, Table
from core.documents.describe import filters_applied
from core.documents.kinds import DocumentKind, register_document_kind
from interests.access import member_for_user
from interests.filters import GiftRegisterFilter, RegisterFilter
from interests.forms.registers import PublishedSearchForm
from interests.models import Interest
from interests.presenters import PUBLISHED_COLUMNS, register_rows
from interests.selectors import gifts as gift_selectors
from interests.selectors import register as selectors

PUBLISHED_REGISTER = "interests.published_register"
FULL_REGISTER = "interests.full_register"
GIFTS_REGISTER = "interests.gifts_register"
GIFTS_PUBLISHED = "interests.gifts_published"
MY_DECLARATIONS = "interests.my_declarations"

# Widths of the published columns, so names and dates stay readable on a landscape page.
_PUBLISHED_WIDTHS = [10, 12, 16, 8, 8, 16, 7, 7, 16]


def _date(value: Any) -> str:
    return f"{value.day} {value:%b %Y}" if value else ""


def _register_cells(row: Any) -> list[str]:
    cells = row.published_cells()
    cells[6] = _date(row.interest.start_date) or "Start date unknown"
    cells[7] = _date(row.interest.end_date) or "Current"
    cells[8] = cells[8] or "—"
    return cells


def _stamp() -> str:
    return timezone.localdate().isoformat()


def published_register(user: Any, params: Mapping[str, str]) -> DocumentContent:
    form = PublishedSearchForm(params or None)
    entries = selectors.published_entries()
    if form.is_valid():
        entries = selectors.search_published(entries, **form.cleaned_data)
    entries_list = list(entries)
    rows = register_rows(
        entries_list, selectors.positions_held({i.declarant_id for i in entries_list})
    )
    searching = form.is_bound and form.is_valid() and any(form.cleaned_data.values())
    last_updated = selectors.register_last_updated()
    intro = render_to_string(
        "interests/pdf/published_intro.html",
        {
            "last_updated": last_updated,
            "nil_returns": [] if searching else selectors.published_nil_returns(),
            "count": len(rows),
        },
    )
    return DocumentContent(
        title="Register of interests",
        subtitle="Interests declared by decision-making staff, as published",
        filters=filters_applied(form),
        landscape=True,
        public=True,
        sections=[
            Section(
                table=Table(
                    caption="Declared interests",
                    columns=list(PUBLISHED_COLUMNS),
                    rows=[_register_cells(r) for r in rows],
                    widths=_PUBLISHED_WIDTHS,
                    fixed_layout=True,
                )
            ),
            Section(html=intro),
        ],
        filename=f"register-of-interests-{_stamp()}",
    )


def _publication(interest: Interest) -> str:
    if interest.withholding == Interest.Withholding.APPROVED:
        return "Withheld from publication (approved)"
    if interest.withholding == Interest.Withholding.REQUESTED:
        return "Withholding requested: not published until decided"
    if not interest.declarant.is_decision_maker:
        return "Not published (not a decision-maker)"
    return "Published"


def _status(interest: Interest) -> str:
    late = "; declared more than 28 days late" if interest.declared_late else ""
    return f"{interest.get_status_display()}{late}"


def full_register(user: Any, params: Mapping[str, str]) -> DocumentContent:
    if not user.has_perm("interests.view_full_register"):
        raise PermissionDenied("Only the governance team, the Guardian and auditors see this.")
    register_filter = RegisterFilter(params or None, queryset=selectors.register_entries())
    entries = list(register_filter.qs)
    rows = register_rows(entries, selectors.positions_held({i.declarant_id for i in entries}))
    withheld = {Interest.Withholding.APPROVED, Interest.Withholding.REQUESTED}
    return DocumentContent(
        title="Full register of interests",
        subtitle=(
            "Every declared entry, including those withheld from publication and long "
            "ended. Restricted: not for publication."
        ),
        filters=filters_applied(register_filter.form),
        landscape=True,
        sections=[
            Section(
                table=Table(
                    caption="Register entries",
                    columns=[*PUBLISHED_COLUMNS, "Status", "Publication"],
                    rows=[
                        [
                            *_register_cells(r),
                            r.interest.get_status_display()
                            + (
                                "; declared more than 28 days late"
                                if r.interest.declared_late
                                else ""
                            ),
                            _publication(r.interest),
                        ]
                        for r in rows
                    ],
                    marks=[
                        "Withheld from publication" if r.interest.withholding in withheld else ""
                        for r in rows
                    ],
                    widths=[*_PUBLISHED_WIDTHS, 7, 8],
                    fixed_layout=True,
                )
            )
        ],
        filename=f"register-of-interests-full-{_stamp()}",
    )


_GIFT_COLUMNS = [
    "Name",
    "Position",
    "Gift or hospitality",
    "Description",
    "Offered by",
    "Estimated value",
    "Date offered",
    "Accepted or declined",
    "Reason",
    "Senior approval by",
    "Must be declared",
]


def gifts_register(user: Any, params: Mapping[str, str]) -> DocumentContent:
    if not user.has_perm(gift_selectors.REGISTER_PERMISSION):
        raise PermissionDenied("Only the governance team, the Guardian and auditors see this.")
    filterset = GiftRegisterFilter(params or None, queryset=gift_selectors.gifts_register())
    gifts = list(filterset.qs)
    rows = []
    for cells in gift_selectors.register_csv_rows(gifts):
        # The CSV's columns: keep those a reader needs on paper.
        name, position, kind, description, offered_by, supplier, cash, value = cells[:8]
        offered_on, outcome, reason, approval, must_declare = cells[8:13]
        if supplier == "Yes":
            offered_by = f"{offered_by} (supplier or contractor)"
        if cash == "Yes":
            description = f"{description} (cash or voucher)"
        rows.append(
            [
                name,
                position,
                kind,
                description,
                offered_by,
                f"£{value}",
                offered_on,
                outcome,
                reason,
                approval,
                must_declare,
            ]
        )
    return DocumentContent(
        title="Gifts and hospitality register",
        subtitle="Every entry, accepted or declined. Restricted: not for publication.",
        filters=filters_applied(filterset.form),
        landscape=True,
        sections=[
            Section(
                table=Table(
                    caption="Gifts and hospitality, newest offer first",
                    columns=_GIFT_COLUMNS,
                    rows=rows,
                    widths=[9, 9, 7, 14, 11, 6, 7, 7, 14, 8, 6],
                )
            )
        ],
        filename=f"gifts-and-hospitality-register-{_stamp()}",
    )


def gifts_published(user: Any, params: Mapping[str, str]) -> DocumentContent:
    query = params.get("q", "")[:200]
    rows = gift_selectors.published_gifts(query=query)
    return DocumentContent(
        title="Register of gifts and hospitality",
        subtitle="Offers to decision-making staff in this and the last financial year",
        filters=[("Search", query)] if query.strip() else [],
        landscape=True,
        public=True,
        sections=[
            Section(
                table=Table(
                    caption="Gifts and hospitality",
                    columns=list(gift_selectors.PUBLISHED_CSV_HEADER),
                    rows=[
                        [
                            row.name,
                            row.positions,
                            row.kind,
                            row.description,
                            row.offered_by,
                            f"£{row.value:,.2f}",
                            _date(row.offered_on),
                            row.outcome,
                            row.reason,
                        ]
                        for row in rows
                    ],
                    widths=[11, 12, 8, 17, 13, 7, 7, 8, 17],
                )
            )
        ],
        filename=f"published-gifts-and-hospitality-{_stamp()}",
    )


def my_declarations(user: Any, params: Mapping[str, str]) -> DocumentContent:
    """A person's own record, for appraisal and revalidation: every entry they declared,
    their statements (nil returns, annual confirmations) and their gifts and hospitality."""
    member = member_for_user(user)
    mine = selectors.my_declarations(member)
    declared = mine.current + mine.past
    positions = selectors.positions_held({member.pk})
    interest_rows = register_rows(declared, positions)
    statements = list(member.declarations.order_by("-made_at"))
    intro = render_to_string(
        "interests/pdf/my_declarations.html",
        {"member": member, "mine": mine, "statements": statements},
    )
    return DocumentContent(
        title=f"Declarations of interest: {member.full_name}",
        subtitle="A record of what this person has declared, for appraisal and revalidation",
        landscape=True,
        sections=[
            Section(html=intro),
            Section(
                table=Table(
                    caption="Interests declared (current and ended)",
                    columns=[
                        "Declared interest (organisation and nature of business)",
                        "Type of interest",
                        "Direct or indirect",
                        "Nature of interest",
                        "Date from",
                        "Date to",
                        "Submitted",
                        "Status",
                        "Action taken to mitigate risk",
                    ],
                    rows=[
                        [
                            r.declared_interest,
                            r.interest.interest_type_label,
                            r.directness,
                            r.nature,
                            _date(r.interest.start_date) or "Start date unknown",
                            _date(r.interest.end_date) or "Current",
                            _date(r.interest.submitted_at),
                            r.interest.get_status_display(),
                            r.interest.action_taken or "—",
                        ]
                        for r in interest_rows
                    ],
                    widths=[18, 9, 9, 18, 7, 7, 7, 8, 17],
                )
            ),
            Section(
                table=Table(
                    caption="Gifts and hospitality",
                    columns=[
                        "Date offered",
                        "Gift or hospitality",
                        "Description",
                        "Offered by",
                        "Estimated value",
                        "Accepted or declined",
                        "Reason",
                    ],
                    rows=[
                        [
                            _date(g.offered_on),
                            g.get_kind_display(),
                            g.description,
                            g.offered_by_label,
                            f"£{g.estimated_value:,.2f}",
                            g.get_outcome_display(),
                            g.reason,
                        ]
                        for g in mine.gifts
                    ],
                    widths=[9, 10, 24, 17, 9, 10, 21],
                )
            ),
        ],
        filename=f"declarations-{member.last_name.lower()}-{_stamp()}",
    )


def register_documents() -> None:
    for name, label, build, params in (
        (
            PUBLISHED_REGISTER,
            "Register of interests",
            published_register,
            ("person", "organisation", "text"),
        ),
        (
            FULL_REGISTER,
            "Full register of interests",
            full_register,
            tuple(RegisterFilter.base_filters),
        ),
        (
            GIFTS_REGISTER,
            "Gifts and hospitality register",
            gifts_register,
            tuple(GiftRegisterFilter.base_filters),
        ),
        (GIFTS_PUBLISHED, "Published gifts and hospitality", gifts_published, ("q",)),
        (MY_DECLARATIONS, "My declarations", my_declarations, ()),
    ):
        register_document_kind(DocumentKind(name, label, build, params))
