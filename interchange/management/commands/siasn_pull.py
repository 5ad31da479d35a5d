"""Pull the organisation from SIASN: read the units, the employees of the scope (and any NIP named)
and their posts, and prepare an employee import of what differs, confirmed on the import's preview
page (or at once with --apply). --dry-run reads and reports, and keeps nothing."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from accounts.importing import script_actor
from accounts.importing.records import import_confirm
from core.errors import DomainError
from interchange.siasn.client import configured
from interchange.siasn.models import PullState
from interchange.siasn.pull import NIP, note_label, pull_preview


class Command(BaseCommand):
    help = "Menarik data organisasi dari SIASN ke pratinjau impor pegawai."

    def add_arguments(self, parser):
        parser.add_argument("--opd", default="", help="Kode OPD (bawaan: semua OPD).")
        parser.add_argument(
            "--nip", action="append", default=[], help="NIP tambahan (pegawai baru), berulang."
        )
        parser.add_argument("--dry-run", action="store_true", help="Hanya membaca dan melapor.")
        parser.add_argument("--apply", action="store_true", help="Langsung terapkan pratinjaunya.")
        parser.add_argument("--user", help="Nama pengguna yang dicatat sebagai pelaku.")

    def handle(self, *args, opd, nip, dry_run, apply, user, **options):
        if not configured():
            raise CommandError(
                "SIASN belum diatur (SIASN_TOKEN_URL, SIASN_API_URL, …): lihat README, bagian SIASN."
            )
        bad = [n for n in nip if not NIP.match(n)]
        if bad:
            raise CommandError("NIP harus 18 angka: " + ", ".join(bad))
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"Tidak ada pengguna bernama {user}.")
        actor = script_actor(account)
        pull = pull_preview(actor, opd_code=opd, extra_nips=nip, dry_run=dry_run)
        for note in pull.notes:
            self.stdout.write(
                f"{note['nip']} {note['name']}: {note_label(note['kind'])}: {note['detail']}"
            )
        for error in pull.errors:
            self.stderr.write(f"Baris {error['row']}, kolom {error['column']}: {error['message']}")
        if pull.state == PullState.FAILED:
            raise CommandError(pull.message)
        if pull.state == PullState.READY and not dry_run:
            record = pull.employee_import
            if apply:
                try:
                    result = import_confirm(record, actor=actor)
                except DomainError as error:
                    raise CommandError(str(error)) from None
                self.stdout.write(result.summary_line)
            else:
                path = reverse("imports:preview", kwargs={"public_id": record.public_id})
                self.stdout.write(f"Pratinjau menunggu konfirmasi: {path}")
        c = pull.counts
        self.stdout.write(
            f"siasn_pull read={c.get('read', 0)} new={c.get('new', 0)} "
            f"changed={c.get('changed', 0)} unchanged={c.get('unchanged', 0)} "
            f"noted={c.get('noted', 0)} state={pull.state}"
        )
