"""Forms the secretary uses to set up a meeting: the meeting, its agenda, papers and attendance."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.concurrency import VERSION_FIELD, VersionedForm
from core.digits import is_digits
from core.forms import ChoiceHintsRadioSelect, LongSelect, NhsDateField
from interests.forms.declarations import find_organisation
from interests.models import Member, Organisation
from interests.selectors.organisations import organisation_suggestions
from meetings.hooks import lot_choices, lots_of_items
from meetings.models import AgendaItem, Attendance, Committee, Meeting
from meetings.services.agenda import item_version, remedy_version
from meetings.services.meetings import MEETINGS_FROM, MEETINGS_YEARS_AHEAD

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


class TimeTextField(forms.Field):
    """A time typed as hours and minutes on the 24-hour clock, for example 14:30."""

    widget = forms.TimeInput(format="%H:%M")

    def __init__(self, *, invalid_message: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.invalid_message = invalid_message
        self.widget.attrs.update(
            {"class": "nhsuk-input--width-5", "autocomplete": "off", "spellcheck": "false"}
        )

    def to_python(self, value: Any) -> datetime.time | None:
        if isinstance(value, datetime.time):
            return value
        text = str(value or "").strip()
        if not text:
            return None
        match = _TIME.match(text)
        if match is None:
            raise ValidationError(self.invalid_message, code="invalid")
        hours, minutes = int(match.group(1)), int(match.group(2))
        if hours > 23 or minutes > 59:
            raise ValidationError(self.invalid_message, code="invalid")
        return datetime.time(hours, minutes)


class CommitteeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class MeetingCreateForm(forms.Form):
    committee = CommitteeChoiceField(
        label="Committee",
        queryset=Committee.objects.filter(is_active=True).order_by("name"),
        empty_label="Choose a committee",
        help_text=(
            "The committee that is meeting. Its current members are added to the attendance list."
        ),
        error_messages={"required": "Choose the committee that is meeting"},
    )
    date = NhsDateField(
        label="Date of the meeting",
        earliest=MEETINGS_FROM,
        years_ahead=MEETINGS_YEARS_AHEAD,
        help_text="For example, 14 5 2026",
        error_messages={"required": "Enter the date of the meeting"},
    )
    time = TimeTextField(
        label="Start time",
        help_text="On the 24-hour clock, for example 14:30",
        error_messages={"required": "Enter the time the meeting starts"},
        invalid_message=(
            "Enter the start time as hours and minutes on the 24-hour clock, for example 14:30"
        ),
    )
    location = forms.CharField(
        label="Place",
        max_length=200,
        required=False,
        help_text="For example, Board room, Northfield House, or a video call",
        error_messages={"max_length": "The place must be 200 characters or fewer"},
    )
    title = forms.CharField(
        label="Title (optional)",
        max_length=200,
        required=False,
        help_text="Leave empty to use the committee's name, for example Governing Body",
        error_messages={"max_length": "The title must be 200 characters or fewer"},
    )

    def starts_at(self) -> datetime.datetime:
        day: datetime.date = self.cleaned_data["date"]
        time: datetime.time = self.cleaned_data["time"]
        return timezone.make_aware(datetime.datetime.combine(day, time))


PURPOSE_HINTS: dict[str, str] = {
    AgendaItem.Purpose.DECISION.value: "The meeting decides; conflicted people may not vote",
    AgendaItem.Purpose.DISCUSSION.value: "The meeting discusses it without deciding",
    AgendaItem.Purpose.INFORMATION.value: "The meeting notes it",
}
PART_HINTS: dict[str, str] = {
    AgendaItem.Part.OPEN.value: "Discussed in public; its minutes are published",
    AgendaItem.Part.CONFIDENTIAL.value: (
        "Discussed in private, for example bids; its minutes are restricted and conflicted "
        "people do not receive its papers"
    ),
}


class OrganisationsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.ods_code})" if obj.ods_code else str(obj.name)


def _lot_id_of(item: AgendaItem) -> int | None:
    linked = lots_of_items([item.pk]).get(item.pk)
    return linked.facts.id if linked else None


class ItemForm(VersionedForm):
    title = forms.CharField(
        label="Title",
        max_length=300,
        help_text="As it will appear on the agenda, for example Award of the out-of-hours contract",
        error_messages={
            "required": "Enter the item's title",
            "max_length": "The title must be 300 characters or fewer",
        },
    )
    presenter = forms.CharField(
        label="Presenter (optional)",
        max_length=200,
        required=False,
        help_text="Who introduces the item, for example Director of Finance",
        error_messages={"max_length": "The presenter must be 200 characters or fewer"},
    )
    purpose = forms.ChoiceField(
        label="Purpose",
        choices=AgendaItem.Purpose.choices,
        widget=ChoiceHintsRadioSelect(choice_hints=PURPOSE_HINTS),
        help_text="What the meeting does with the item",
        error_messages={"required": "Choose the item's purpose"},
    )
    part = forms.ChoiceField(
        label="Part of the agenda",
        choices=AgendaItem.Part.choices,
        widget=ChoiceHintsRadioSelect(choice_hints=PART_HINTS),
        help_text="Part I items come before Part II items",
        error_messages={"required": "Choose Part I or Part II"},
    )
    title_is_confidential = forms.BooleanField(
        label="The title itself is confidential",
        required=False,
        help_text=(
            "People withheld from the item see only its number, not its title, in their pack "
            "and minutes"
        ),
    )
    organisation_name = forms.CharField(
        label="Add an organisation",
        max_length=200,
        required=False,
        help_text=(
            "Type part of its name or its ODS code, then select Add organisation. "
            "Add as many as the item affects."
        ),
        error_messages={"max_length": "The name must be 200 characters or fewer"},
    )
    affected_organisations = OrganisationsField(
        label="Organisations the item affects",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.MultipleHiddenInput,
        help_text=(
            "For example the providers whose contract is decided. Anyone with an interest in "
            "them, directly or through their networks, is conflicted."
        ),
        error_messages={"invalid_choice": "Choose organisations from the list"},
    )

    def __init__(self, *args: Any, item: AgendaItem | None = None, **kwargs: Any) -> None:
        if item is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": item.title,
                "presenter": item.presenter,
                "purpose": item.purpose,
                "part": item.part,
                "title_is_confidential": item.title_is_confidential,
                "affected_organisations": [o.pk for o in item.affected_organisations.all()],
                "lot": _lot_id_of(item),
                VERSION_FIELD: item_version(item),
            }
        super().__init__(*args, **kwargs)
        self._add_lot_field()
        linked = list(item.affected_organisations.values_list("pk", flat=True)) if item else []
        # Only checked against, never listed: there may be 14,000 organisations.
        field = self.fields["affected_organisations"]
        field.queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            Q(is_active=True) | Q(pk__in=linked)
        )
        self.fields["organisation_name"].widget.attrs.update(
            {
                "list": "item-organisation-suggestions",
                "autocomplete": "off",
                "spellcheck": "false",
                "hx-get": reverse("organisation_suggestions"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#item-organisation-suggestions",
                "hx-swap": "innerHTML",
            }
        )
        self.organisation_choices: list[Organisation] = []
        self.picker_message = ""
        self._chosen_ids = self._selected_organisation_ids()
        self._chosen: list[Organisation] | None = None

    def _add_lot_field(self) -> None:
        """The procurement lot the item decides, when an app offers lots (meetings.hooks)."""
        choices = lot_choices()
        self.offers_lots = choices is not None
        if choices is None:
            return
        self.fields["lot"] = forms.TypedChoiceField(
            label="Procurement lot (optional)",
            choices=[("", "No procurement lot"), *choices],
            coerce=int,
            empty_value=None,
            required=False,
            help_text="Every organisation bidding on the lot counts as affected",
            error_messages={"invalid_choice": "Choose a procurement lot from the list"},
        )

    @classmethod
    def for_picking(cls, data: Any, *, item: AgendaItem | None = None) -> ItemForm:
        """The form as typed so far, unvalidated, after adding or removing an organisation.

        Without JavaScript the search box is answered here: a name or code that means one
        organisation adds it; otherwise the organisations matching it are offered."""
        initial = {name: data.get(name, "") for name in ("title", "presenter", "purpose", "part")}
        initial["title_is_confidential"] = bool(data.get("title_is_confidential"))
        initial["lot"] = data.get("lot") or None
        initial[VERSION_FIELD] = data.get(VERSION_FIELD, "")
        chosen = [int(v) for v in data.getlist("affected_organisations") if is_digits(str(v))]
        removed = str(data.get("remove_organisation", ""))
        added = str(data.get("add_organisation_id", ""))
        typed = " ".join(str(data.get("organisation_name", "")).split())[:200]
        choices: list[Organisation] = []
        message = ""
        if is_digits(removed):
            chosen = [pk for pk in chosen if pk != int(removed)]
        elif is_digits(added):
            found = Organisation.objects.filter(pk=int(added), is_active=True).first()
            if found is not None:
                chosen.append(found.pk)
        elif typed:
            found = find_organisation(typed)
            if found is not None:
                chosen.append(found.pk)
                typed = ""
            else:
                choices = organisation_suggestions(typed)
                choices = [o for o in choices if o.is_active and o.pk not in chosen]
                message = (
                    f"More than one organisation matches \u201c{typed}\u201d: choose one below."
                    if choices
                    else f"No organisation matches \u201c{typed}\u201d. Check the spelling, "
                    "or type part of the name or its ODS code."
                )
        else:
            message = "Type part of the organisation's name or its ODS code first."
        initial["affected_organisations"] = list(dict.fromkeys(chosen))
        initial["organisation_name"] = typed
        form = cls(initial=initial, item=item)
        form.organisation_choices = choices
        form.picker_message = message
        return form

    def _selected_organisation_ids(self) -> list[int]:
        if self.is_bound:
            raw = self.data.getlist(  # type: ignore[attr-defined]
                self.add_prefix("affected_organisations")
            )
        else:
            raw = [getattr(o, "pk", o) for o in self.initial.get("affected_organisations", [])]
        return list(dict.fromkeys(int(v) for v in raw if is_digits(str(v))))

    @property
    def chosen_organisations(self) -> list[tuple[Organisation, str]]:
        """The organisations picked so far, with their labels, in name order (one query)."""
        if self._chosen is None:
            self._chosen = list(
                Organisation.objects.filter(pk__in=self._chosen_ids).order_by("name")
            )
        field = self.fields["affected_organisations"]
        return [(o, field.label_from_instance(o)) for o in self._chosen]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed = " ".join(str(data.get("organisation_name") or "").split())
        if typed and "affected_organisations" in data:
            # A name left in the search box counts if it means exactly one organisation.
            found = find_organisation(typed)
            if found is None:
                self.add_error(
                    "organisation_name",
                    f"Select Add organisation to choose among the organisations matching "
                    f"\u201c{typed}\u201d, or clear the box",
                )
            elif found not in data["affected_organisations"]:
                data["affected_organisations"] = [*data["affected_organisations"], found]
        return data


class PaperForm(forms.Form):
    title = forms.CharField(
        label="Title of the paper",
        max_length=200,
        help_text="For example, Evaluation report",
        error_messages={
            "required": "Enter the title of the paper",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    file = forms.FileField(
        label="File",
        help_text=(
            "A PDF, Word document (DOCX), Excel spreadsheet (XLSX) or OpenDocument text (ODT). "
            "The file's content is checked, not just its name."
        ),
        error_messages={
            "required": "Choose the file to upload",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read; choose it again",
        },
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        detail = ", ".join(p for p in (obj.job_title, obj.affiliation) if p)
        return f"{obj.full_name} ({detail})" if detail else str(obj.full_name)


KIND_HINTS: dict[str, str] = {
    Attendance.Kind.MEMBER.value: "A member of the committee; votes if a voting member",
    Attendance.Kind.CO_OPTED.value: (
        "Brought in to vote on this meeting's items, for example a reserve GP"
    ),
    Attendance.Kind.IN_ATTENDANCE.value: (
        "Attends without a vote, for example an officer presenting a paper"
    ),
}


class AttendeeForm(forms.Form):
    member = MemberChoiceField(
        label="Person",
        queryset=Member.objects.none(),
        widget=LongSelect,
        empty_label="Choose a person",
        help_text="People already on the attendance list are not shown",
        error_messages={"required": "Choose the person to add"},
    )
    kind = forms.ChoiceField(
        label="Attending as",
        choices=Attendance.Kind.choices,
        initial=Attendance.Kind.MEMBER,
        widget=ChoiceHintsRadioSelect(choice_hints=KIND_HINTS),
        help_text="Members and co-opted people vote; people in attendance do not",
        error_messages={"required": "Choose how the person attends"},
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        attending = Attendance.objects.filter(meeting=meeting).values("member_id")
        self.fields["member"].queryset = (  # type: ignore[attr-defined]
            Member.objects.filter(is_active=True)
            .exclude(pk__in=attending)
            .order_by("last_name", "first_name")
            # Thousands of people: only what the option shows.
            .only("pk", "title", "first_name", "last_name", "job_title", "affiliation")
        )


REMEDY_HINTS: dict[str, str] = {
    AgendaItem.Remedy.CO_OPT.value: "Non-conflicted people from the reserve list are co-opted",
    AgendaItem.Remedy.REFER.value: "Another committee that can be quorate takes the decision",
    AgendaItem.Remedy.PANEL.value: "A panel of non-conflicted members decides, with the Guardian",
    AgendaItem.Remedy.DEFER.value: "The item moves to a later meeting that can be quorate",
}


class RemedyForm(VersionedForm):
    remedy = forms.ChoiceField(
        label="Remedy",
        choices=[c for c in AgendaItem.Remedy.choices if c[0]],
        widget=ChoiceHintsRadioSelect(choice_hints=REMEDY_HINTS),
        help_text="What the chair, with the Conflicts of Interest Guardian, agreed",
        error_messages={"required": "Choose the remedy that was agreed"},
    )
    remedy_note = forms.CharField(
        label="What was agreed, and who agreed it",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: Agreed by the chair and the Guardian on 3 March 2026",
        error_messages={"max_length": "The note must be 2,000 characters or fewer"},
    )
    referred_to = CommitteeChoiceField(
        label="Committee the item is referred to",
        queryset=Committee.objects.none(),
        required=False,
        empty_label="Not referred",
        help_text="Only when the item is referred to another committee",
    )

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        if "initial" not in kwargs:
            kwargs["initial"] = {VERSION_FIELD: remedy_version(item)}
            if item.remedy:
                kwargs["initial"] |= {
                    "remedy": item.remedy,
                    "remedy_note": item.remedy_note,
                    "referred_to": item.referred_to,
                }
        super().__init__(*args, **kwargs)
        committee = item.meeting.committee
        referral = committee.referral_committees.filter(is_active=True)
        choices = referral if referral.exists() else Committee.objects.filter(is_active=True)
        self.fields["referred_to"].queryset = choices.exclude(pk=committee.pk).order_by("name")  # type: ignore[attr-defined]


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on the form, next to the field it names (or at the top)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            for problem in errors:
                form.add_error(target, problem)
    else:
        for message in error.messages:
            form.add_error(None, message)
