"""Filters for the full register (django-filter)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from ccg_governance.forms import NhsDateField
from interests.models import Interest, Member
from interests.models.interests import InterestQuerySet
from meetings.models import Committee, CommitteeMembership

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
    declarant = django_filters.ModelChoiceFilter(
        label="Member",
        queryset=Member.objects.order_by("last_name", "first_name"),
        empty_label="Any member",
    )
    committee = django_filters.ModelChoiceFilter(
        label="Committee",
        queryset=Committee.objects.all(),
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
        members = CommitteeMembership.objects.filter(committee=value).values("member_id")
        return queryset.filter(declarant_id__in=members)

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
