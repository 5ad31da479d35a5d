"""`python manage.py provision_accounts [--opd CODE]`: a login account for every employee lacking one.

For data that predates account provisioning (or was loaded around it). Accounts are created as the
Excel import creates them (accounts.logins.services.accounts_provision_bulk: username = NIP,
unusable until activated, with history), in slices, each in its own transaction. Prints
`created=<n>` as its last line; a second run prints created=0.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.logins.services import accounts_provision_bulk
from accounts.org.models import Employee, OrgUnit
from core.actor import Actor

# accounts_provision_bulk filters with `pk__in`; SQLite allows 32,766 parameters per query.
BATCH = 2000


class Command(BaseCommand):
    help = "Create the missing login accounts (username = NIP, not yet activated) of employees."

    def add_arguments(self, parser):
        parser.add_argument(
            "--opd",
            metavar="CODE",
            help="only the employees currently placed in this OPD (its unit code)",
        )

    def handle(self, *args, opd=None, **options):
        employees = Employee.objects.filter(user__isnull=True)
        if opd:
            unit = OrgUnit.objects.filter(code=opd, parent__isnull=True).first()
            if unit is None:
                raise CommandError(_("No OPD with code %(code)s.") % {"code": opd})
            employees = employees.filter(position__unit__opd=unit)
        ids = list(employees.order_by("pk").values_list("pk", flat=True))
        created = 0
        for start in range(0, len(ids), BATCH):
            with transaction.atomic():
                created += accounts_provision_bulk(
                    ids[start : start + BATCH], actor=Actor.system("provision_accounts command")
                )
        self.stdout.write(f"created={created}")
