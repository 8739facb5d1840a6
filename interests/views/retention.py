"""The secretary's review of records kept past their six years, and their deletion."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from interests.selectors.retention import deletion_list
from interests.services.retention import PERMISSION, retention_delete
from interests.views.organisations import _form_error


class RetentionForm(forms.Form):
    records = forms.MultipleChoiceField(
        label="Records to delete",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the records to delete"},
    )
    confirm = forms.BooleanField(
        label="I have reviewed these records: they are past their six years and may be deleted",
        error_messages={"required": "Confirm you have reviewed the records"},
    )

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["records"]
        if isinstance(field, forms.MultipleChoiceField):
            field.choices = choices


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
@permission_required(PERMISSION, raise_exception=True)
def retention_review(request: HttpRequest) -> HttpResponse:
    leavers = deletion_list()
    choices = [(r.key, r.label) for leaver in leavers for r in leaver.deletable]
    form = RetentionForm(request.POST if request.method == "POST" else None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            deleted = retention_delete(
                actor=request.user, keys=form.cleaned_data["records"], request=request
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                f"Deleted {deleted.records} record{'s' if deleted.records != 1 else ''}. "
                "Each deletion is in the audit trail.",
            )
            return redirect("retention_review")
    chosen = set(form["records"].value() or []) if form.is_bound else set()
    # Each deletable record's checkbox is numbered across the page, as the error summary links
    # to the first one.
    numbered = {key: index for index, (key, _label) in enumerate(choices)}
    groups = [
        (leaver, [(record, numbered.get(record.key)) for record in leaver.records])
        for leaver in leavers
    ]
    return render(
        request,
        "interests/people/retention.html",
        {"groups": groups, "form": form, "chosen": chosen, "any_due": bool(choices)},
    )
