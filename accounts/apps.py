from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Organisation and people")

    def ready(self):
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from accounts import extensions
        from accounts.logins.selectors import employee_account_section
        from accounts.logins.services import (
            account_deactivate_for_leaving,
            account_provision,
            record_last_login,
        )

        # Django saves the whole user on every login, which would add a history row per login
        # (last_login is excluded from history, the row is not). A plain UPDATE records the time.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(record_last_login, dispatch_uid="record_last_login")
        # "Sesi aktif" (accounts.logins.sessions), and the second factor each new session owes
        # (accounts.twofactor.flow): whatever logged the person in.
        from accounts.logins.sessions import forget_logout, record_login
        from accounts.twofactor.flow import mark_on_login

        user_logged_in.connect(record_login, dispatch_uid="record_login_session")
        user_logged_in.connect(mark_on_login, dispatch_uid="twofactor_mark_on_login")
        user_logged_out.connect(forget_logout, dispatch_uid="forget_login_session")

        # Login accounts follow the organisation's people (org cannot import logins).
        extensions.employee_registered.register(account_provision)
        extensions.employee_left.register(account_deactivate_for_leaving)
        extensions.employee_page.register(employee_account_section)
        from accounts.twofactor.selectors import employee_twofactor_section

        extensions.employee_page.register(employee_twofactor_section)
