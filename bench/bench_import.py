"""Benchmark: import 20,000 employees from Excel into a fresh SQLite database, then re-import.

    DJANGO_SETTINGS_MODULE=config.settings.base .venv/bin/python bench/bench_import.py [ROWS]

Generates a valid workbook (about 40 OPDs, each with a secretariat, bidang, seksi, puskesmas or
schools, structural heads, staff and functional positions), imports it through the same service the
web upload uses, and prints `rows=… validate_s=… write_s=… total_s=… cpu_s=… queries=…` (cpu_s is
this process's CPU time, steadier than wall time on a busy machine) and the summary line with
`accounts_created=…` (every new employee gets a login account in the same transaction), then the
re-import figures and `changes=0` when the second run (correctly) changes nothing, and last a
re-import declared complete (`--complete`) of a file without 1% of the staff, who are removed and
lose their accounts (`removed=… accounts_deactivated=…`). Finally, on a fresh database again, the
web path: the upload step (`upload_s=`: parse, validate, store the file) and the confirm step
(`confirm_s=`: records.import_confirm, what the preview page's POST runs).
"""

from __future__ import annotations

import os
import random
import secrets
import sys
import tempfile
import time
from pathlib import Path

DB_PATH = Path("/tmp/bench_import.sqlite3")
ROOT = Path(__file__).resolve().parent.parent
OPD_COUNT = 40


def _fresh_database() -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    # The benchmark always uses its throwaway file, whatever the environment says.
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
    # Measure as deployed: DEBUG=True would also format and keep every SQL statement.
    os.environ.setdefault("DEBUG", "false")
    # DEBUG off refuses the public default key: a throwaway one for this run.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    sys.path.insert(0, str(ROOT))


class _Nips:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def next(self) -> str:
        while True:
            year = self.rng.randint(1962, 1998)
            month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
            tmt = year + self.rng.randint(20, 28)
            nip = (
                f"{year}{month:02d}{day:02d}{tmt}{self.rng.randint(1, 12):02d}"
                f"{self.rng.randint(1, 2)}{self.rng.randint(1, 999):03d}"
            )
            if nip not in self.used:
                self.used.add(nip)
                return nip


def _rows(total: int) -> list[list]:
    """Rows in template column order; every OPD gets about total / OPD_COUNT employees."""
    rng = random.Random(2025)
    nips = _Nips(rng)
    rows: list[list] = []
    per_opd = total // OPD_COUNT
    golongan_pns = ["II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a"]

    def add(unit, unit_name, parent, position, kind, jenjang, supervisor, status="PNS"):
        nip = nips.next()
        golongan = rng.choice(golongan_pns) if status == "PNS" else rng.choice(["V", "VII", "IX"])
        rows.append(
            [
                nip,
                f"Pegawai {len(rows) + 1}",
                rng.choice(["", "", "dr.", "Ir."]),
                rng.choice(["", "S.Kom.", "S.E.", "M.Si."]),
                status,
                golongan,
                unit,
                unit_name,
                parent,
                position,
                kind,
                jenjang,
                supervisor,
                f"p{len(rows) + 1}@example.go.id",
                f"0812{rng.randint(10_000_000, 99_999_999)}",
            ]
        )
        return nip

    for o in range(1, OPD_COUNT + 1):
        start = len(rows)
        opd, opd_name = f"OPD{o:02d}", f"Dinas Nomor {o}"
        head = add(opd, opd_name, "", f"Kepala {opd_name}", "JPT Pratama", "", "")
        sekr_unit = f"{opd}.SEKR"
        sekr = add(sekr_unit, "Sekretariat", opd, "Sekretaris", "Administrator", "", head)
        leaves: list[tuple[str, str, str, str]] = []
        for s in (1, 2):
            unit = f"{sekr_unit}.SUB{s}"
            name = f"Sub Bagian {['Umum', 'Keuangan'][s - 1]}"
            boss = add(unit, name, sekr_unit, f"Kepala {name}", "Pengawas", "", sekr)
            leaves.append((unit, name, sekr_unit, boss))
        for b in range(1, 4):
            bid_unit, bid_name = f"{opd}.B{b}", f"Bidang {b} {opd_name}"
            kabid = add(bid_unit, bid_name, opd, f"Kepala {bid_name}", "Administrator", "", head)
            for s in range(1, 3):
                unit, name = f"{bid_unit}.S{s}", f"Seksi {s} Bidang {b}"
                kasi = add(unit, name, bid_unit, f"Kepala {name}", "Pengawas", "", kabid)
                leaves.append((unit, name, bid_unit, kasi))
        upt_unit = f"{opd}.UPT"
        upt_name = "Puskesmas Kota" if o % 3 == 0 else ("SD Negeri 1" if o % 3 == 1 else "UPT")
        kupt = add(upt_unit, upt_name, opd, f"Kepala {upt_name}", "Pengawas", "", head)
        leaves.append((upt_unit, upt_name, opd, kupt))
        jobs = [
            ("Pengadministrasi Umum", "Pelaksana", ""),
            ("Pengelola Data", "Pelaksana", ""),
            ("Analis Kebijakan Ahli Muda", "Fungsional Keahlian", "Ahli Muda"),
            ("Pranata Komputer Ahli Pertama", "Fungsional Keahlian", "Ahli Pertama"),
            ("Arsiparis Terampil", "Fungsional Keterampilan", "Terampil"),
        ]
        while len(rows) - start < per_opd:
            unit, name, parent, boss = leaves[(len(rows) - start) % len(leaves)]
            job, kind, jenjang = rng.choice(jobs)
            status = "PPPK" if rng.random() < 0.2 else "PNS"
            add(unit, name, parent, job, kind, jenjang, boss, status)
    return rows[:total]


def _write_workbook(rows: list[list], path: Path) -> None:
    from openpyxl import Workbook

    from accounts.importing import COLUMNS

    # A normal (not write-only) workbook, because that is what Excel produces: shared strings and
    # a <dimension> element. Write-only output uses inline strings and no dimension, which makes
    # openpyxl's read-only reader several times slower and would measure the wrong thing.
    book = Workbook()
    sheet = book.active
    sheet.title = "Pegawai"
    sheet.append(list(COLUMNS))
    for values in rows:
        sheet.append(values)
    book.save(path)


def _timed_import(path: Path, label: str, complete: bool = False) -> dict:
    from django.db import connection

    from accounts.importing import apply_plan, parse_and_validate, script_actor

    actor = script_actor()  # the management command without --user: the system, full scope
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    started, cpu_started = time.perf_counter(), time.process_time()
    with path.open("rb") as handle:
        plan = parse_and_validate(handle, complete=complete, actor=actor)
    validated = time.perf_counter()
    if not plan.ok:
        for error in (plan.file_errors + [str(e) for e in plan.errors])[:20]:
            print("ERROR", error)
        raise SystemExit(1)
    with connection.execute_wrapper(count):
        result = apply_plan(plan, actor=actor, file_name=path.name)
    finished, cpu = time.perf_counter(), time.process_time() - cpu_started
    c = result.counts
    changes = sum(v for k, v in c.items() if k != "rows" and not k.endswith("unchanged"))
    print(
        f"{label}: rows={c['rows']} validate_s={validated - started:.2f} "
        f"write_s={finished - validated:.2f} total_s={finished - started:.2f} "
        f"cpu_s={cpu:.2f} queries={queries}"
    )
    print(f"{label}: {result.summary_line} changes={changes}")
    return {"counts": c, "changes": changes}


def _reset_database() -> None:
    """A fresh, migrated database in the same process (the confirm figures start from empty)."""
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)


def _timed_confirm(path: Path) -> None:
    """Upload then confirm, as the two web requests do (full scope, no acting user)."""
    from accounts.importing import parse_and_validate, script_actor
    from accounts.importing.records import import_confirm, import_record_create

    actor = script_actor()
    started = time.perf_counter()
    with path.open("rb") as handle:
        plan = parse_and_validate(handle, actor=actor)
        record = import_record_create(handle, plan, path.name, actor=actor)
    uploaded = time.perf_counter()
    cpu_started = time.process_time()
    result = import_confirm(record, actor=actor)
    finished, cpu = time.perf_counter(), time.process_time() - cpu_started
    print(
        f"confirm: rows={result.counts['rows']} upload_s={uploaded - started:.2f} "
        f"confirm_s={finished - uploaded:.2f} confirm_cpu_s={cpu:.2f}"
    )
    print(f"confirm: {result.summary_line}")


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    _fresh_database()
    media = tempfile.TemporaryDirectory()
    os.environ["MEDIA_ROOT"] = media.name  # the stored upload of the confirm step
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.logins.models import User
    from accounts.org.models import Assignment, Employee, OrgUnit, Position

    call_command("migrate", verbosity=0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pegawai-bench.xlsx"
        started = time.perf_counter()
        rows = _rows(total)
        _write_workbook(rows, path)
        size_kb = path.stat().st_size // 1024
        print(f"generated rows={total} file_kb={size_kb} in {time.perf_counter() - started:.2f}s")
        _timed_import(path, "import")
        models = (OrgUnit, Position, Employee, Assignment, User)
        history = [m.history.count() for m in models]
        print(
            "database: "
            + " ".join(f"{m.__name__.lower()}s={m.objects.count()}" for m in models)
            + f" history_rows={sum(history)}"
        )
        second = _timed_import(path, "reimport")
        unchanged = history == [m.history.count() for m in models]
        print(f"changes={second['changes']} history_unchanged={unchanged}")
        # Every 100th employee who supervises nobody in the file has left.
        supervisors = {r[12] for r in rows}
        leavers = {r[0] for r in rows[::100] if r[0] not in supervisors}
        shorter = Path(folder) / "pegawai-lengkap.xlsx"
        _write_workbook([r for r in rows if r[0] not in leavers], shorter)
        _timed_import(shorter, "complete", complete=True)
        _reset_database()
        _timed_confirm(path)


if __name__ == "__main__":
    main()
