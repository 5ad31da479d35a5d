"""The organisation: the agency, units, positions, employees, their assignments, appraiser overrides and admin roles."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import (
    FUNGSIONAL_KINDS,
    PNS_GOLONGAN,
    AdminRoleKind,
    AssignmentKind,
    EmployeeStatus,
    EmploymentType,
    Jenjang,
    PositionKind,
    UnitKind,
)
from accounts.org.nip import validate_nik, validate_nip


class AgencyProfile(models.Model):
    """The Pemda running this instance, and its Kepala Daerah: the external appraiser at the top."""

    name = models.CharField(_("agency name"), max_length=200, default="Pemerintah Daerah")
    region_name = models.CharField(_("region"), max_length=200, blank=True)
    head_name = models.CharField(_("Kepala Daerah name"), max_length=200, blank=True)
    head_title = models.CharField(_("Kepala Daerah title"), max_length=200, default="Kepala Daerah")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency profile")
        verbose_name_plural = _("agency profile")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> "AgencyProfile":
        profile, _created = cls.objects.get_or_create(pk=1)
        return profile


def unit_label(name: str, code: str) -> str:
    """How a unit is named in lists, choices and exports (also from values() rows)."""
    return f"{name} ({code})" if code else name


class OrgUnit(models.Model):
    """A unit in the organisation tree: OPD → bidang/bagian → subbidang/seksi/UPT."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=UnitKind.choices, default=UnitKind.OPD
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The top-level ancestor (the OPD), kept by services so scoping is one indexed join.
    opd = models.ForeignKey(
        "self",
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtree",
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name with the code beside it, wherever a unit is chosen or listed: two OPDs or
        units may share a name (two "Bagian Umum"), never a code."""
        return unit_label(self.name, self.code)


class Position(models.Model):
    """A jabatan in a unit. Its parent position defines the reporting line."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("position name"), max_length=255)
    kind = models.CharField(_("position type"), max_length=30, choices=PositionKind.choices)
    jenjang = models.CharField(
        _("level (jenjang)"), max_length=20, choices=Jenjang.choices, blank=True
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["unit__code", "name"]
        constraints = [
            models.CheckConstraint(
                name="position_jenjang_only_for_fungsional",
                condition=Q(jenjang="") | Q(kind__in=sorted(k.value for k in FUNGSIONAL_KINDS)),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Employee(models.Model):
    """An ASN (PNS or PPPK), keyed by NIP."""

    nip = models.CharField(_("NIP"), max_length=18, unique=True, validators=[validate_nip])
    name = models.CharField(_("name"), max_length=200)
    front_title = models.CharField(_("front academic title"), max_length=50, blank=True)
    back_title = models.CharField(_("back academic title"), max_length=80, blank=True)
    employment_type = models.CharField(
        _("employment type"),
        max_length=4,
        choices=EmploymentType.choices,
        default=EmploymentType.PNS,
    )
    golongan = models.CharField(_("golongan"), max_length=6, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Optional: the electronic-signature service (BSrE) knows a signer by the NIK of their KTP.
    nik = models.CharField(_("NIK"), max_length=16, blank=True, validators=[validate_nik])
    # The employee's id in BKN's SIASN (its `pnsDinilai…` fields): set by the SIASN pull.
    siasn_id = models.CharField(_("SIASN id"), max_length=64, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EmployeeStatus.choices,
        default=EmployeeStatus.ACTIVE,
        db_index=True,
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )
    # Current definitive position, mirrored from the open definitive Assignment by services.
    position = models.ForeignKey(
        Position,
        verbose_name=_("current position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="current_holders",
    )
    # The login account is linked once, when it is created (its own history says so): tracked
    # here, it showed as "user account: — → NIP" on the next change, such as a mutasi.
    history = HistoricalRecords(excluded_fields=["user"])

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["name"]
        # Lists sort by name (then NIP): a page of a province's 100,000 people reads 25 index
        # entries instead of sorting everyone.
        indexes = [models.Index(fields=["name", "nip"], name="employee_name_nip_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    @property
    def pangkat(self) -> str:
        """Pangkat name for a PNS golongan ruang (III/a → Penata Muda); PPPK have none."""
        if self.employment_type == EmploymentType.PNS:
            return PNS_GOLONGAN.get(self.golongan, "")
        return ""

    @property
    def pangkat_golongan(self) -> str:
        return f"{self.pangkat}, {self.golongan}" if self.pangkat else self.golongan


class Assignment(models.Model):
    """An employee holding a position from a date (definitively, or acting as Plt/Plh)."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="assignments"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="assignments"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=AssignmentKind.choices, default=AssignmentKind.DEFINITIF
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    note = models.CharField(_("note / decree"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["position", "start_date"], name="assignment_pos_start_idx")]
        constraints = [
            models.CheckConstraint(
                name="assignment_end_not_before_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
            ),
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(end_date__isnull=True, kind=AssignmentKind.DEFINITIF),
                name="assignment_one_open_definitive_per_employee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} – {self.position} ({self.get_kind_display()})"


class AppraiserOverride(models.Model):
    """A BKD admin's delegation: this employee's PPK and/or Atasan PPK, with a reason and dates."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="overrides"
    )
    ppk = models.ForeignKey(
        Employee,
        verbose_name=_("appraising official (PPK)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    atasan_ppk = models.ForeignKey(
        Employee,
        verbose_name=_("superior of the appraising official"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appraiser override")
        verbose_name_plural = _("appraiser overrides")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                name="override_names_someone",
                condition=Q(ppk__isnull=False) | Q(atasan_ppk__isnull=False),
            ),
            models.CheckConstraint(
                name="override_end_not_before_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee}: {self.ppk or '—'} / {self.atasan_ppk or '—'}"


class AdminRole(models.Model):
    """An administrative role: admin OPD (scoped to one OPD's subtree) or admin BKD (everything)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="admin_roles"
    )
    kind = models.CharField(_("role"), max_length=20, choices=AdminRoleKind.choices)
    opd = models.ForeignKey(
        OrgUnit, verbose_name=_("OPD"), null=True, blank=True, on_delete=models.CASCADE
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("administrative role")
        verbose_name_plural = _("administrative roles")
        constraints = [
            models.CheckConstraint(
                name="admin_opd_has_opd",
                condition=Q(kind=AdminRoleKind.ADMIN_BKD) | Q(opd__isnull=False),
            ),
            models.UniqueConstraint(fields=["user", "kind", "opd"], name="admin_role_unique"),
            # NULLs are distinct in a plain unique constraint: one BKD role per user needs its own.
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(opd__isnull=True),
                name="admin_role_unique_without_opd",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()}"
