"""Messages sent to you, and the outbox for the secretary."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.outbox import selectors, services
from core.outbox.models import OutboxMessage


@require_GET
@login_required
def my_messages(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.messages_for_recipient(request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "core/outbox/my_messages.html", {"page": page})


@require_GET
@login_required
def my_message(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_for_recipient(request.user, pk)
    return render(
        request,
        "core/outbox/my_message.html",
        {"message": message, "text": selectors.message_text_shown(message)},
    )


@require_GET
@login_required
@permission_required("core.view_outboxmessage", raise_exception=True)
def outbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    page = Paginator(selectors.outbox_messages(status), 50).get_page(request.GET.get("page"))
    counts = selectors.outbox_counts()
    return render(
        request,
        "core/outbox/outbox.html",
        {
            "page": page,
            "status": status if status in OutboxMessage.Status.values else "",
            "statuses": [(v, label, counts[v]) for v, label in OutboxMessage.Status.choices],
            "query_string": f"status={status}" if status in OutboxMessage.Status.values else "",
        },
    )


@require_POST
@login_required
@permission_required("core.change_outboxmessage", raise_exception=True)
def outbox_retry(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(OutboxMessage, pk=pk)
    try:
        services.email_retry(actor=request.user, message=message)
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
    else:
        flash.success(request, f"The email to {message.recipient_name or message.to_email} "
                      "will be tried again.")  # fmt: skip
    return redirect("outbox")
