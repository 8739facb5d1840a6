from django.contrib import admin

from interests.models import Member


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("full_name", "job_title", "professional_role", "is_decision_maker", "is_active")
    list_filter = ("professional_role", "is_decision_maker", "is_active")
    search_fields = ("first_name", "last_name", "email", "job_title")
