"""Forms for setting up committees: details, quorum, members, reserve list and referrals."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from core.concurrency import VERSION_FIELD, VersionedForm
from core.forms import ChoiceHintsRadioSelect, NhsDateField
from interests.models import Member
from meetings.models import Committee, CommitteeMembership
from meetings.selectors.committees import (
    ROLE_ORDER,
    ROLE_WORDS,
    active_members,
    committee_name_taken,
    referral_choices,
    requirements_total,
)
from meetings.services.committee_referrals import referrals_version
from meetings.services.committees import committee_version

DUPLICATE_NAME = "There is already a committee called “{name}”. Choose a different name"


class CommitteeForm(VersionedForm):
    name = forms.CharField(
        max_length=200,
        help_text="As in its terms of reference, for example Primary Care Commissioning Committee",
        error_messages={"required": "Enter the committee's name"},
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the committee decides, in a sentence or two",
    )
    quorum_minimum_voting = forms.IntegerField(
        label="Minimum voting members present",
        min_value=1,
        max_value=100,
        help_text=(
            "How many voting members must be present for a decision, from the terms of "
            "reference, for example 4"
        ),
        error_messages={
            "required": "Enter the minimum number of voting members present",
            "invalid": "The minimum number of voting members must be a whole number, like 4",
            "min_value": "The minimum number of voting members must be 1 or more",
            "max_value": "The minimum number of voting members must be 100 or fewer",
        },
    )

    def __init__(self, *args: Any, committee: Committee | None = None, **kwargs: Any) -> None:
        if committee is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": committee.name,
                "description": committee.description,
                "quorum_minimum_voting": committee.quorum_minimum_voting,
                VERSION_FIELD: committee_version(committee),
            }
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.fields["quorum_minimum_voting"].widget.attrs.update(
            {"inputmode": "numeric", "class": "nhsuk-input--width-4"}
        )

    def details(self) -> dict[str, Any]:
        """What ``committee_save`` sets (the version token goes separately)."""
        return {k: v for k, v in self.cleaned_data.items() if k != VERSION_FIELD}

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter the committee's name")
        if committee_name_taken(name, exclude=self.committee):
            raise forms.ValidationError(DUPLICATE_NAME.format(name=name))
        return name

    def clean_quorum_minimum_voting(self) -> int:
        minimum: int = self.cleaned_data["quorum_minimum_voting"]
        if self.committee is not None:
            total = requirements_total(self.committee)
            if minimum < total:
                raise forms.ValidationError(
                    f"The quorum already asks for {total} voting members of particular "
                    f"professional roles, so the minimum must be at least {total}. Lower the "
                    "role minimums first"
                )
        return minimum


class QuorumForm(VersionedForm):
    """One number per professional role: "at least N of them among the voting members"."""

    def __init__(
        self,
        *args: Any,
        minimums: dict[str, int] | None = None,
        version: str | None = None,
        **kwargs: Any,
    ) -> None:
        if minimums is not None and "initial" not in kwargs:
            kwargs["initial"] = {**minimums, VERSION_FIELD: version}
        super().__init__(*args, **kwargs)
        labels = dict(Member.ProfessionalRole.choices)
        for role in ROLE_ORDER:
            plural = ROLE_WORDS[role][1]
            label = labels[role]
            self.fields[role] = forms.IntegerField(
                label=f"{label}: minimum present",
                min_value=0,
                max_value=100,
                help_text=f"How many voting {plural} must be present. 0 means no requirement",
                error_messages={
                    "required": f"Enter a number for {plural}, or 0 for no requirement",
                    "invalid": f"The number of {plural} must be a whole number, like 1",
                    "min_value": f"The number of {plural} must be 0 or more",
                    "max_value": f"The number of {plural} must be 100 or fewer",
                },
            )
            self.fields[role].widget.attrs.update(
                {"inputmode": "numeric", "class": "nhsuk-input--width-2"}
            )

    def minimums(self) -> dict[str, int]:
        return {role: self.cleaned_data[role] for role in ROLE_ORDER}


class MemberChoiceField(forms.ModelChoiceField):
    """A person, shown with their position and where they come from."""

    def label_from_instance(self, obj: Any) -> str:
        parts = [obj.full_name, obj.job_title, obj.get_professional_role_display()]
        if obj.affiliation:
            parts.append(obj.affiliation)
        return ", ".join(part for part in parts if part)


VOTING_CHOICES = [("yes", "Yes, a voting member"), ("no", "No, a non-voting member")]


class MembershipForm(forms.Form):
    member = MemberChoiceField(
        queryset=Member.objects.none(),
        label="Person",
        empty_label="Choose a person",
        help_text="Only people recorded as active are listed",
        error_messages={
            "required": "Choose the person to add",
            "invalid_choice": "Choose a person from the list",
        },
    )
    role = forms.ChoiceField(
        choices=CommitteeMembership.Role.choices,
        label="Role on the committee",
        help_text="A committee has one chair and one vice-chair at a time",
        widget=ChoiceHintsRadioSelect(
            choice_hints={
                "chair": "Chairs the meetings and decides how each conflict is managed",
                "vice_chair": "Chairs an item when the chair is conflicted",
            }
        ),
        error_messages={"required": "Choose the person's role on the committee"},
    )
    is_voting = forms.TypedChoiceField(
        choices=VOTING_CHOICES,
        coerce=lambda value: value == "yes",
        label="May the person vote?",
        help_text="Only voting members count towards the quorum",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the person may vote"},
    )
    start_date = NhsDateField(
        label="Start date",
        required=False,
        help_text="Optional. When the person joined the committee, for example 1 4 2024",
        error_messages={"incomplete": "Start date must include a day, month and year"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = active_members()  # type: ignore[attr-defined]
        self.fields["role"].initial = CommitteeMembership.Role.MEMBER
        self.fields["is_voting"].initial = "yes"


class MembershipEndForm(forms.Form):
    end_date = NhsDateField(
        label="End date",
        help_text="The last day the person was on the committee, for example 31 3 2025",
        error_messages={
            "required": "Enter the date the membership ended",
            "incomplete": "End date must include a day, month and year",
        },
    )

    def __init__(self, *args: Any, membership: CommitteeMembership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.membership = membership

    def clean_end_date(self) -> datetime.date:
        end_date: datetime.date = self.cleaned_data["end_date"]
        start = self.membership.start_date
        if start is not None and end_date < start:
            raise forms.ValidationError(
                f"The end date must be on or after the start date, {start:%-d %B %Y}"
            )
        return end_date


class ReserveForm(forms.Form):
    member = MemberChoiceField(
        queryset=Member.objects.none(),
        label="Person",
        empty_label="Choose a person",
        help_text=(
            "Someone who may be co-opted when conflicts leave the committee without a quorum. "
            "Add people from outside the organisation as people first"
        ),
        error_messages={
            "required": "Choose the person to add to the reserve list",
            "invalid_choice": "Choose a person from the list",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=200,
        help_text="Who they are, for example GP from Southfield CCG",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = active_members()  # type: ignore[attr-defined]


class ReferralsForm(VersionedForm):
    referral_committees = forms.ModelMultipleChoiceField(
        queryset=Committee.objects.none(),
        required=False,
        label="Committees items may be referred to",
        help_text=(
            "When conflicts leave this committee without a quorum for an item, it may refer the "
            "item to one of these. Tick none to allow no referrals"
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose committees from the list"},
    )

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        if "initial" not in kwargs:
            kwargs["initial"] = {
                "referral_committees": list(
                    committee.referral_committees.values_list("pk", flat=True)
                ),
                VERSION_FIELD: referrals_version(committee),
            }
        super().__init__(*args, **kwargs)
        self.fields["referral_committees"].queryset = referral_choices(committee)  # type: ignore[attr-defined]
