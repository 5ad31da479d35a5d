from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TppConfig(AppConfig):
    name = "tpp"
    verbose_name = _("TPP")

    def ready(self) -> None:
        from accounts.extensions import DemoSeeder, demo_seeders
        from tpp.demo import seed
        from tpp.months import exporter  # noqa: F401 (registers the `tpp` export)

        # After feedback's (its app is loaded first): the months use the demo's predicates.
        demo_seeders.register(DemoSeeder("TPP", seed))
