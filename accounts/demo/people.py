"""Deterministic fictional people: name, academic titles, NIP, golongan, contact, start date.

Everything comes from the random.Random passed in, never from the database, so a re-run plans the
same people and the builders can skip those that already exist by NIP.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import uuid
from dataclasses import dataclass

from accounts.choices import EmploymentType, PositionKind
from accounts.demo.names import EMAIL_SKIP, REGION_WEIGHTS, REGIONS, TITLES

# Golongan that fits each rank (structural kind or functional jenjang), per domain §1.
PNS_GOLONGAN_BY_RANK = {
    PositionKind.JPT_UTAMA: ("IV/e",),
    PositionKind.JPT_MADYA: ("IV/d", "IV/e"),
    PositionKind.JPT_PRATAMA: ("IV/c", "IV/d"),
    PositionKind.ADMINISTRATOR: ("IV/a", "IV/b"),
    PositionKind.PENGAWAS: ("III/c", "III/d"),
    PositionKind.PELAKSANA: ("II/c", "II/d", "III/a", "III/b"),
    "ahli_utama": ("IV/d", "IV/e"),
    "ahli_madya": ("IV/a", "IV/b", "IV/c"),
    "ahli_muda": ("III/c", "III/d"),
    "ahli_pertama": ("III/a", "III/b"),
    "penyelia": ("III/c", "III/d"),
    "mahir": ("III/a", "III/b"),
    "terampil": ("II/c", "II/d", "III/a"),
    "pemula": ("II/a", "II/b"),
}
PPPK_GOLONGAN_BY_RANK = {
    PositionKind.PELAKSANA: ("V", "VI", "VII"),
    "ahli_utama": ("XIV",),
    "ahli_madya": ("XI",),
    "ahli_muda": ("X",),
    "ahli_pertama": ("IX",),
    "penyelia": ("IX",),
    "mahir": ("VIII",),
    "terampil": ("VII",),
    "pemula": ("V",),
}
# Birth years that make the rank plausible and keep everyone below the retirement age (BUP).
BIRTH_YEARS = {
    PositionKind.JPT_UTAMA: (1966, 1972),
    PositionKind.JPT_MADYA: (1966, 1974),
    PositionKind.JPT_PRATAMA: (1967, 1976),
    PositionKind.ADMINISTRATOR: (1969, 1982),
    PositionKind.PENGAWAS: (1974, 1990),
    PositionKind.PELAKSANA: (1975, 1999),
    "ahli_utama": (1966, 1972),
    "ahli_madya": (1967, 1980),
    "ahli_muda": (1974, 1988),
    "ahli_pertama": (1984, 1998),
    "penyelia": (1968, 1982),
    "mahir": (1976, 1990),
    "terampil": (1985, 1999),
    "pemula": (1995, 2001),
}
# Women's share by title profile: midwives are all women; nursing and teaching mostly so.
FEMALE_SHARE = {
    "bidan": 1.0,
    "bidan_ahli": 1.0,
    "perawat": 0.75,
    "perawat_ahli": 0.75,
    "gizi": 0.8,
    "gizi_ahli": 0.8,
    "guru": 0.65,
    "farmasi": 0.7,
    "apoteker": 0.7,
    "pimpinan": 0.3,
    "struktural": 0.4,
}
PHONE_PREFIXES = (
    "11",
    "12",
    "13",
    "21",
    "22",
    "23",
    "52",
    "53",
    "57",
    "58",
    "77",
    "78",
    "81",
    "95",
)
LAST_START = dt.date(2025, 12, 31)
EARLIEST_START = dt.date(2016, 1, 4)
LATEST_PNS_TMT_YEAR = 2024


@dataclass(slots=True)
class Person:
    nip: str
    name: str
    front_title: str
    back_title: str
    employment_type: str
    golongan: str
    email: str
    phone: str
    start_date: dt.date

    def employee(self, **fields):
        """An unsaved Employee with this person's data; `fields` adds the rest (status, post…)."""
        from accounts.org.models import Employee

        return Employee(
            nip=self.nip,
            name=self.name,
            front_title=self.front_title,
            back_title=self.back_title,
            employment_type=self.employment_type,
            golongan=self.golongan,
            email=self.email,
            phone=self.phone,
            siasn_id=demo_siasn_id(self.nip),
            **fields,
        )


