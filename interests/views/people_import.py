"""Importing people: upload -> columns -> preview (a dry run) -> commit -> result.

Every page needs ``interests.import_people`` (the secretary). A batch that does not exist,
or is not a people import, is a 404. The steps are the shared spreadsheet import's
(``interests.views.tabular_import``); the dry run and the import run as jobs.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interests.forms.people_import import PeopleColumnsForm, PeopleCommitForm, PeopleUploadForm
from interests.models import ImportBatch
from interests.people_import_fields import PEOPLE_FIELDS, people_import_mapping_guess
from interests.selectors import people_import as selectors
from interests.services import people_import as services
from interests.views import tabular_import as steps

PERMISSION = "interests.import_people"
_LEFT_ON_PARTS = ("day", "month", "year")


def _commit_params(form: Any) -> dict[str, Any]:
    left_on = form.cleaned_data["left_on"]
    return {
        "fingerprint": form.cleaned_data["fingerprint"],
        "leaver_ids": sorted(form.cleaned_data["leavers"]),
        "left_on": left_on.isoformat() if left_on else "",
    }


def _kept(posted: Any) -> dict[str, Any]:
    """What the secretary ticked and typed, shown again with the reason nothing was done."""
    return {
        "leavers": posted.getlist("leavers"),
        **{f"left_on_{part}": posted.get(f"left_on_{part}", "") for part in _LEFT_ON_PARTS},
    }


def _shown_again(params: dict[str, Any]) -> dict[str, Any]:
    """The leavers and date the refused import was given, as the form had them."""
    left_on = params.get("left_on") or ""
    day_month_year = left_on.split("-")[::-1] if left_on else ["", "", ""]
    return {
        "leavers": [str(pk) for pk in params.get("leaver_ids", [])],
        **{
            f"left_on_{part}": value.lstrip("0") if part != "year" else value
            for part, value in zip(_LEFT_ON_PARTS, day_month_year, strict=True)
        },
    }


def _columns_initial(batch: ImportBatch, initial: dict[str, Any]) -> dict[str, Any]:
    return {**initial, "full": selectors.people_import_is_full(batch)}


FLOW = steps.TabularImport(
    name="people_import",
    caption="Import people",
    fields=PEOPLE_FIELDS,
    upload_form=PeopleUploadForm,
    columns_form=PeopleColumnsForm,
    batch_get=selectors.people_import_batch_get,
    batches_recent=selectors.people_import_batches_recent,
    upload=services.people_import_upload,
    mapping_set=lambda *, batch, form, actor, request: services.people_import_mapping_set(
        batch=batch,
        mapping=form.mapping,
        full=form.cleaned_data["full"],
        actor=actor,
        request=request,
    ),
    ready=services.require_columns,
    commit_form=lambda data, preview: PeopleCommitForm(data, leavers=preview.leavers),
    commit_params=_commit_params,
    kept=_kept,
    shown_again=_shown_again,
    columns_initial=_columns_initial,
    columns_intro=(
        "For each part of a person's record, choose the column of the file that holds it. We "
        "have guessed from the headings: check every choice and change any that are wrong."
    ),
    upload_intro=(
        "Add and update the people who declare: a spreadsheet you keep, or ESR's staff export "
        "(name, job title, staff group, email address, staff number, assignment and dates).",
        "After the upload you will match the file's columns, then see, row by row, what "
        "importing it would do: who is added, whose record changes, the logins made and the "
        "invitations sent. Nothing changes until you confirm, and nothing at all while any row "
        "has an error. People are recognised by their staff number, or else their email "
        "address, so importing an updated file again changes their records instead of adding "
        "them twice.",
    ),
)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def upload_view(request: HttpRequest) -> HttpResponse:
    return steps.upload_page(request, FLOW)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def columns_view(request: HttpRequest, pk: int) -> HttpResponse:
    return steps.columns_page(request, FLOW, pk, people_import_mapping_guess)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def preview_view(request: HttpRequest, pk: int) -> HttpResponse:
    return steps.preview_view_for(request, FLOW, pk)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_POST
def commit_view(request: HttpRequest, pk: int) -> HttpResponse:
    return steps.commit_view_for(request, FLOW, pk)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def result_view(request: HttpRequest, pk: int) -> HttpResponse:
    return steps.result_view_for(request, FLOW, pk)
