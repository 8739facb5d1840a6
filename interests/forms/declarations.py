"""Forms a member uses to declare, correct and end interests, and to make nil returns."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from core.concurrency import VERSION_FIELD, VersionedForm
from core.forms import ChoiceHintsRadioSelect, NhsDateField
from core.idempotency import OnceForm
from interests.models import Interest, Organisation
from interests.services.declarations import interest_version

CATEGORY_HINTS: dict[str, str] = {
    Interest.Category.FINANCIAL: (
        "You could gain financially from a decision. For example: partner in a GP practice, "
        "director, shareholder, employee or consultant of a provider, or providing services "
        "yourself."
    ),
    Interest.Category.NON_FINANCIAL_PROFESSIONAL: (
        "You could gain professionally, without money. For example: a clinical lead role in a "
        "provider network, a role in a professional body or advocacy group, or research."
    ),
    Interest.Category.NON_FINANCIAL_PERSONAL: (
        "You could benefit personally. For example: you use the service, you are a trustee or "
        "volunteer of a charity that may bid, or you hold a political or campaigning role."
    ),
    Interest.Category.INDIRECT: (
        "Someone close to you holds one of these interests: your spouse or partner, a close "
        "relative, a close friend or a business partner."
    ),
}

TYPE_HINTS = {k: v for k, v in CATEGORY_HINTS.items() if k != Interest.Category.INDIRECT}

NOT_IN_LIST_HELP = (
    "Tick this if you have checked the spelling and the organisation is not in our list. "
    "The governance team will add it."
)


def find_organisation(text: str) -> Organisation | None:
    """Match what the declarant typed: an exact name, an ODS code, or "Name (CODE)"."""
    text = " ".join(text.split())
    if not text:
        return None
    candidates = [text]
    if text.endswith(")") and "(" in text:
        name, _, code = text[:-1].rpartition("(")
        candidates += [name.strip(), code.strip()]
    query = Q()
    for candidate in candidates:
        query |= Q(name__iexact=candidate) | Q(ods_code__iexact=candidate)
    matches = list(Organisation.objects.filter(query, is_active=True)[:2])
    return matches[0] if len(matches) == 1 else None


class InterestForm(OnceForm, VersionedForm):
    """What the member declares. The workflow fields are set by the services."""

    category = forms.ChoiceField(
        label="What kind of interest is it?",
        choices=Interest.Category.choices,
        widget=ChoiceHintsRadioSelect(choice_hints=CATEGORY_HINTS),
        error_messages={"required": "Select what kind of interest it is"},
    )
    indirect_type = forms.ChoiceField(
        label="If it is someone else's interest: what kind is it?",
        choices=Interest.Type.choices,
        required=False,
        widget=ChoiceHintsRadioSelect(choice_hints=TYPE_HINTS),
        help_text="Only for indirect interests",
    )
    related_person_relationship = forms.ChoiceField(
        label="If it is someone else's interest: who are they to you?",
        choices=[("", "Not applicable")] + list(Interest.Relationship.choices),
        required=False,
        help_text="Only for indirect interests",
    )
    related_person_name = forms.CharField(
        label="If it is someone else's interest: their name",
        max_length=200,
        required=False,
        help_text=(
            "Only for indirect interests. Their name is kept in the full register "
            "but not published."
        ),
    )
    organisation_text = forms.CharField(
        label="Organisation",
        max_length=200,
        help_text=(
            "The practice, company, charity or other body the interest is in. Start typing to "
            "see matching organisations, or type its ODS code, for example Y01234."
        ),
        error_messages={"required": "Enter the organisation the interest is in"},
    )
    organisation_not_listed = forms.BooleanField(
        label="The organisation is not in the list", required=False, help_text=NOT_IN_LIST_HELP
    )
    nature = forms.ChoiceField(
        label="Your (or their) role or relationship with the organisation",
        choices=[("", "Choose one")] + list(Interest.Nature.choices),
        help_text="For example partner, director, shareholder, trustee or patient",
        error_messages={"required": "Choose the role or relationship"},
    )
    description = forms.CharField(
        label="Describe the interest",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "In a sentence, what the interest is and why it might matter. For example: "
            '"Partner in the practice, which is a member of Northfield GP Federation"'
        ),
        error_messages={
            "required": "Describe the interest",
            "max_length": "The description must be 2,000 characters or fewer",
        },
    )
    start_date = NhsDateField(
        label="When did it start?",
        help_text=(
            "If you are not sure of the day, use the first of the month. For example, 1 4 2019"
        ),
        error_messages={"required": "Enter the date the interest started"},
    )
    end_date = NhsDateField(
        label="When did it end? (leave empty if it is current)",
        required=False,
        help_text="For example, 31 3 2026",
    )

    def __init__(self, *args: Any, instance: Interest | None = None, **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{
                    name: getattr(instance, name)
                    for name in (
                        "category",
                        "indirect_type",
                        "related_person_relationship",
                        "related_person_name",
                        "nature",
                        "description",
                        "start_date",
                        "end_date",
                    )
                },
                "organisation_text": instance.organisation_label
                if instance.organisation_id or instance.organisation_name
                else "",
                "organisation_not_listed": not instance.organisation_id
                and bool(instance.organisation_name),
                VERSION_FIELD: interest_version(instance),
            }
        super().__init__(*args, **kwargs)
        self.fields["organisation_text"].widget.attrs.update(
            {"list": "organisation-suggestions", "autocomplete": "off"}
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("category") == Interest.Category.INDIRECT:
            if not data.get("indirect_type"):
                self.add_error("indirect_type", "Select what kind of interest the other person has")
            if not data.get("related_person_relationship"):
                self.add_error("related_person_relationship", "Select who the person is to you")
            if not (data.get("related_person_name") or "").strip():
                self.add_error(
                    "related_person_name", "Enter the name of the person whose interest it is"
                )
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
        text = (data.get("organisation_text") or "").strip()
        if text:
            organisation = find_organisation(text)
            data["organisation"] = organisation
            if organisation is None and not data.get("organisation_not_listed"):
                self.add_error(
                    "organisation_text",
                    f"We could not find \u201c{text}\u201d in the list of organisations. Check the "
                    "spelling, or tick \u201cThe organisation is not in the list\u201d",
                )
        return data

    def interest_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        organisation = data.get("organisation")
        return {
            "category": data["category"],
            "indirect_type": data.get("indirect_type") or "",
            "related_person_relationship": data.get("related_person_relationship") or "",
            "related_person_name": (data.get("related_person_name") or "").strip(),
            "organisation": organisation,
            "organisation_name": ""
            if organisation
            else " ".join(data["organisation_text"].split()),
            "nature": data["nature"],
            "description": data["description"].strip(),
            "start_date": data["start_date"],
            "end_date": data.get("end_date"),
        }


class SubmissionForm(forms.Form):
    """The statements the guidance asks of every declarant."""

    confirmed_complete = forms.BooleanField(
        label="I confirm the information I have given is complete and correct",
        required=False,
    )
    acknowledged_duty = forms.BooleanField(
        label="I understand I must update my declaration within 28 days of any change",
        required=False,
    )
    publish = forms.ChoiceField(
        label="Publication",
        choices=[
            ("yes", "Publish this entry on the public register"),
            ("no", "I ask that this entry is not published"),
        ],
        initial="yes",
        widget=ChoiceHintsRadioSelect(
            choice_hints={
                "yes": "Entries of decision-making staff are published, as the guidance requires.",
                "no": (
                    "Only in exceptional circumstances, for example a real risk of harm. "
                    "The Conflicts of Interest Guardian decides; until then the entry "
                    "is not published."
                ),
            }
        ),
    )
    withholding_reason = forms.CharField(
        label="If you ask for it not to be published: why?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the Guardian and the governance team see this",
    )

    def __init__(self, *args: Any, require_confirmations: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.require_confirmations = require_confirmations

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.require_confirmations:
            if not data.get("confirmed_complete"):
                self.add_error(
                    "confirmed_complete", "Confirm the information is complete and correct"
                )
            if not data.get("acknowledged_duty"):
                self.add_error(
                    "acknowledged_duty",
                    "Confirm you will update your declaration within 28 days of any change",
                )
        if data.get("publish") == "no" and not (data.get("withholding_reason") or "").strip():
            self.add_error(
                "withholding_reason", "Give the reason the entry should not be published"
            )
        return data


class CorrectionForm(InterestForm):
    reason = forms.CharField(
        label="What have you corrected, and why?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="This is kept with the entry's history",
        error_messages={"required": "Say what you corrected and why"},
    )


class EndInterestForm(forms.Form):
    end_date = NhsDateField(
        label="When did the interest end?",
        help_text="For example, 31 3 2026",
        error_messages={"required": "Enter the date the interest ended"},
    )

    def __init__(self, *args: Any, interest: Interest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.interest = interest

    def clean_end_date(self) -> Any:
        end = self.cleaned_data["end_date"]
        if self.interest.start_date is not None and end < self.interest.start_date:
            raise forms.ValidationError(
                "The end date must be on or after the start date, "
                f"{self.interest.start_date:%-d %B %Y}"
            )
        return end


class ConfirmationsForm(forms.Form):
    """Nil return or annual confirmation."""

    confirmed_complete = forms.BooleanField(
        label="I confirm my declaration is complete and correct",
        error_messages={"required": "Confirm your declaration is complete and correct"},
    )
    acknowledged_duty = forms.BooleanField(
        label="I understand I must update my declaration within 28 days of any change",
        error_messages={
            "required": "Confirm you will update your declaration within 28 days of any change"
        },
    )


class WithholdingRequestForm(forms.Form):
    reason = forms.CharField(
        label="Why should this entry not be published?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Only in exceptional circumstances, for example a real risk of harm. "
            "The Guardian decides."
        ),
        error_messages={"required": "Give the reason the entry should not be published"},
    )
