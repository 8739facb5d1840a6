"""Forms for evaluation panels: finding and adding evaluators, removing them, and an
evaluator's own declaration about the bidders."""

from __future__ import annotations

from typing import Any

from django import forms

from core.forms import ChoiceHintsRadioSelect
from interests.models import Member


class CandidateSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name or organisation",
        max_length=100,
        required=False,
        help_text="For example Clarke, or Southfield to find external evaluators from that CCG",
        error_messages={"max_length": "Search for 100 characters or fewer"},
    )

    def search(self) -> str:
        if not self.is_valid():
            return ""
        return " ".join(self.cleaned_data["q"].split())


class EvaluatorAddForm(forms.Form):
    member = forms.ModelChoiceField(
        queryset=Member.objects.filter(is_active=True),
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose the person to add to the panel",
            "invalid_choice": "That person is not an active member of the register",
        },
    )


class EvaluatorRemoveForm(forms.Form):
    reason = forms.CharField(
        label="Why are they leaving the panel?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "For example: declared an interest in a bidder and replaced by an external "
            "evaluator. The reason is kept on the record and shown in the decisions register."
        ),
        error_messages={
            "required": "Say why the evaluator is leaving the panel",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )


NO_INTEREST = "none"
HAS_INTEREST = "interest"


class PanelDeclarationForm(forms.Form):
    answer = forms.ChoiceField(
        label="Your declaration",
        choices=[
            (NO_INTEREST, "I have no interest in any organisation bidding for this lot"),
            (HAS_INTEREST, "I have an interest"),
        ],
        widget=ChoiceHintsRadioSelect(
            choice_hints={
                NO_INTEREST: (
                    "Neither you nor anyone close to you (a spouse or partner, close relative, "
                    "close friend or business partner) has a financial, professional or "
                    "personal interest in a bidder or in an organisation linked to one"
                ),
                HAS_INTEREST: "Describe it below. You will not see the bid documents.",
            }
        ),
        help_text="Think about every organisation listed above and the organisations linked to it",
        error_messages={"required": "Choose whether you have an interest in a bidder"},
    )
    statement = forms.CharField(
        label="If you have an interest: describe it",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Which organisation, who holds the interest and what it is",
        error_messages={"max_length": "The description must be 2,000 characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == HAS_INTEREST and not (data.get("statement") or "").strip():
            self.add_error("statement", "Describe your interest in the bidder")
        return data

    @property
    def no_interest(self) -> bool:
        return self.cleaned_data["answer"] == NO_INTEREST
