"""The secretary's screen for when reminders and summaries are sent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.schedules import selectors, services
from core.schedules.forms import ScheduleForm


@require_GET
@login_required
@permission_required("django_celery_beat.view_periodictask", raise_exception=True)
def schedule_list(request: HttpRequest) -> HttpResponse:
    return render(request, "core/schedules/list.html", {"rows": selectors.schedule_rows()})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("django_celery_beat.change_periodictask", raise_exception=True)
def schedule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.schedule_get(pk)
    row = selectors.schedule_row(task)
    if not row.editable or row.simple is None:
        raise Http404("This schedule is not changed here")
    initial = ScheduleForm.initial_for(
        hour=row.simple.hour,
        minute=row.simple.minute,
        days=row.simple.days,
        enabled=row.enabled,
        version=selectors.schedule_version(task),
    )
    form = ScheduleForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        hour, minute = form.cleaned_data["time"]
        try:
            changed = services.schedule_change(
                actor=request.user,
                task=task,
                hour=hour,
                minute=minute,
                days=form.cleaned_data["days"],
                enabled=form.cleaned_data["enabled"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            state = changed.when if changed.enabled else "switched off"
            messages.success(request, f"{changed.title}: {state}.")
            return redirect("schedule_list")
    return render(request, "core/schedules/edit.html", {"form": form, "row": row})
