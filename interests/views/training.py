"""Training records: the completion figure, recording a result, importing, withdrawing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.digits import is_digits
from interests.forms.training import TrainingImportForm, TrainingRecordForm, TrainingWithdrawForm
from interests.models import Member, TrainingRecord
from interests.selectors import training as selectors
from interests.services import training as services
from interests.tabular import TableError


@require_GET
@login_required
@permission_required("interests.view_trainingrecord", raise_exception=True)
def training_overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "interests/training/overview.html",
        {
            "completion": selectors.training_completion(),
            "recent": selectors.training_records_recent(),
            "can_record": request.user.has_perm("interests.record_training"),
        },
    )


def _add_errors(form: TrainingRecordForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        for text in error.messages:
            form.add_error(None, text)


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("interests.record_training", raise_exception=True)
def training_record_new(request: HttpRequest) -> HttpResponse:
    initial = {}
    member_pk = request.GET.get("member", "")
    if is_digits(member_pk):
        initial["member"] = Member.objects.filter(pk=int(member_pk), is_active=True).first()
    form = TrainingRecordForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.training_record(
                actor=request.user,
                member=form.cleaned_data["member"],
                module=form.cleaned_data["module"],
                completed_on=form.cleaned_data["completed_on"],
                score=form.cleaned_data["score"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            outcome = "a pass" if record.passed else "not a pass"
            messages.success(
                request,
                f"Recorded {record.member.full_name}'s {record.score}% in "
                f"{record.get_module_display()}: {outcome}.",
            )
            return redirect("training_overview")
    return render(request, "interests/training/record_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("interests.record_training", raise_exception=True)
def training_import(request: HttpRequest) -> HttpResponse:
    form = TrainingImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.training_import(
                actor=request.user,
                content=upload.read(),
                encoding=form.cleaned_data["encoding"],
                filename=upload.name or "",
                commit=request.POST.get("action") == "import",
            )
        except TableError as error:
            form.add_error("file", str(error))
        else:
            if result.errors:
                count = len(result.errors)
                form.add_error(
                    None,
                    f"{count} row{'s' if count != 1 else ''} of the file "
                    f"{'have' if count != 1 else 'has'} a problem, so nothing was imported. "
                    "Correct the file and upload it again.",
                )
            elif result.committed:
                messages.success(
                    request,
                    f"Imported {len(result.to_record)} training result"
                    f"{'s' if len(result.to_record) != 1 else ''}"
                    f"{f'; {len(result.skipped)} already recorded' if result.skipped else ''}.",
                )
                return redirect("training_overview")
    return render(request, "interests/training/import.html", {"form": form, "result": result})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("interests.record_training", raise_exception=True)
def training_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(TrainingRecord.objects.select_related("member"), pk=pk)
    form = TrainingWithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_withdraw(
                actor=request.user, record=record, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(request, f"Withdrew the record: {record}.")
            return redirect("training_overview")
    return render(request, "interests/training/withdraw.html", {"form": form, "record": record})
