from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from interests.models import Member


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("full_name", "job_title", "professional_role", "is_decision_maker", "is_active")
    list_filter = ("professional_role", "is_decision_maker", "is_active")
    search_fields = ("first_name", "last_name", "email", "job_title")

    # Read-only: people change through the People screens, whose services re-check
    # recusals and write the audit trail. The admin would bypass both.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
