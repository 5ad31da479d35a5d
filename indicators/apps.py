from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Work plans")

    def ready(self) -> None:
        from accounts.extensions import DemoSeeder, demo_seeders
        from indicators.demo.seed import seed_examples, seed_library

        demo_seeders.register(DemoSeeder("Pustaka indikator (entri baru)", seed_library))
        demo_seeders.register(DemoSeeder("Contoh SKP per jabatan (baru)", seed_examples))
