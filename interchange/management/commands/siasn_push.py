"""Push a year's final results to SIASN, or with --dry-run write what would be sent to a JSON file
and send nothing (for a Pemda waiting for its credentials, and for BKD to review)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interchange.siasn import push
from interchange.siasn.client import SiasnClient, SiasnUnavailable, configured
from interchange.siasn.models import PushState


class Command(BaseCommand):
    help = "Mengirim hasil kinerja final ke SIASN (atau --dry-run: menulis yang akan dikirim)."

    def add_arguments(self, parser):
        parser.add_argument("--cycle", type=int, required=True, help="Tahun siklus.")
        parser.add_argument("--period", type=int, help="Periode (0: tahunan).")
        parser.add_argument("--opd", default="", help="Kode OPD.")
        parser.add_argument("--dry-run", action="store_true", help="Tidak mengirim apa pun.")
        parser.add_argument("--output", help="Berkas JSON untuk --dry-run.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Kirim ulang juga yang sudah terkirim tanpa perubahan.",
        )

    def handle(self, *args, cycle, period, opd, dry_run, output, force, **options):
        evaluations = push.results(cycle, period=period, opd_code=opd)
        if dry_run:
            if not output:
                raise CommandError("--dry-run memerlukan --output BERKAS.json.")
            entries = push.dry_run(evaluations.iterator(chunk_size=500))
            Path(output).write_text(json.dumps(entries, ensure_ascii=False, indent=1))
            invalid = sum(1 for entry in entries if entry["errors"])
            self.stdout.write(f"payloads={len(entries)} invalid={invalid} file={output}")
            return
        if not configured():
            raise CommandError(
                "SIASN belum diatur (SIASN_TOKEN_URL, SIASN_API_URL, …): pakai --dry-run, atau isi "
                "pengaturannya (README, bagian SIASN)."
            )
        counts = dict.fromkeys(PushState.values, 0)
        with SiasnClient() as client:
            check = push.reference_check(client)
            if not check.ok:
                raise CommandError(
                    "Kode referensi SIASN berbeda dengan kode kita; tidak ada yang dikirim:\n"
                    + "\n".join(check.differences)
                )
            for evaluation in evaluations.iterator(chunk_size=200):
                try:
                    result = push.result_push(evaluation, client, force=force)
                except SiasnUnavailable as error:
                    raise CommandError(f"SIASN tidak dapat dihubungi: {error}") from None
                counts[result.state] += 1
        summary = " ".join(f"{state}={count}" for state, count in counts.items())
        self.stdout.write(summary)
