"""Filters for the full registers: interests, and gifts and hospitality (django-filter)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from core.forms import NhsDateField
from interests import hooks
from interests.forms.gifts import YES_NO
from interests.models import GiftOrHospitality, Interest, Member
from interests.models.interests import InterestQuerySet

SORTS = {
    "member": ("declarant__last_name", "declarant__first_name", "-start_date"),
    "organisation": ("organisation__name", "organisation_name", "declarant__last_name"),
    "category": ("category", "declarant__last_name"),
    "start": ("start_date", "declarant__last_name"),
    "-start": ("-start_date", "declarant__last_name"),
    "end": ("end_date", "declarant__last_name"),
    "status": ("status", "declarant__last_name"),
}


class NhsDateFilter(django_filters.Filter):
    field_class = NhsDateField


class RegisterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        help_text="Words in the member's name, the organisation or the description",
    )
    # One person's entries, as linked from their page. Not a drop-down: with thousands of
    # people it would be the heaviest thing on the page (finding someone is "Search").
    declarant = django_filters.ModelChoiceFilter(
        label="Member", queryset=Member.objects.all(), widget=forms.HiddenInput
    )
    committee = django_filters.ChoiceFilter(
        label="Committee",
        choices=hooks.committee_choices,
        method="filter_committee",
        empty_label="Any committee",
    )
    category = django_filters.ChoiceFilter(
        choices=Interest.Category.choices, empty_label="Any category"
    )
    organisation = django_filters.CharFilter(
        label="Organisation",
        method="filter_organisation",
        help_text="Part of the organisation's name, or its ODS code",
    )
    status = django_filters.ChoiceFilter(
        choices=[
            (Interest.Status.SUBMITTED, "Submitted, awaiting review"),
            (Interest.Status.REVIEWED, "Reviewed"),
        ],
        empty_label="Any status",
    )
    current_on = NhsDateFilter(
        label="Current on",
        method="filter_current_on",
        help_text="Only interests held on this date. For example, 15 3 2026",
    )
    declared_late = django_filters.BooleanFilter(
        label="Declared more than 28 days late",
        method="filter_declared_late",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        method="filter_sort",
        empty_label="Member",
        choices=[
            ("organisation", "Organisation"),
            ("category", "Category"),
            ("-start", "Newest first"),
            ("start", "Oldest first"),
            ("end", "End date"),
            ("status", "Status"),
        ],
    )

    class Meta:
        model = Interest
        fields: list[str] = []

    def filter_search(
        self, queryset: QuerySet[Interest], name: str, value: str
    ) -> QuerySet[Interest]:
        for word in value.split()[:8]:
            queryset = queryset.filter(
                Q(declarant__first_name__icontains=word)
                | Q(declarant__last_name__icontains=word)
                | Q(organisation__name__icontains=word)
                | Q(organisation_name__icontains=word)
                | Q(description__icontains=word)
            )
        return queryset

    def filter_committee(
        self, queryset: QuerySet[Interest], name: str, value: Any
    ) -> QuerySet[Interest]:
        return queryset.filter(declarant_id__in=hooks.committee_member_ids(int(value)))

    def filter_organisation(
        self, queryset: QuerySet[Interest], name: str, value: str
    ) -> QuerySet[Interest]:
        value = value.strip()
        return queryset.filter(
            Q(organisation__name__icontains=value)
            | Q(organisation__ods_code__iexact=value)
            | Q(organisation_name__icontains=value)
        )

    def filter_current_on(
        self, queryset: InterestQuerySet, name: str, value: Any
    ) -> QuerySet[Interest]:
        return queryset.current_on(value)

    def filter_declared_late(
        self, queryset: InterestQuerySet, name: str, value: bool
    ) -> QuerySet[Interest]:
        if not value:
            return queryset
        return queryset.declared_late()

    def filter_sort(
        self, queryset: QuerySet[Interest], name: str, value: str
    ) -> QuerySet[Interest]:
        return queryset.order_by(*SORTS.get(value, SORTS["member"]), "id")

    @property
    def qs(self) -> QuerySet[Interest]:
        queryset = super().qs
        if not (self.form.is_bound and self.form.is_valid() and self.form.cleaned_data.get("sort")):
            queryset = queryset.order_by(*SORTS["member"], "id")
        return queryset


# --- The gifts and hospitality register --------------------------------------


class GiftRegisterFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("offered_from"), data.get("offered_to")
        if start and end and end < start:
            self.add_error(
                "offered_to", "The 'to' date must be the same as or after the 'from' date"
            )
        return data


class GiftRegisterFilter(django_filters.FilterSet):
    """Filters on the full register; the page and its CSV export share them."""

    q = django_filters.CharFilter(
        label="Search",
        method="search",
        help_text="A name, who made the offer, or words from the description or reason",
        max_length=200,
    )
    recipient = django_filters.ModelChoiceFilter(
        label="Person",
        queryset=Member.objects.order_by("last_name", "first_name"),
        empty_label="Anyone",
        help_text="Whose register entries to show",
    )
    kind = django_filters.ChoiceFilter(
        label="Gift or hospitality",
        choices=GiftOrHospitality.Kind.choices,
        empty_label="Both",
        help_text="Show only gifts, or only hospitality",
    )
    outcome = django_filters.ChoiceFilter(
        label="Accepted or declined",
        choices=GiftOrHospitality.Outcome.choices,
        empty_label="Any",
        help_text="What the person did with the offer",
    )
    supplier = django_filters.ChoiceFilter(
        label="From a supplier or contractor",
        choices=YES_NO,
        empty_label="Either",
        method="filter_supplier",
        help_text="Offers from organisations that supply, or may bid to supply, services",
    )
    offered_from = NhsDateFilter(
        field_name="offered_on",
        lookup_expr="gte",
        label="Offered on or after",
        help_text="For example 1 4 2025",
    )
    offered_to = NhsDateFilter(
        field_name="offered_on",
        lookup_expr="lte",
        label="Offered on or before",
        help_text="For example 31 3 2026",
    )

    class Meta:
        model = GiftOrHospitality
        fields: list[str] = []
        form = GiftRegisterFilterForm

    def search(
        self, queryset: QuerySet[GiftOrHospitality], name: str, value: str
    ) -> QuerySet[GiftOrHospitality]:
        for word in value.split():
            queryset = queryset.filter(
                Q(description__icontains=word)
                | Q(reason__icontains=word)
                | Q(offered_by_name__icontains=word)
                | Q(offered_by_organisation__name__icontains=word)
                | Q(recipient__first_name__icontains=word)
                | Q(recipient__last_name__icontains=word)
            )
        return queryset

    def filter_supplier(
        self, queryset: QuerySet[GiftOrHospitality], name: str, value: str
    ) -> QuerySet[GiftOrHospitality]:
        return queryset.filter(offerer_is_supplier=(value == "yes"))
