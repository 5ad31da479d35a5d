"""Province-scale data for benchmarks: generated OPD on top of the demo agency, by bulk insert.

Shape: OPD (JPT Pratama) → sekretariat with two subbagian, 4–6 bidang with 2–4 seksi each; every
pengawas post has 15–40 staff. Each generated OPD draws from its own seeded rng and people come in a
fixed order, so `--employees 2000` builds a prefix of what `--employees 100000` builds and a re-run
with the same number adds nothing. Rows are written with bulk_create and without history rows: the
history of generated benchmark data has no value and would double the write time. For the same
reason each generated employee's login account (username = NIP, unusable until activated, as
account_services creates them) is bulk-inserted here rather than through accounts_provision_bulk,
which writes a history row per account.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.db.models import F

from accounts.choices import AssignmentKind, PositionKind, UnitKind
from accounts.demo import data
from accounts.demo.people import PersonFactory
from accounts.logins.models import User
from accounts.org.models import Assignment, Employee, OrgUnit, Position

OPD_TYPES = (
    ("DISHUB", "Dinas Perhubungan"),
    ("DLH", "Dinas Lingkungan Hidup"),
    ("DISTAN", "Dinas Pertanian dan Ketahanan Pangan"),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan"),
    ("DISKOPUKM", "Dinas Koperasi dan Usaha Kecil Menengah"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika"),
    ("DISPAR", "Dinas Pariwisata"),
    ("DISPORA", "Dinas Pemuda dan Olahraga"),
    ("DISPERKIM", "Dinas Perumahan dan Kawasan Permukiman"),
    ("DISNAKER", "Dinas Tenaga Kerja"),
    ("DISKAN", "Dinas Kelautan dan Perikanan"),
    ("DISPUSIP", "Dinas Perpustakaan dan Kearsipan"),
    ("DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"),
    ("DPPKB", "Dinas Pengendalian Penduduk dan Keluarga Berencana"),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("BAPENDA", "Badan Pendapatan Daerah"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah"),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik"),
    ("DAMKAR", "Dinas Pemadam Kebakaran dan Penyelamatan"),
)
BIDANG = (
    "Perencanaan dan Pengembangan",
    "Pelayanan",
    "Pembinaan dan Pengawasan",
    "Sarana dan Prasarana",
    "Data dan Informasi",
    "Pengendalian dan Evaluasi",
)
SEKSI = ("Perencanaan", "Pelaksanaan", "Pembinaan", "Evaluasi dan Pelaporan")
SUBBAG = (("UMPEG", "Umum dan Kepegawaian"), ("PK", "Perencanaan dan Keuangan"))
FA, FT, PL = (
    PositionKind.FUNGSIONAL_KEAHLIAN,
    PositionKind.FUNGSIONAL_KETERAMPILAN,
    PositionKind.PELAKSANA,
)
STAFF_POOL = (
    ("Pengadministrasi Perkantoran", PL, "", "staf"),
    ("Operator Layanan Operasional", PL, "", "staf"),
    ("Pengelola Layanan Operasional", PL, "", "staf"),
    ("Penata Layanan Operasional", PL, "", "staf"),
    ("Pengelola Umum Operasional", PL, "", "staf"),
    ("Analis Kebijakan Ahli Pertama", FA, "ahli_pertama", "sdm"),
    ("Analis Kebijakan Ahli Muda", FA, "ahli_muda", "sdm"),
    ("Perencana Ahli Pertama", FA, "ahli_pertama", "perencana"),
    ("Pranata Komputer Ahli Pertama", FA, "ahli_pertama", "komputer_ahli"),
    ("Pranata Komputer Terampil", FT, "terampil", "komputer"),
    ("Arsiparis Terampil", FT, "terampil", "arsip"),
    ("Arsiparis Mahir", FT, "mahir", "arsip"),
    ("Pranata Hubungan Masyarakat Ahli Pertama", FA, "ahli_pertama", "sosial"),
    ("Analis Sumber Daya Manusia Aparatur Ahli Pertama", FA, "ahli_pertama", "sdm"),
)
VACANT_KASI_SHARE = 0.03
PPPK_STAFF_SHARE = 0.2
BATCH = 2000


@dataclass(eq=False)
class GenPost:
    unit_code: str
    name: str
    kind: str
    jenjang: str = ""
    parent: GenPost | None = None
    vacant: bool = False
    staff: list[tuple[GenPost, str]] = field(default_factory=list)  # (staff post, profile)
    staff_count: int = 0
    level: int = 0


@dataclass
class GenOpd:
    units: list[tuple[str, str, str, str, int]]  # code, name, kind, parent code, level
    posts: list[GenPost]


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def plan_opd(index: int) -> tuple[GenOpd, random.Random]:
    """The structure of generated OPD number `index` (1-based): units and posts, no people yet."""
    rng = random.Random(f"{data.SEED}:bulk:{index}")
    abbr, base = OPD_TYPES[(index - 1) % len(OPD_TYPES)]
    region = (index - 1) // len(OPD_TYPES) + 1
    code, name = f"{abbr}.W{region:02d}", f"{base} Wilayah {_roman(region)}"
    units = [(code, name, UnitKind.OPD, "", 0)]
    head = GenPost(code, f"Kepala {name}", PositionKind.JPT_PRATAMA)
    posts = [head]

    def structural(unit_code, title, kind, parent, level, vacant=False):
        post = GenPost(unit_code, title, kind, parent=parent, vacant=vacant, level=level)
        posts.append(post)
        return post

    def staff_for(post: GenPost):
        post.staff_count = rng.randint(15, 40)
        for title, kind, jenjang, profile in rng.sample(STAFF_POOL, rng.randint(3, 6)):
            staff_post = GenPost(post.unit_code, title, kind, jenjang, parent=post, level=3)
            post.staff.append((staff_post, profile))
            posts.append(staff_post)

    sek_code = f"{code}.SEK"
    units.append((sek_code, "Sekretariat", UnitKind.SEKRETARIAT, code, 1))
    sek = structural(sek_code, f"Sekretaris {name}", PositionKind.ADMINISTRATOR, head, 1)
    for short, title in SUBBAG:
        unit_code = f"{sek_code}.{short}"
        units.append((unit_code, f"Subbagian {title}", UnitKind.SUBBAGIAN, sek_code, 2))
        staff_for(structural(unit_code, f"Kepala Subbagian {title}", PositionKind.PENGAWAS, sek, 2))
    for b, bidang in enumerate(rng.sample(BIDANG, rng.randint(4, 6)), start=1):
        bidang_code = f"{code}.B{b}"
        units.append((bidang_code, f"Bidang {bidang}", UnitKind.BIDANG, code, 1))
        kabid = structural(
            bidang_code, f"Kepala Bidang {bidang}", PositionKind.ADMINISTRATOR, head, 1
        )
        for s, seksi in enumerate(rng.sample(SEKSI, rng.randint(2, 4)), start=1):
            seksi_code = f"{bidang_code}.S{s}"
            title = f"Seksi {seksi} {bidang}"
            units.append((seksi_code, title, UnitKind.SEKSI, bidang_code, 2))
            vacant = rng.random() < VACANT_KASI_SHARE
            kasi = structural(
                seksi_code, f"Kepala {title}", PositionKind.PENGAWAS, kabid, 2, vacant
            )
            staff_for(kasi)
    return GenOpd(units, posts), rng


def _people(opd: GenOpd, people: PersonFactory, rng: random.Random) -> Iterator[tuple]:
    """(Person, post) in a fixed order: structural posts first in tree order, then their staff."""
    for post in opd.posts:
        if post.level == 3:
            continue
        if not post.vacant:
            yield people.make(post.kind, "", "struktural"), post
        for _i in range(post.staff_count):
            staff_post, profile = rng.choice(post.staff)
            pppk = rng.random() < PPPK_STAFF_SHARE
            yield people.make(staff_post.kind, staff_post.jenjang, profile, pppk=pppk), staff_post


def plan_bulk(count: int, taken_nips: set[str], taken_emails: set[str]):
    """Generated OPD and the first `count` generated people, as (opds, [(Person, GenPost)])."""
    opds, holders, index = [], [], 0
    while len(holders) < count:
        index += 1
        opd, rng = plan_opd(index)
        opds.append(opd)
        people = PersonFactory(rng, data.EMAIL_DOMAIN, taken_nips, taken_emails)
        for holder in _people(opd, people, rng):
            holders.append(holder)
            if len(holders) >= count:
                break
    return opds, holders


@transaction.atomic
def build_bulk(count: int, taken_nips: set[str], taken_emails: set[str]) -> dict[str, int]:
    """Insert the generated OPD and `count` generated people that are missing, with accounts."""
    opds, holders = plan_bulk(count, taken_nips, taken_emails)
    created = dict.fromkeys(("units", "positions", "employees", "assignments", "users"), 0)
    units = _bulk_units(opds, created)
    positions = _bulk_positions(opds, units, created)
    existing = {
        nip: (pk, user_id)
        for nip, pk, user_id in Employee.objects.values_list("nip", "pk", "user_id")
    }
    user_ids = dict(User.objects.values_list("username", "pk"))
    new = [(p, post) for p, post in holders if p.nip not in existing]
    for start in range(0, len(new), BATCH):
        chunk = new[start : start + BATCH]
        accounts = _bulk_accounts([p for p, _post in chunk], user_ids, created)
        employees = [
            p.employee(position_id=positions[id(post)], user_id=accounts[p.nip])
            for p, post in chunk
        ]
        Employee.objects.bulk_create(employees, batch_size=BATCH)
        Assignment.objects.bulk_create(
            [
                Assignment(
                    employee_id=e.pk,
                    position_id=e.position_id,
                    kind=AssignmentKind.DEFINITIF,
                    start_date=p.start_date,
                )
                for e, (p, _post) in zip(employees, chunk, strict=True)
            ],
            batch_size=BATCH,
        )
    created["employees"] = created["assignments"] = len(new)
    # Generated employees from before accounts were provisioned get theirs now.
    without = [p for p, _post in holders if p.nip in existing and existing[p.nip][1] is None]
    for start in range(0, len(without), BATCH):
        chunk = without[start : start + BATCH]
        accounts = _bulk_accounts(chunk, user_ids, created)
        Employee.objects.bulk_update(
            [Employee(pk=existing[p.nip][0], user_id=accounts[p.nip]) for p in chunk],
            ["user"],
            batch_size=BATCH,
        )
    return created


def _bulk_accounts(people: list, user_ids: dict[str, int], created) -> dict[str, int]:
    """NIP → account id for these people: an account of that username if one exists, else a new
    one, unusable until activated (the prefix Django's set_unusable_password writes, with a
    random suffix from one urandom call instead of forty choice() calls per account)."""
    users = [
        User(
            username=p.nip,
            first_name=p.name[:150],
            email=p.email,
            password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
        )
        for p in people
        if p.nip not in user_ids
    ]
    User.objects.bulk_create(users, batch_size=BATCH)
    user_ids.update((u.username, u.pk) for u in users)
    created["users"] += len(users)
    return {p.nip: user_ids[p.nip] for p in people}


def _bulk_units(opds: list[GenOpd], created) -> dict[str, int]:
    ids = dict(OrgUnit.objects.values_list("code", "id"))
    rows = [row for opd in opds for row in opd.units]
    for level in (0, 1, 2):
        new = [
            OrgUnit(
                code=code,
                name=name,
                kind=kind,
                parent_id=ids[parent] if parent else None,
                opd_id=ids[code.split(".")[0] + "." + code.split(".")[1]] if level else None,
            )
            for code, name, kind, parent, lvl in rows
            if lvl == level and code not in ids
        ]
        OrgUnit.objects.bulk_create(new, batch_size=BATCH)
        ids.update((u.code, u.pk) for u in new)
        if level == 0 and new:
            OrgUnit.objects.filter(pk__in=[u.pk for u in new]).update(opd=F("pk"))
        created["units"] += len(new)
    return ids


def _bulk_positions(opds: list[GenOpd], units: dict[str, int], created) -> dict[int, int]:
    """Position ids keyed by id(GenPost)."""
    opd_ids = [units[opd.units[0][0]] for opd in opds]
    existing = {
        (unit_id, name, parent_id): pk
        for pk, unit_id, name, parent_id in Position.objects.filter(
            unit__opd_id__in=opd_ids
        ).values_list("id", "unit_id", "name", "parent_id")
    }
    posts = [post for opd in opds for post in opd.posts]
    result: dict[int, int] = {}
    for level in (0, 1, 2, 3):
        new, pending = [], []
        for post in posts:
            if post.level != level:
                continue
            parent_id = result[id(post.parent)] if post.parent else None
            key = (units[post.unit_code], post.name, parent_id)
            if key in existing:
                result[id(post)] = existing[key]
                continue
            new.append(
                Position(
                    name=post.name,
                    kind=post.kind,
                    jenjang=post.jenjang,
                    unit_id=key[0],
                    parent_id=parent_id,
                )
            )
            pending.append((post, key))
        Position.objects.bulk_create(new, batch_size=BATCH)
        for position, (post, key) in zip(new, pending, strict=True):
            existing[key] = result[id(post)] = position.pk
        created["positions"] += len(new)
    return result
