"""Two-factor sign-in pages: enrol an authenticator, enter a code, recovery codes, and a
reset by another system administrator. The rules are in ``core.two_factor``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from core import two_factor


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Security code",
        max_length=32,
        help_text="The 6-digit code your authenticator app shows now, or a recovery code",
        error_messages={
            "required": "Enter the security code",
            "max_length": "That code is too long",
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )


class EnrolForm(TokenForm):
    token = forms.CharField(
        label="Security code",
        max_length=32,
        help_text="The 6-digit code your authenticator app shows after you add Recuse to it",
        error_messages={"required": "Enter the 6-digit code from your app"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/dashboard/"


def _recovery_page(request: HttpRequest, codes: list[str], *, first: bool) -> HttpResponse:
    return render(
        request,
        "registration/two_factor_recovery_codes.html",
        {"codes": codes, "first": first, "next": _next_url(request)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if two_factor.has_second_factor(request.user):
        return redirect("two_factor_verify")
    user: Any = request.user
    device = two_factor.enrolment_device(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.two_factor_enrol(
                request=request, device=device, token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            form.add_error("token", error.message_dict.get("token", error.messages))
        else:
            return _recovery_page(request, codes, first=True)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_data_uri(device),
            "secret": two_factor.secret_for_typing(device),
            "required": two_factor.two_factor_required(user),
            "next": _next_url(request),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    if not two_factor.has_second_factor(request.user):
        return redirect("two_factor_setup")
    if request.user.is_verified():  # type: ignore[union-attr]
        if request.method == "GET" and not request.GET.get("next"):
            return render(request, "registration/two_factor_status.html")
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.two_factor_verify(request=request, token=form.cleaned_data["token"]):
            return redirect(_next_url(request))
        form.add_error(
            "token",
            "The code is not right, or it has been used already. Wait a few seconds, then enter "
            "the code your app shows now, or a recovery code you have not used",
        )
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@require_POST
@login_required
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    return _recovery_page(request, two_factor.recovery_codes_renew(request=request), first=False)


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_reset(request: HttpRequest, user_pk: int) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied("Only a system administrator can reset two-factor sign-in.")
    target = get_object_or_404(User, pk=user_pk)
    if request.method == "POST":
        try:
            two_factor.two_factor_reset(actor=request.user, user=target, request=request)
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Two-factor sign-in for {target.get_username()} has been reset. They will set "
                "up a new authenticator the next time they sign in.",
            )
            return redirect("privileged_actions")
    return render(
        request,
        "registration/two_factor_reset.html",
        {"target": target, "has_device": two_factor.has_second_factor(target)},
    )
