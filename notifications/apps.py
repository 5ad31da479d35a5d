from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from accounts import extensions
        from notifications.demo import seed
        from notifications.services import account_notice

        # Security notices about one's own login account (accounts.twofactor's reset).
        extensions.account_notice.register(account_notice)
        extensions.demo_seeders.register(extensions.DemoSeeder("Saluran pemberitahuan", seed))
