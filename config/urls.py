from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.logins import urls as login_urls
from accounts.logins.views import public as account_views
from accounts.logins.views import sessions as session_views
from accounts.org import urls as org_urls
from accounts.org.views.home import home
from accounts.signatures import urls as signatures_urls
from accounts.sso import views as sso_views
from accounts.twofactor import urls as twofactor_urls
from accounts.twofactor import views as twofactor_views
from config.health import healthz
from feedback.public import urls as public_feedback_urls

admin.site.site_header = "Kinerja ASN"


def _superuser_only(request):
    # Django admin stays for superusers; staff flags alone do not open it.
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superuser_only

urlpatterns = [
    path("", home, name="home"),
    path("healthz/", healthz, name="healthz"),
    path(
        "accounts/login/",
        # Django's LoginView whose right password goes on to the second step (accounts.twofactor).
        twofactor_views.LoginView.as_view(),
        name="login",
    ),
    # Ends an SSO session at the provider too (RP-initiated logout); POST only, as Django's.
    path("accounts/logout/", sso_views.logout, name="logout"),
    path("accounts/sso/", include("accounts.sso.urls")),
    path(
        "accounts/password/change/",
        # A new password also ends the account's other sessions.
        session_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        account_views.RateLimitedPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        account_views.LocalPasswordResetConfirmView.as_view(
            post_reset_login=True, post_reset_login_backend="accounts.backends.NipOrUsernameBackend"
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("akun/", include(login_urls)),
    path("akun/dua-langkah/", include(twofactor_urls)),
    path("kelola/akun/", include((login_urls.admin_urlpatterns, "account_admin"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("interchange.api.urls")),
    path("kelola/", include("interchange.urls")),
    path("", include("tpp.urls")),
    path("kelola/impor/", include("accounts.importing.urls")),
    path("kotak-masuk/", include("notifications.urls")),
    path("pustaka-indikator/", include("indicators.urls")),
    path("kinerja/", include("appraisal.urls")),
    path("laporan/", include("reports.urls")),
    path("bantuan/", include("guide.urls")),
    path("umpan-balik/", include("feedback.urls")),
    path("u/", include((public_feedback_urls.citizen_urlpatterns, "public"))),
    # The verification page behind every document's QR (no login).
    path("v/", include("accounts.verification.urls")),
    # Personal data (UU 27/2022): the notice, one's own data, the access log.
    path("privasi/", include("reports.privacy.urls")),
    path(
        "kelola/",
        include(
            (
                org_urls.urlpatterns
                + login_urls.employee_urlpatterns
                + twofactor_urls.employee_urlpatterns
                + signatures_urls.admin_urlpatterns,
                org_urls.app_name,
            )
        ),
    ),
]
# Off in production unless ADMIN_ENABLED=true: the app's own pages do all the daily work, and a
# repair through the admin can switch it on for a while (docs/operations.md).
if settings.ADMIN_ENABLED:
    urlpatterns.append(path("admin/", admin.site.urls))

handler403 = "config.errors.error_403"
handler404 = "config.errors.error_404"
handler500 = "config.errors.error_500"
