"""Recording who a lot is awarded to."""

from __future__ import annotations

from typing import Any

from django import forms

from core.forms import NhsDateField
from meetings.access import item_withheld_from
from meetings.forms.meetings import CommitteeChoiceField
from meetings.models import AgendaItem, Committee
from procurements.forms.documents import BidChoiceField
from procurements.forms.procurements import PoundsField
from procurements.models import Bid, Lot


class AgendaItemChoiceField(forms.ModelChoiceField):
    """Items named as the person recording the award may see them: a confidential title
    withheld from them by their own conflicts is not shown (``meetings.access``)."""

    reader: Any = None

    def label_from_instance(self, obj: Any) -> str:
        meeting = obj.meeting
        where = f"{meeting.committee.name}, {meeting.starts_at:%d %B %Y}: item {obj.number}"
        if obj.title_is_confidential and (
            self.reader is None or item_withheld_from(self.reader, obj)
        ):
            return f"{where} (confidential title)"
        return f"{where} {obj.title}"


class AwardForm(forms.Form):
    bid = BidChoiceField(
        label="Awarded to",
        queryset=Bid.objects.none(),
        empty_label="Choose the successful bidder",
        help_text="Only organisations with a live bid for this lot are listed",
        error_messages={"required": "Choose the organisation the lot is awarded to"},
    )
    decided_on = NhsDateField(
        label="Date of the decision",
        help_text="For example, 17 3 2026",
        error_messages={"required": "Enter the date of the decision"},
    )
    committee = CommitteeChoiceField(
        label="Committee that decided",
        queryset=Committee.objects.none(),
        empty_label="Choose the committee",
        help_text="Filled in from the procurement's deciding committee; change it if another "
        "committee decided, for example after a referral",
        error_messages={"required": "Choose the committee that made the decision"},
    )
    how_decided = forms.CharField(
        label="How the decision was made",
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: vote in Part II on the evaluation panel's recommendation. "
        "This is published in the procurement decisions register.",
        error_messages={
            "required": "Say how the decision was made",
            "max_length": "The description must be 1,500 characters or fewer",
        },
    )
    contract_value = PoundsField(
        label="Contract value, in pounds",
        help_text="The value of the contract awarded, for example £6,650,000",
        error_messages={
            "required": "Enter the contract value",
            "invalid": "Enter the contract value as an amount in pounds, for example £6,650,000",
            "max_digits": "The contract value is too large",
            "max_decimal_places": "The contract value can have at most 2 decimal places (pence)",
            "max_whole_digits": "The contract value is too large",
        },
    )
    agenda_item = AgendaItemChoiceField(
        label="Agenda item (optional)",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="Not decided at a meeting in Recuse",
        help_text="The meeting item at which the award was decided. Its conflict decisions go "
        "into the register's summary of conflicts.",
        error_messages={"invalid_choice": "Choose an agenda item about this lot"},
    )
    comments = forms.CharField(
        label="Comments (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Published in the register",
        error_messages={"max_length": "The comments must be 2,000 characters or fewer"},
    )

    def __init__(self, *args: Any, lot: Lot, reader: Any = None, **kwargs: Any) -> None:
        committee = lot.procurement.deciding_committee
        kwargs.setdefault("initial", {"committee": committee})
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].reader = reader  # type: ignore[attr-defined]
        self.fields["bid"].queryset = (  # type: ignore[attr-defined]
            Bid.objects.filter(lot=lot)
            .exclude(status=Bid.Status.WITHDRAWN)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        self.fields["bid"].error_messages["invalid_choice"] = (
            f"Choose an organisation that bid for {lot.label}"
        )
        self.fields["committee"].queryset = Committee.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).order_by("name")
        self.fields["agenda_item"].queryset = (  # type: ignore[attr-defined]
            AgendaItem.objects.filter(procurement_lot__lot=lot)
            .select_related("meeting__committee")
            .order_by("-meeting__starts_at", "position")
        )

    def how_decided_text(self) -> str:
        """The register's "how the decision was made and by which committee"."""
        committee: Committee = self.cleaned_data["committee"]
        how = " ".join(self.cleaned_data["how_decided"].split())
        return f"{committee.name}: {how}"
