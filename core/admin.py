from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is never edited, even by superusers."""

    list_display = ("at", "actor", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "actor__username")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class _ReadOnly(admin.ModelAdmin):
    """Shown, never changed here: logins, roles and second factors change only through the
    People and two-factor screens, whose services check who may do it, keep the audit trail
    and show the Guardian (a superuser editing here would bypass all three)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyUserAdmin(_ReadOnly, UserAdmin):
    pass


class ReadOnlyGroupAdmin(_ReadOnly, GroupAdmin):
    pass


class ReadOnlyTOTPDeviceAdmin(_ReadOnly):
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    exclude = ("key",)  # the shared secret is never shown again once set up


class ReadOnlyStaticDeviceAdmin(_ReadOnly):
    list_display = ("user", "name", "confirmed")


for model, model_admin in (
    (User, ReadOnlyUserAdmin),
    (Group, ReadOnlyGroupAdmin),
    (TOTPDevice, ReadOnlyTOTPDeviceAdmin),
    (StaticDevice, ReadOnlyStaticDeviceAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
