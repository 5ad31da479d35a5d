"""`python manage.py purge_personal_data [--dry-run]`: the retention run, by hand.

Prints one line per kind of data (`evidence=3 (RETENTION_EVIDENCE_DAYS=1825)`) and, last,
`removed=<n>`: scripts read that line. With --dry-run nothing is removed: the lines count what
would be, then `would_remove=<n>` and `removed=0`.
"""

from django.core.management.base import BaseCommand

from core.actor import Actor
from reports.privacy.services import personal_data_purge


class Command(BaseCommand):
    help = (
        "Menghapus data pribadi yang melewati masa simpannya (RETENTION_*): bukti dukung, kontak "
        "dan hash alamat pengirim umpan balik publik, catatan login, jejak audit dan log akses. "
        "Aman dijalankan ulang."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Hanya hitung yang akan dihapus; tidak ada yang diubah.",
        )

    def handle(self, *args, dry_run=False, **options):
        report = personal_data_purge(
            actor=Actor.system("purge_personal_data command"), dry_run=dry_run
        )
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Uji coba (--dry-run): tidak ada yang dihapus.")
            self.stdout.write(f"would_remove={report.removed}")
            self.stdout.write("removed=0")
        else:
            self.stdout.write(f"removed={report.removed}")
