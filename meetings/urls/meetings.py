"""Meetings, agendas, the meeting itself, packs, papers and minutes (mounted at the site root)."""

from django.urls import path

from meetings.views import (
    calendar,
    conduct,
    declarations,
    discussion,
    documents,
    entries,
    meetings,
    minutes,
)

urlpatterns = [
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/calendar/", calendar.calendar_link, name="calendar_link"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/publish/", meetings.meeting_publish, name="meeting_publish"),
    path("meetings/<int:pk>/reorder/", meetings.agenda_reorder_view, name="agenda_reorder"),
    path("meetings/<int:pk>/matrix/", meetings.recusal_matrix, name="recusal_matrix"),
    path("meetings/<int:pk>/items/new/", meetings.item_add, name="item_add"),
    path("meetings/<int:pk>/items/<int:item_pk>/edit/", meetings.item_edit, name="item_edit"),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/discussion/",
        discussion.item_discussion,
        name="item_discussion",
    ),
    path("meetings/<int:pk>/items/<int:item_pk>/move/", meetings.item_move_view, name="item_move"),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/remedy/",
        meetings.item_remedy,
        name="item_remedy",
    ),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/co-opt/",
        meetings.item_co_opt,
        name="item_co_opt",
    ),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/papers/new/",
        meetings.paper_upload_view,
        name="paper_upload",
    ),
    path("papers/<int:pk>/withdraw/", meetings.paper_withdraw_view, name="paper_withdraw"),
    path("meetings/<int:pk>/attendees/new/", meetings.attendee_add_view, name="attendee_add"),
    path(
        "meetings/<int:pk>/confirm-entries/",
        entries.meeting_entries_confirm,
        name="meeting_entries_confirm",
    ),
    path(
        "meetings/<int:pk>/attendees/<int:attendance_pk>/apologies/",
        meetings.attendee_apologies_view,
        name="attendee_apologies",
    ),
    path(
        "meetings/<int:pk>/attendees/<int:attendance_pk>/remove/",
        meetings.attendee_remove_view,
        name="attendee_remove",
    ),
    # The meeting itself
    path("meetings/<int:pk>/conduct/", conduct.meeting_conduct, name="meeting_conduct"),
    path(
        "meetings/<int:pk>/declarations/new/",
        conduct.meeting_declaration,
        name="meeting_declaration",
    ),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/decisions/<int:member_pk>/",
        conduct.conflict_decision,
        name="conflict_decision",
    ),
    path(
        "meetings/<int:pk>/declarations/<int:declaration_pk>/no-action/",
        conduct.declaration_settle,
        name="declaration_settle",
    ),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/accept-suggestions/",
        conduct.suggestions_accept,
        name="suggestions_accept",
    ),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/decisions/<int:member_pk>/declared/",
        conduct.conflict_declared,
        name="conflict_declared",
    ),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/decisions/<int:member_pk>/stamp/",
        conduct.departure_stamp,
        name="departure_stamp",
    ),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/minutes/",
        conduct.item_minutes,
        name="item_minutes",
    ),
    path("meetings/<int:pk>/held/", conduct.meeting_mark_held_view, name="meeting_mark_held"),
    path(
        "meetings/<int:pk>/approve-minutes/",
        minutes.approve_minutes,
        name="meeting_approve_minutes",
    ),
    path("meetings/<int:pk>/errata/new/", minutes.erratum_new, name="erratum_new"),
    # The Guardian: declarations made at meetings not yet on the register
    path(
        "meetings/declarations/pending/",
        declarations.declarations_pending,
        name="meeting_declarations_pending",
    ),
    path(
        "meetings/declarations/<int:pk>/in-error/",
        declarations.declaration_in_error,
        name="meeting_declaration_in_error",
    ),
    # Documents
    path("meetings/<int:pk>/pack/", documents.meeting_pack, name="meeting_pack"),
    path("papers/<int:pk>/download/", documents.paper_download, name="paper_download"),
    path(
        "meetings/<int:pk>/minutes/part-2/",
        documents.minutes_part_two,
        name="minutes_part_two",
    ),
    path("meetings/<int:pk>/minutes/mine/", documents.minutes_mine, name="minutes_mine"),
    path("meetings/<int:pk>/agenda.pdf", documents.meeting_agenda_pdf, name="meeting_agenda_pdf"),
    path("meetings/<int:pk>/pack.pdf", documents.meeting_pack_pdf, name="meeting_pack_pdf"),
    path(
        "meetings/<int:pk>/minutes/part-2.pdf",
        documents.minutes_part_two_pdf,
        name="minutes_part_two_pdf",
    ),
    path("meetings/<int:pk>/minutes/mine.pdf", documents.minutes_mine_pdf, name="minutes_mine_pdf"),
    path(
        "meetings/<int:pk>/declarations.pdf",
        documents.meeting_declarations_pdf,
        name="meeting_declarations_pdf",
    ),
    path("minutes/<int:pk>.pdf", documents.public_minutes_pdf, name="public_minutes_pdf"),
    path("minutes/", documents.public_minutes_index, name="public_minutes_index"),
    path("minutes/<int:pk>/", documents.public_minutes, name="public_minutes"),
]
