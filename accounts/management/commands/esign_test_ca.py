"""A test certificate authority and signing certificates for the local backend (the demo, a
trial): the CA's certificate goes to ESIGN_DIR/ca.pem (trusted when signatures are checked), its
key beside it (readable by the owner only), and each chosen employee gets a PKCS#12 kept
encrypted as their signing certificate, plus the institution's seal.

Never for production: a Pemda signs with certificates from its real CA (or BSrE).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.org.models import AgencyProfile, Employee
from accounts.org.nip import validate_nip_text
from accounts.signatures import pki
from accounts.signatures.models import SigningCredential
from accounts.signatures.services import credential_upload
from core.actor import Actor

ACTOR = Actor.system("esign_test_ca")


class Command(BaseCommand):
    help = "Membuat CA uji dan sertifikat tanda tangan untuk backend local (demo/uji coba)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--nip",
            action="append",
            default=[],
            help="NIP pegawai (boleh berulang). Tanpa ini: semua pegawai aktif yang punya akun.",
        )
        parser.add_argument(
            "--when-local",
            action="store_true",
            help="Tidak berbuat apa-apa kecuali ESIGN_BACKEND=local (untuk make run).",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Lewati pegawai yang sudah punya sertifikat aktif.",
        )

    def handle(self, *args, nip, if_missing, when_local, **options):
        if when_local and settings.ESIGN_BACKEND != "local":
            return
        folder = Path(settings.ESIGN_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        ca = self._ca(folder)
        employees = Employee.objects.filter(status="active", user__isnull=False)
        if nip:
            for number in nip:
                try:
                    validate_nip_text(number)
                except ValueError as error:
                    raise CommandError(f"NIP {number}: {error}") from None
            employees = Employee.objects.filter(nip__in=nip)
            missing = set(nip) - set(employees.values_list("nip", flat=True))
            if missing:
                raise CommandError(f"NIP tidak dikenal: {', '.join(sorted(missing))}")
        made = 0
        for employee in employees.order_by("nip"):
            if (
                if_missing
                and SigningCredential.objects.filter(employee=employee, active=True).exists()
            ):
                continue
            issued = pki.issue(ca, employee.full_name, serial=employee.nik, email=employee.email)
            password = secrets.token_urlsafe(16)
            credential_upload(
                employee, pki.pkcs12_bytes(issued, ca.certificate, password), password, actor=ACTOR
            )
            made += 1
        if not (
            if_missing and SigningCredential.objects.filter(employee=None, active=True).exists()
        ):
            agency = AgencyProfile.current()
            seal = pki.issue(ca, f"Segel {agency.name}")
            password = secrets.token_urlsafe(16)
            credential_upload(
                None, pki.pkcs12_bytes(seal, ca.certificate, password), password, actor=ACTOR
            )
        self.stdout.write(f"CA uji: {folder / 'ca.pem'}")
        self.stdout.write(f"Sertifikat dibuat: {made}")

    def _ca(self, folder: Path) -> pki.Issued:
        """The CA kept in `folder`, made on first use."""
        cert_path, key_path = folder / "ca.pem", folder / "ca-key.pem"
        if cert_path.exists() and key_path.exists():
            certificate = pki.load_pem_certificates(cert_path.read_bytes())[0]
            key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
            return pki.Issued(key, certificate)
        agency = AgencyProfile.current()
        ca = pki.make_ca(f"CA Uji {agency.name}", agency.name)
        key_bytes = ca.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key_bytes)
        cert_path.write_bytes(pki.pem(ca.certificate))
        return ca
