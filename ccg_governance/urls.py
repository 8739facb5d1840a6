from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ccg_governance import views
from ccg_governance.auth_forms import NhsukAuthenticationForm

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("audit/", views.audit_trail, name="audit_trail"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=NhsukAuthenticationForm),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("core.documents.urls")),
    path("", include("interests.urls")),
    path("", include("meetings.urls")),
    path("", include("procurements.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "ccg_governance.views.error_403"
handler404 = "ccg_governance.views.error_404"
handler500 = "ccg_governance.views.error_500"
