from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from ccg_governance import two_factor_views, views
from ccg_governance.sso import views as sso_views
from core import audit_views

# The Django admin asks for a verified second factor too (core.two_factor).
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("audit/", audit_views.audit_trail, name="audit_trail"),
    path("audit/trail.csv", audit_views.audit_trail_csv, name="audit_trail_csv"),
    path("audit/privileged/", audit_views.privileged_actions, name="privileged_actions"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", sso_views.SignInView.as_view(), name="login"),
    path("accounts/sso/start/", sso_views.SSOStartView.as_view(), name="oidc_authentication_init"),
    path("readyz", views.readyz, name="readyz"),
    path(
        "accounts/sso/callback/",
        sso_views.SSOCallbackView.as_view(),
        name="oidc_authentication_callback",
    ),
    path("accounts/two-factor/", two_factor_views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", two_factor_views.two_factor_setup, name="two_factor_setup"),
    path(
        "accounts/two-factor/recovery-codes/",
        two_factor_views.recovery_codes_renew,
        name="two_factor_recovery_codes",
    ),
    path(
        "accounts/two-factor/reset/<int:user_pk>/",
        two_factor_views.two_factor_reset,
        name="two_factor_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("core.documents.urls")),
    path("", include("core.outbox.urls")),
    path("", include("core.schedules.urls")),
    path("", include("interests.urls")),
    path("", include("meetings.urls")),
    path("", include("procurements.urls")),
    path("", include("compliance.urls")),
    path("", include("opendata.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "ccg_governance.views.error_403"
handler404 = "ccg_governance.views.error_404"
handler500 = "ccg_governance.views.error_500"
