"""Uploading a lot's confidential documents."""

from __future__ import annotations

from typing import Any

from django import forms

from core.forms import ChoiceHintsRadioSelect
from procurements.forms.procurements import OrganisationChoiceField
from procurements.models import Bid, Lot, LotDocument


class BidChoiceField(OrganisationChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return super().label_from_instance(obj.organisation)


KIND_HINTS: dict[str, str] = {
    LotDocument.Kind.BID: "A bidder's submission: choose the bidder below",
    LotDocument.Kind.SCORES: "The panel's scores or moderation notes",
    LotDocument.Kind.OTHER: "Anything else confidential to this lot, for example clarifications",
}


class LotDocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of document is it?",
        choices=LotDocument.Kind.choices,
        widget=ChoiceHintsRadioSelect(choice_hints={str(k): v for k, v in KIND_HINTS.items()}),
        error_messages={"required": "Choose what kind of document it is"},
    )
    bid = BidChoiceField(
        label="Bidder (for a bid)",
        queryset=Bid.objects.none(),
        required=False,
        empty_label="Not about one bid",
        help_text="Only organisations bidding for this lot are listed",
        error_messages={"invalid_choice": "Choose an organisation bidding for this lot"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        required=False,
        help_text="For example, Northfield GP Federation: technical submission. "
        "Leave empty to use the file's name.",
        error_messages={"max_length": "The title must be 200 characters or fewer"},
    )
    file = forms.FileField(
        label="File",
        help_text=(
            "A PDF, Word document (DOCX), Excel spreadsheet (XLSX) or OpenDocument text (ODT). "
            "The file's content is checked, not just its name. Only the lot's signed, clear "
            "evaluation panel and the procurement lead can open it."
        ),
        error_messages={
            "required": "Choose the file to upload",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read; choose it again",
        },
    )

    def __init__(self, *args: Any, lot: Lot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bid"].queryset = (  # type: ignore[attr-defined]
            Bid.objects.filter(lot=lot)
            .select_related("organisation")
            .order_by("organisation__name")
        )
