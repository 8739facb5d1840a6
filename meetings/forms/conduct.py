"""Forms used at the meeting: declarations, the chair's decisions and the minutes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from core.concurrency import VersionedForm
from core.forms import ChoiceHintsRadioSelect
from interests.forms.declarations import CATEGORY_HINTS, TYPE_HINTS, find_organisation
from interests.models import Interest, Member, Organisation
from meetings.forms.meetings import MemberChoiceField, TimeTextField
from meetings.models import AgendaItem, Attendance, ConflictDecision, Meeting
from recusal import Action
from recusal.actions import ACTION_LABELS


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.ods_code})" if obj.ods_code else str(obj.name)


class ItemChoiceField(forms.ModelChoiceField):
    """Items labelled as the person recording may see them (no confidential titles)."""

    headings: dict[int, str] = {}

    def label_from_instance(self, obj: Any) -> str:
        return self.headings.get(obj.pk, f"Item {obj.number}")


class DeclarationForm(forms.Form):
    member = MemberChoiceField(
        label="Who is declaring",
        queryset=Member.objects.none(),
        empty_label="Choose a person",
        help_text="Someone on this meeting's attendance list",
        error_messages={"required": "Choose the person declaring the interest"},
    )
    item = ItemChoiceField(
        label="Agenda item (optional)",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="Not about one item",
        help_text="The item the interest concerns, if it concerns one",
    )
    # Chosen by typing, with suggestions (ADR 0027): a select would list every organisation.
    organisation = OrganisationChoiceField(
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Choose an organisation on the list, or type its name"},
    )
    organisation_name = forms.CharField(
        label="Organisation",
        max_length=200,
        required=False,
        help_text="Start typing to see organisations on the list and choose one, or type its "
        "ODS code. If it is not on the list, type its name: the governance team will link it.",
        error_messages={"max_length": "The name must be 200 characters or fewer"},
    )
    category = forms.ChoiceField(
        label="What kind of interest is it?",
        choices=Interest.Category.choices,
        widget=ChoiceHintsRadioSelect(choice_hints={str(k): v for k, v in CATEGORY_HINTS.items()}),
        error_messages={"required": "Choose what kind of interest it is"},
    )
    indirect_type = forms.ChoiceField(
        label="If it is someone else's interest: what kind is it?",
        choices=Interest.Type.choices,
        required=False,
        widget=ChoiceHintsRadioSelect(choice_hints=TYPE_HINTS),
        help_text="Only for indirect interests",
    )
    nature = forms.ChoiceField(
        label="Their role or relationship with the organisation",
        choices=[("", "Choose one")] + list(Interest.Nature.choices),
        help_text="For example partner, director, shareholder, trustee or patient",
        error_messages={"required": "Choose the role or relationship"},
    )
    description = forms.CharField(
        label="What was declared",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="As it should appear in the minutes, for example: Partner in Riverside Surgery",
        error_messages={
            "required": "Describe what was declared",
            "max_length": "The description must be 2,000 characters or fewer",
        },
    )

    def __init__(
        self, *args: Any, meeting: Meeting, item_headings: dict[int, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        attending = Attendance.objects.filter(meeting=meeting).values("member_id")
        self.fields["member"].queryset = Member.objects.filter(  # type: ignore[attr-defined]
            pk__in=attending
        ).order_by("last_name", "first_name")
        item_field = self.fields["item"]
        item_field.queryset = AgendaItem.objects.filter(  # type: ignore[attr-defined]
            meeting=meeting, pk__in=list(item_headings)
        ).order_by("position")
        item_field.headings = item_headings  # type: ignore[attr-defined]
        self.fields["organisation_name"].widget.attrs.update(
            {
                "list": "organisation-suggestions",
                "autocomplete": "off",
                "hx-get": reverse("organisation_suggestions"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#organisation-suggestions",
                "hx-swap": "innerHTML",
            }
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "organisation" in self.errors:
            # The hidden field is not on the page: its error belongs to the search box.
            for message in self.errors.pop("organisation"):
                self.add_error("organisation_name", message)
        typed = " ".join(str(data.get("organisation_name") or "").split())
        if data.get("organisation") is None and typed:
            # A typed name that matches exactly one organisation is that organisation.
            data["organisation"] = find_organisation(typed)
            if data["organisation"] is not None:
                data["organisation_name"] = ""
        if (
            data.get("organisation") is None
            and not typed
            and not self.has_error("organisation_name")
        ):
            self.add_error(
                "organisation_name", "Choose the organisation from the list, or type its name"
            )
        if data.get("category") == Interest.Category.INDIRECT and not data.get("indirect_type"):
            self.add_error("indirect_type", "Choose what kind of interest the other person has")
        return data


def _decision_choices(suggested: Action | None) -> list[tuple[int, str]]:
    return [
        (int(action), f"{label} (suggested)" if action == suggested else label)
        for action, label in ACTION_LABELS.items()
    ]


class DecisionForm(forms.Form):
    action = forms.TypedChoiceField(
        label="The chair's decision",
        coerce=int,
        choices=(),
        widget=ChoiceHintsRadioSelect,
        help_text=(
            "Strongest first. The suggested option follows the rules for this kind of interest."
        ),
        error_messages={"required": "Choose how the conflict is managed"},
    )
    reason = forms.CharField(
        label="Reason (needed when the decision differs from the suggestion)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why the chair chose a different option; it is written into the minutes",
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )
    left_at = TimeTextField(
        label="Time they left the room (optional)",
        required=False,
        help_text="On the 24-hour clock, for example 14:30",
        invalid_message="Enter the time they left as hours and minutes, for example 14:30",
    )
    returned_at = TimeTextField(
        label="Time they returned (optional)",
        required=False,
        help_text="On the 24-hour clock, for example 14:55",
        invalid_message="Enter the time they returned as hours and minutes, for example 14:55",
    )

    def __init__(
        self,
        *args: Any,
        suggested: Action | None,
        decision: ConflictDecision | None = None,
        **kwargs: Any,
    ) -> None:
        if "initial" not in kwargs:
            if decision is not None:
                kwargs["initial"] = {
                    "action": decision.action,
                    "reason": decision.reason,
                    "left_at": decision.left_at,
                    "returned_at": decision.returned_at,
                }
            elif suggested is not None:
                kwargs["initial"] = {"action": int(suggested)}
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = _decision_choices(suggested)  # type: ignore[attr-defined]


class MinutesForm(VersionedForm):
    text = forms.CharField(
        label="Minutes",
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was discussed and decided. Declarations are added to the minutes for you.",
        error_messages={"max_length": "The minutes of one item must be 20,000 characters or fewer"},
    )


class NoActionForm(forms.Form):
    reason = forms.CharField(
        label="No action needed, because",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: declared for the record; it concerns no item on this agenda",
        error_messages={
            "required": "Give the reason no action is needed",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )


class ApprovalForm(forms.Form):
    confirm = forms.BooleanField(
        label="The committee has agreed these minutes as a true record, and the Part I minutes "
        "shown above may be published",
        error_messages={"required": "Confirm that the minutes were agreed and may be published"},
    )


class ErratumForm(forms.Form):
    item = ItemChoiceField(
        label="Item corrected (optional)",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="The minutes as a whole (attendance or declarations)",
        help_text="A correction to a Part II item is shown only with the Part II minutes",
    )
    text = forms.CharField(
        label="The correction",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was wrong and what it should say, for example: Item 3: the vote was "
        "5 to 2, not 6 to 1. It is shown, dated, with the approved minutes.",
        error_messages={
            "required": "Enter the correction",
            "max_length": "The correction must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args: Any, meeting: Meeting, item_headings: dict[int, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        field.queryset = AgendaItem.objects.filter(  # type: ignore[attr-defined]
            meeting=meeting, pk__in=list(item_headings)
        ).order_by("position")
        field.headings = item_headings  # type: ignore[attr-defined]


class DeclarationErrorForm(forms.Form):
    reason = forms.CharField(
        label="Why was the declaration made in error?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "For example: minuted against the wrong person; the member has no such interest. "
            "From now on it no longer counts for recusal or paper access."
        ),
        error_messages={
            "required": "Give the reason the declaration was made in error",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )
