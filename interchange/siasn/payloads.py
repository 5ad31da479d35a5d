"""The bodies of SIASN's `skp22/save` and `kinerjaperiodik/save`, built from plain values, and
their check against the documented schema (/work/shared/integrations.md §1). Pure: no Django
(import-linter checks), so the dry run, the test server and the tests share it.

Wire facts still to confirm with BKN's integration team are marked "CONFIRM" below.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from appraisal.rules import Predicate, Rating, employee_predicate

ANNUAL = "skp22/save"
PERIODIC = "kinerjaperiodik/save"
# `id_ref_dokumen` of upload-dok: the annual SKP document and the periodic one.
DOCUMENT_ANNUAL = 873
DOCUMENT_PERIODIC = 890
STATUS_ASN = "ASN"
STATUS_NON_ASN = "NON ASN"

# Codes as existing clients use them; SIASN's reference list `perilakuDanKinerja` names them
# (compare_reference checks before any push).
RATING_CODES: dict[Rating, str] = {
    Rating.DI_ATAS_EKSPEKTASI: "1",
    Rating.SESUAI_EKSPEKTASI: "2",
    Rating.DI_BAWAH_EKSPEKTASI: "3",
}
# SIASN's `kuadranNilai`. The kuadran is OUR predicate (rules.employee_predicate), never derived
# from the two rating codes (one public client takes the larger code: that breaks the matrix).
KUADRAN_CODES: dict[Predicate, str] = {
    Predicate.SANGAT_BAIK: "1",
    Predicate.BAIK: "2",
    Predicate.BUTUH_PERBAIKAN: "3",
    Predicate.KURANG_MISCONDUCT: "4",
    Predicate.SANGAT_KURANG: "5",
}
# The names we accept in SIASN's reference lists for each code (compared letters and digits only,
# case ignored). CONFIRM the exact names against the lists of the production SIASN.
_ALIASES = {Predicate.KURANG_MISCONDUCT: ("Kurang", "Misconduct")}
REFERENCE_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "perilakuDanKinerja": {code: (rating.label,) for rating, code in RATING_CODES.items()},
    "kuadranNilai": {
        code: (predicate.label, *_ALIASES.get(predicate, ()))
        for predicate, code in KUADRAN_CODES.items()
    },
}

# penilaiGolongan is an id of SIASN's `golonganPns` list (public clients send data-utama's
# golongan id, not "III/d"). BKN's usual coding: ruang I/a = 11 … IV/e = 45. CONFIRM; a PPPK
# golongan (roman numeral) and anything unknown is sent as written.
GOLONGAN_CODES: dict[str, str] = {
    f"{group}/{room}": f"{number}{index}"
    for number, group, rooms in (
        (1, "I", "abcd"),
        (2, "II", "abcd"),
        (3, "III", "abcd"),
        (4, "IV", "abcde"),
    )
    for index, room in enumerate(rooms, start=1)
}

# The first year of the SKP 2022 format (PermenPANRB 6/2022): both endpoints are for it onward.
FIRST_YEAR = 2022
LAST_YEAR = 2100
PATH_KEYS = ("dok_id", "dok_nama", "dok_uri", "object", "slug")


@dataclass(frozen=True)
class ResultFacts:
    """One finalised result as recorded at finalisation, in plain values.

    Ratings are rules.Rating names ("SESUAI_EKSPEKTASI") or Rating members. `path` holds the
    objects upload-dok answered; `siasn_id` the id SIASN gave the record earlier (a re-push then
    updates it). `periodik_id` and `koefisien_id` are ids of SIASN's `periodik` and `koefisien`
    lists, used only by the periodic body (CONFIRM which values BKN expects).
    """

    siasn_employee_id: str
    year: int
    rating_hasil: str | Rating
    rating_perilaku: str | Rating
    appraiser_name: str
    appraiser_nip: str
    appraiser_post: str
    appraiser_golongan: str
    appraiser_unit: str
    appraiser_is_kepala_daerah: bool = False
    start_month: int = 1
    end_month: int = 12
    start_year: int | None = None
    end_year: int | None = None
    path: tuple[Mapping[str, str], ...] = field(default_factory=tuple)
    siasn_id: str = ""
    periodik_id: str = ""
    koefisien_id: str = ""


def rating_of(value: str | Rating) -> Rating:
    return value if isinstance(value, Rating) else Rating[value]


def result_codes(rating_hasil: str | Rating, rating_perilaku: str | Rating) -> dict[str, int]:
    """The three coded values of a result; the kuadran from rules.employee_predicate only."""
    hasil, perilaku = rating_of(rating_hasil), rating_of(rating_perilaku)
    predicate = employee_predicate(hasil, perilaku)
    # CONFIRM: sent as JSON integers (public clients parse them to int; the lists hold "1".."5").
    return {
        "hasilKinerjaNilai": int(RATING_CODES[hasil]),
        "perilakuKerjaNilai": int(RATING_CODES[perilaku]),
        "kuadranKinerjaNilai": int(KUADRAN_CODES[predicate]),
    }


def golongan_code(golongan: str) -> str:
    golongan = golongan.strip()
    return GOLONGAN_CODES.get(golongan, golongan)


def _appraiser(facts: ResultFacts, post_field: str) -> dict:
    return {
        "penilaiNama": facts.appraiser_name.strip(),
        "penilaiNipNrp": facts.appraiser_nip.strip(),
        post_field: facts.appraiser_post.strip(),
        "penilaiGolongan": golongan_code(facts.appraiser_golongan),
        "penilaiUnorNama": facts.appraiser_unit.strip(),
        # The Kepala Daerah is an elected official, not an ASN: no NIP, no golongan.
        "statusPenilai": STATUS_NON_ASN if facts.appraiser_is_kepala_daerah else STATUS_ASN,
    }


def _with_id(facts: ResultFacts, body: dict) -> dict:
    # With SIASN's id the save updates that record; without it SIASN adds a new one.
    return {"id": facts.siasn_id, **body} if facts.siasn_id else body


def annual_payload(facts: ResultFacts) -> dict:
    """The body of `skp22/save` for an annual result."""
    body = {
        "tahun": facts.year,
        "pnsDinilaiOrang": facts.siasn_employee_id,
        **result_codes(facts.rating_hasil, facts.rating_perilaku),
        **_appraiser(facts, "penilaiJabatan"),
        "path": [dict(item) for item in facts.path],
    }
    return _with_id(facts, body)


def periodic_payload(facts: ResultFacts) -> dict:
    """The body of `kinerjaperiodik/save` for a periodic (monthly, quarterly…) result."""
    body = {
        "pnsDinilaiId": facts.siasn_employee_id,
        "periodikId": facts.periodik_id,
        "tahun": facts.year,
        "bulanMulaiPenilaian": facts.start_month,
        "bulanSelesaiPenilaian": facts.end_month,
        "tahunMulaiPenilaian": facts.start_year or facts.year,
        "tahunSelesaiPenilaian": facts.end_year or facts.year,
        **result_codes(facts.rating_hasil, facts.rating_perilaku),
        "koefisienId": facts.koefisien_id,
        **_appraiser(facts, "penilaiJabatanNama"),
        "path": [dict(item) for item in facts.path],
    }
    return _with_id(facts, body)


# ----- the schema --------------------------------------------------------------------------------

TEXT, NUMBER, PATH = "text", "integer", "path"
# field → (kind, required). "required" text must not be blank; optional text may be "".
_APPRAISER = {
    "penilaiNama": (TEXT, True),
    "penilaiNipNrp": (TEXT, False),  # required for an ASN appraiser (checked below)
    "penilaiGolongan": (TEXT, False),
    "penilaiUnorNama": (TEXT, True),
    "statusPenilai": (TEXT, True),
    "path": (PATH, False),
    "id": (TEXT, False),
}
_CODES = {
    "hasilKinerjaNilai": (NUMBER, True),
    "perilakuKerjaNilai": (NUMBER, True),
    "kuadranKinerjaNilai": (NUMBER, True),
}
SCHEMAS: dict[str, dict[str, tuple[str, bool]]] = {
    ANNUAL: {
        "tahun": (NUMBER, True),
        "pnsDinilaiOrang": (TEXT, True),
        "penilaiJabatan": (TEXT, True),
        **_CODES,
        **_APPRAISER,
    },
    PERIODIC: {
        "pnsDinilaiId": (TEXT, True),
        "periodikId": (TEXT, False),
        "tahun": (NUMBER, True),
        "bulanMulaiPenilaian": (NUMBER, True),
        "bulanSelesaiPenilaian": (NUMBER, True),
        "tahunMulaiPenilaian": (NUMBER, True),
        "tahunSelesaiPenilaian": (NUMBER, True),
        "koefisienId": (TEXT, False),
        "penilaiJabatanNama": (TEXT, True),
        **_CODES,
        **_APPRAISER,
    },
}
_RANGES = {
    "hasilKinerjaNilai": (1, 3),
    "perilakuKerjaNilai": (1, 3),
    "kuadranKinerjaNilai": (1, 5),
    "bulanMulaiPenilaian": (1, 12),
    "bulanSelesaiPenilaian": (1, 12),
    "tahun": (FIRST_YEAR, LAST_YEAR),
    "tahunMulaiPenilaian": (FIRST_YEAR, LAST_YEAR),
    "tahunSelesaiPenilaian": (FIRST_YEAR, LAST_YEAR),
}


def validate_payload(endpoint: str, body: object) -> list[str]:
    """What is wrong with `body` for `endpoint`, as lines in SIASN's style ("* tahun is
    required"); empty when it fits the documented schema and our own invariants (the kuadran
    follows the matrix, a period does not end before it starts)."""
    schema = SCHEMAS.get(endpoint)
    if schema is None:
        raise ValueError(f"unknown SIASN endpoint {endpoint!r}")
    if not isinstance(body, dict):
        return ["* the body must be a JSON object"]
    errors = [f"* {name} is not a field of {endpoint}" for name in body if name not in schema]
    for name, (kind, required) in schema.items():
        if name not in body:
            if required:
                errors.append(f"* {name} is required")
            continue
        errors += _field_errors(name, kind, required, body[name])
    if not errors:
        errors += _invariant_errors(body)
    return errors


def _field_errors(name: str, kind: str, required: bool, value: object) -> list[str]:
    if kind == TEXT:
        if not isinstance(value, str):
            return [f"* {name} must be a string"]
        return [f"* {name} is required"] if required and not value.strip() else []
    if kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int):
            return [f"* {name} must be an integer"]
        low, high = _RANGES[name]
        return [] if low <= value <= high else [f"* {name} must be between {low} and {high}"]
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        return [f"* {name} must be a list of documents"]
    return [
        f"* {name}[{index}].{key} must be a string"
        for index, item in enumerate(value)
        for key in PATH_KEYS
        if not isinstance(item.get(key), str)
    ]


def _invariant_errors(body: dict) -> list[str]:
    errors = []
    status = body["statusPenilai"]
    if status not in (STATUS_ASN, STATUS_NON_ASN):
        errors.append(f"* statusPenilai must be {STATUS_ASN!r} or {STATUS_NON_ASN!r}")
    if status == STATUS_ASN and not re.fullmatch(r"\d{8,18}", body.get("penilaiNipNrp", "")):
        errors.append("* penilaiNipNrp must be the appraiser's NIP (or NRP) for an ASN appraiser")
    by_code = {int(code): rating for rating, code in RATING_CODES.items()}
    expected = KUADRAN_CODES[
        employee_predicate(by_code[body["hasilKinerjaNilai"]], by_code[body["perilakuKerjaNilai"]])
    ]
    if body["kuadranKinerjaNilai"] != int(expected):
        errors.append(
            f"* kuadranKinerjaNilai must be {expected} for hasilKinerjaNilai "
            f"{body['hasilKinerjaNilai']} and perilakuKerjaNilai {body['perilakuKerjaNilai']}"
        )
    if "bulanMulaiPenilaian" in body:
        start = (body["tahunMulaiPenilaian"], body["bulanMulaiPenilaian"])
        end = (body["tahunSelesaiPenilaian"], body["bulanSelesaiPenilaian"])
        if end < start:
            errors.append("* the assessment period ends before it starts")
    return errors


# ----- SIASN's reference lists against our codes -------------------------------------------------


def _letters(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def compare_reference(name: str, items: Iterable[object]) -> list[str]:
    """How SIASN's reference list `name` (kuadranNilai or perilakuDanKinerja) differs from our
    codes, one line per code; empty when every code means what we send it for. Items are read
    tolerantly (`id`/`kode` and `nama`/`name`: CONFIRM the keys)."""
    expected = REFERENCE_NAMES[name]
    theirs: dict[str, str] = {}
    for item in items:
        if isinstance(item, dict):
            code = item.get("id", item.get("kode", item.get("Id")))
            label = item.get("nama", item.get("name", item.get("Nama", "")))
            theirs[str(code).strip()] = str(label)
    differences = []
    for code, names in expected.items():
        if code not in theirs:
            # Shown to the admin BKD as is: in Indonesian, the pure module has no catalogue.
            differences.append(f"{name} {code}: tidak ada di SIASN (kita kirim untuk {names[0]})")
        elif _letters(theirs[code]) not in {_letters(n) for n in names}:
            differences.append(
                f"{name} {code}: SIASN menyebut {theirs[code]!r}, kita kirim untuk {names[0]!r}"
            )
    return differences