def demo_siasn_id(nip: str) -> str:
    """A SIASN id for a demo person, the same on every machine (a SIASN pull sets real ones)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"siasn-demo:{nip}"))


def _rank(kind: str, jenjang: str) -> str:
    return jenjang or kind


class PersonFactory:
    """Draws people from one rng. NIPs are unique against `taken_nips` (shared across factories
    when a caller needs global uniqueness); names too when `unique_names` is set."""

    def __init__(
        self,
        rng: random.Random,
        domain: str,
        taken_nips: set[str],
        taken_emails: set[str],
        unique_names: bool = False,
    ):
        self.rng = rng
        self.domain = domain
        self.taken_nips = taken_nips
        self.taken_emails = taken_emails
        self.unique_names = unique_names
        self.taken_names: set[str] = set()

    def make(
        self,
        kind: str,
        jenjang: str = "",
        profile: str = "staf",
        pppk: bool = False,
        birth_years: tuple[int, int] | None = None,
    ) -> Person:
        rng = self.rng
        rank = _rank(kind, jenjang)
        female = rng.random() < FEMALE_SHARE.get(profile, 0.45)
        region, name = self._name(female)
        low, high = birth_years or BIRTH_YEARS[rank]
        if pppk:
            low = max(low, 1978)  # PPPK intakes since 2019 recruited mostly former honorary staff
            high = max(high, low)
        birth = dt.date(rng.randint(low, high), rng.randint(1, 12), rng.randint(1, 28))
        if pppk:
            tmt_year = rng.choice((2019, 2021, 2022, 2022, 2023, 2023, 2024))
            golongan = rng.choice(PPPK_GOLONGAN_BY_RANK[rank])
        else:
            tmt_year = min(birth.year + rng.randint(22, 29), LATEST_PNS_TMT_YEAR)
            golongan = rng.choice(PNS_GOLONGAN_BY_RANK[rank])
        tmt_year = max(tmt_year, birth.year + 19)
        tmt_month = rng.randint(1, 12)
        nip = self._nip(birth, tmt_year, tmt_month, "2" if female else "1")
        front, back = self._titles(profile, female, region.muslim)
        email = self._email(name) if rng.random() < 0.85 else ""
        phone = "08" + rng.choice(PHONE_PREFIXES) + str(rng.randint(1_000_000, 99_999_999))
        earliest = max(dt.date(tmt_year + 1, tmt_month, 1), EARLIEST_START)
        span = max((LAST_START - earliest).days, 0)
        start = earliest + dt.timedelta(days=rng.randint(0, span))
        return Person(
            nip=nip,
            name=name,
            front_title=front,
            back_title=back,
            employment_type=EmploymentType.PPPK if pppk else EmploymentType.PNS,
            golongan=golongan,
            email=email,
            phone=phone,
            start_date=start,
        )

    def _name(self, female: bool):
        rng = self.rng
        for _attempt in range(30):
            region = rng.choices(REGIONS, weights=REGION_WEIGHTS)[0]
            first = rng.choice(region.female if female else region.male)
            last = rng.choice(region.female_last if female else region.male_last)
            if last in first.split():
                continue
            name = f"{first} {last}"
            if not self.unique_names or name not in self.taken_names:
                self.taken_names.add(name)
                return region, name
        return region, name

    def _nip(self, birth: dt.date, tmt_year: int, tmt_month: int, gender: str) -> str:
        prefix = f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{gender}"
        seq = self.rng.randint(1, 999)
        for _attempt in range(999):
            nip = f"{prefix}{seq:03d}"
            if nip not in self.taken_nips:
                self.taken_nips.add(nip)
                return nip
            seq = seq % 999 + 1
        raise RuntimeError(f"NIP sequence exhausted for {prefix}")

    def _titles(self, profile: str, female: bool, muslim: bool) -> tuple[str, str]:
        front, back = self.rng.choice(TITLES[profile])
        if female and front.startswith("Drs."):
            front = "Dra." + front[4:]
        if muslim and profile in ("pimpinan", "struktural") and self.rng.random() < 0.25:
            hajj = "Hj." if female else "H."
            front = f"{front} {hajj}" if front else hajj
        return front, back

    def _email(self, name: str) -> str:
        words = re.sub(r"[^a-z ]", "", name.lower()).split()
        # Drop leading honorifics and birth-order names ("Ni Putu Ariani" → putu.ariani), but keep
        # two words so "Ayu Wahyuni" stays ayu.wahyuni.
        while len(words) > 2 and words[0] in EMAIL_SKIP:
            words.pop(0)
        local = f"{words[0]}.{words[-1]}" if len(words) > 1 else words[0]
        email, n = f"{local}@{self.domain}", 1
        while email in self.taken_emails:
            n += 1
            email = f"{local}{n}@{self.domain}"
        self.taken_emails.add(email)
        return email
