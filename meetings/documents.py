"""The meetings' PDF documents: the agenda, each reader's pack (with their permitted PDF
papers appended), Part I minutes (public once approved), Part II minutes and a reader's
copy of all the minutes, and the declarations made at a meeting.

Each is built for one requester from ``meetings.selectors.documents`` and the meeting
screens' presenters, which leave out whatever that person is excluded from, so a PDF
never holds more than the page it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.loader import render_to_string

from core.documents.content import AttachmentRef, DocumentContent, Section
from core.documents.kinds import DocumentKind, register_document_kind
from core.pdf.merge import can_append
from meetings.access import can_record, meeting_for_user, sees_everything
from meetings.models import Meeting
from meetings.selectors.documents import (
    WITHHELD_NOTICE,
    part_one_minutes,
    readable_minutes,
)
from meetings.selectors.screens import (
    agenda_screen,
    approved_meeting,
    conduct_screen,
    public_items,
    reader_entries,
)

AGENDA = "meetings.agenda"
PACK = "meetings.pack"
MINUTES_PART_ONE = "meetings.minutes_part_one"
MINUTES_PART_TWO = "meetings.minutes_part_two"
MINUTES_MINE = "meetings.minutes_mine"
DECLARATIONS = "meetings.declarations"

PDF = "application/pdf"


def _meeting_pk(params: Mapping[str, str]) -> int:
    try:
        return int(params.get("meeting", ""))
    except ValueError:
        raise Http404("No such meeting") from None


def _meeting(user: Any, params: Mapping[str, str]) -> Meeting:
    return meeting_for_user(user, _meeting_pk(params))


def _slug(meeting: Meeting, what: str) -> str:
    return f"{what}-{meeting.date.isoformat()}"


def agenda(user: Any, params: Mapping[str, str]) -> DocumentContent:
    meeting = _meeting(user, params)
    screen = agenda_screen(meeting, user)
    html = render_to_string(
        "meetings/pdf/agenda.html",
        {"meeting": meeting, "screen": screen, "withheld_notice": WITHHELD_NOTICE},
    )
    return DocumentContent(
        title=f"Agenda: {meeting.display_title}",
        subtitle=meeting.committee.name,
        sections=[Section(html=html)],
        filename=_slug(meeting, "agenda"),
    )


def pack(user: Any, params: Mapping[str, str]) -> DocumentContent:
    meeting = _meeting(user, params)
    entries = reader_entries(meeting, user)
    attachments = []
    appended: set[int] = set()
    for entry in entries:
        for paper in entry.papers:
            name = paper.file.name or ""
            path = Path(settings.MEDIA_ROOT) / name
            if paper.content_type == PDF and can_append(path):
                appended.add(paper.pk)
                attachments.append(
                    AttachmentRef(
                        title=f"Item {entry.item.number}: {paper.title}",
                        storage_name=name,
                        sha256=paper.sha256,
                    )
                )
    html = render_to_string(
        "meetings/pdf/pack.html",
        {
            "meeting": meeting,
            "entries": entries,
            "appended": appended,
            "withheld_notice": WITHHELD_NOTICE,
        },
    )
    return DocumentContent(
        title=f"Agenda pack: {meeting.display_title}",
        subtitle=f"{meeting.committee.name}. Only the items and papers this reader may receive.",
        sections=[Section(html=html)],
        attachments=attachments,
        filename=_slug(meeting, "agenda-pack"),
    )


def _minutes(
    meeting: Meeting, document: Any, *, heading: str, restricted: bool, items: Any = None
) -> str:
    return render_to_string(
        "meetings/pdf/minutes.html",
        {
            "meeting": meeting,
            "document": document,
            "items": items,
            "heading": heading,
            "restricted": restricted,
            "approved": meeting.status == Meeting.Status.MINUTES_APPROVED,
            "withheld_notice": WITHHELD_NOTICE,
        },
    )


def minutes_part_one(user: Any, params: Mapping[str, str]) -> DocumentContent:
    meeting = approved_meeting(_meeting_pk(params))
    document = part_one_minutes(meeting)
    html = _minutes(
        meeting,
        document,
        heading="Part I minutes (public)",
        restricted=False,
        items=public_items(document),
    )
    return DocumentContent(
        title=f"Minutes of {meeting.display_title}",
        subtitle=f"{meeting.committee.name}. Part I minutes (public)",
        sections=[Section(html=html)],
        public=True,
        filename=_slug(meeting, "minutes"),
    )


def minutes_part_two(user: Any, params: Mapping[str, str]) -> DocumentContent:
    meeting = _meeting(user, params)
    document = readable_minutes(meeting, user, part="II")
    html = _minutes(meeting, document, heading="Part II minutes (restricted)", restricted=True)
    return DocumentContent(
        title=f"Part II minutes: {meeting.display_title}",
        subtitle=f"{meeting.committee.name}. Restricted: do not share.",
        sections=[Section(html=html)],
        filename=_slug(meeting, "minutes-part-2"),
    )


def minutes_mine(user: Any, params: Mapping[str, str]) -> DocumentContent:
    meeting = _meeting(user, params)
    document = readable_minutes(meeting, user, part=None)
    html = _minutes(meeting, document, heading="Minutes: Part I and Part II", restricted=True)
    return DocumentContent(
        title=f"Minutes of {meeting.display_title} (Part I and Part II)",
        subtitle=f"{meeting.committee.name}. Restricted: do not share.",
        sections=[Section(html=html)],
        filename=_slug(meeting, "minutes-copy"),
    )


def declarations(user: Any, params: Mapping[str, str]) -> DocumentContent:
    meeting = _meeting(user, params)
    if not (can_record(user, meeting) or sees_everything(user, meeting)):
        raise PermissionDenied(
            "Only the secretary, the chair, the Guardian and auditors see this record."
        )
    screen = conduct_screen(meeting, user)
    decisions = readable_minutes(meeting, user, part=None).declarations
    html = render_to_string(
        "meetings/pdf/declarations.html",
        {"meeting": meeting, "made": screen.declarations, "decisions": decisions},
    )
    return DocumentContent(
        title=f"Declarations of interest: {meeting.display_title}",
        subtitle=f"{meeting.committee.name}. Restricted.",
        sections=[Section(html=html)],
        landscape=True,
        filename=_slug(meeting, "declarations"),
    )


def register_documents() -> None:
    for name, label, build in (
        (AGENDA, "Agenda", agenda),
        (PACK, "Agenda pack", pack),
        (MINUTES_PART_ONE, "Part I minutes", minutes_part_one),
        (MINUTES_PART_TWO, "Part II minutes", minutes_part_two),
        (MINUTES_MINE, "A reader's copy of the minutes", minutes_mine),
        (DECLARATIONS, "Declarations made at a meeting", declarations),
    ):
        register_document_kind(DocumentKind(name, label, build, ("meeting",)))
