"""`python manage.py seed_demo [--employees N]`: the fictional demo agency and its demo logins."""

import time

from django.core.management.base import BaseCommand, CommandError

from accounts.demo import seed_demo
from accounts.demo.data import AGENCY_NAME, DEMO_PASSWORD
from accounts.extensions import demo_seeders


class Command(BaseCommand):
    help = (
        "Mengisi basis data dengan instansi fiktif Pemerintah Kota Laras Bahari dan akun demo. "
        "Aman dijalankan ulang: yang sudah ada tidak diubah."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--employees",
            type=int,
            default=None,
            metavar="N",
            help="Tambahkan OPD buatan sampai total N pegawai (data uji skala provinsi).",
        )

    def handle(self, *args, employees=None, **options):
        if employees is not None and employees < 0:
            raise CommandError("--employees tidak boleh negatif.")
        started = time.perf_counter()
        result = seed_demo(employees)
        # Apps above accounts add their demo data (library, cycles, SKPs): they register it on
        # an extension point because accounts cannot import them.
        extras = [(seeder.label, seeder.seed()) for seeder in demo_seeders]
        seconds = time.perf_counter() - started
        totals, created = result.totals, result.created
        self.stdout.write(
            f"{AGENCY_NAME}: {totals['opd']} OPD, {totals['units']} unit, "
            f"{totals['positions']} jabatan, {totals['employees']} pegawai."
        )
        self.stdout.write(
            f"Baru dibuat: {created['units']} unit, {created['positions']} jabatan, "
            f"{created['employees']} pegawai, {created['users']} akun ({seconds:.1f} detik)."
        )
        for label, outcome in extras:
            if isinstance(outcome, dict):  # the headline counts, not the whole breakdown
                outcome = ", ".join(f"{k}={v}" for k, v in outcome.items() if isinstance(v, int))
            self.stdout.write(f"{label}: {outcome}")
        self.stdout.write(f"\nAkun demo (kata sandi {DEMO_PASSWORD}):")
        for username, role, employee in result.logins:
            self.stdout.write(f"  {username:<10} {role:<26} {employee.full_name}")
