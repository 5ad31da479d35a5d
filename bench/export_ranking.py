"""Benchmark: the agency-wide ranking export of 100,000 annual evaluations.

    .venv/bin/python bench/export_ranking.py [EVALUATIONS]

Seeds a throwaway SQLite file with a synthetic agency (40 OPDs, 240 units, EVALUATIONS employees
with an approved SKP of two RHK each and a finalised annual evaluation, some RHK labelled Di Atas
Ekspektasi; bulk inserts, not timed). Then, in the same run:

- times reports' `ranking` exporter writing the agency-wide ranking (query, rules.ranking_key and
  rules.shared_ranks, the cover sheet, the formatted sheet) to a file;
- times openpyxl's write-only mode writing the same rows (taken from the exporter beforehand) by
  itself, with the same header;
- times XlsxWriter, the fastest Python writer, writing the same rows and header by itself
  (constant_memory mode and the options that keep it from guessing, the cheapest: one write_row
  per row, nothing else): the floor any .xlsx export of these rows pays;
- measures the export's peak memory with tracemalloc in a separate, untimed run (tracemalloc
  slows Python down, so it never runs during a timing).

Each timing is the best of two runs. The last line is
`ratio=<export time / openpyxl alone> peak_mb=<peak memory of the export>
ratio_fastest=<export time / XlsxWriter alone>` (goal: ratio_fastest ≤ 1.3, peak < 200 MB).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

DB_PATH = Path("/tmp/bench_export_ranking.sqlite3")
ROOT = Path(__file__).resolve().parent.parent
BATCH = 5000
YEAR = 2025
FIRST = [
    "Agus",
    "Budi",
    "Citra",
    "Dewi",
    "Eko",
    "Fitri",
    "Gita",
    "Hadi",
    "Indah",
    "Joko",
    "Kartika",
    "Lestari",
    "Made",
    "Nur",
    "Putu",
    "Rina",
    "Sari",
    "Tri",
    "Wayan",
    "Yusuf",
]  # noqa: E501
LAST = [
    "Santoso",
    "Wijaya",
    "Pratama",
    "Siregar",
    "Nasution",
    "Hutapea",
    "Lubis",
    "Saputra",
    "Kusuma",
    "Wibowo",
    "Hidayat",
    "Rahman",
    "Setiawan",
    "Purnomo",
    "Sitompul",
    "Tanjung",
]  # noqa: E501
RATINGS = ("DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI")
RATING_WEIGHTS = (2, 7, 1)


def _fresh_database() -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    # Always the throwaway file, whatever the environment says: this must never touch real data.
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    sys.path.insert(0, str(ROOT))


def _seed(count: int) -> None:
    from accounts.org.models import Employee, OrgUnit, Position
    from appraisal import rules
    from appraisal.cycles.models import Cycle
    from appraisal.evaluation.models import Evaluation, RhkAssessment
    from appraisal.plans.models import Rhk, Skp

    rng = random.Random(2025)
    opds = OrgUnit.objects.bulk_create(
        OrgUnit(code=f"OPD{i:02d}", name=f"Dinas Uji {i:02d}") for i in range(40)
    )
    for opd in opds:
        opd.opd = opd
    OrgUnit.objects.bulk_update(opds, ["opd"])
    units = OrgUnit.objects.bulk_create(
        OrgUnit(code=f"{opd.code}.B{j}", name=f"Bidang {j} {opd.name}", kind="bidang", parent=opd, opd=opd)
        for opd in opds
        for j in range(5)
    )  # fmt: skip
    posts = Position.objects.bulk_create(
        Position(name=f"Jabatan Pelaksana {k} {unit.code}", kind="pelaksana", unit=unit)
        for unit in [*opds, *units]
        for k in range(4)
    )
    cycle = Cycle.objects.create(year=YEAR, status="closed")
    for offset in range(0, count, BATCH):
        size = min(BATCH, count - offset)
        employees = Employee.objects.bulk_create(
            Employee(
                nip=str(196001012000011000 + offset + i),  # 18 digits, unique
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                position=posts[(offset + i) % len(posts)],
            )
            for i in range(size)
        )
        skps = Skp.objects.bulk_create(
            Skp(
                cycle=cycle,
                employee=employee,
                position=employee.position,
                start_date=dt.date(YEAR, 1, 1),
                end_date=dt.date(YEAR, 12, 31),
                status="approved",
                ppk_name=f"Kepala {employee.position.unit.name}"[:250],
            )
            for employee in employees
        )
        evaluations = []
        for skp in skps:
            hasil, perilaku = rng.choices(RATINGS, RATING_WEIGHTS, k=2)
            predicate = rules.employee_predicate(rules.Rating[hasil], rules.Rating[perilaku])
            evaluations.append(
                Evaluation(
                    skp=skp,
                    period=0,
                    status="finalised",
                    rating_hasil=hasil,
                    rating_perilaku=perilaku,
                    predicate=predicate.name,
                    ppk_name=skp.ppk_name,
                )
            )
        evaluations = Evaluation.objects.bulk_create(evaluations)
        rhks = Rhk.objects.bulk_create(
            Rhk(skp=skp, section="utama", order=n, text=f"RHK {n}") for skp in skps for n in (1, 2)
        )
        RhkAssessment.objects.bulk_create(
            RhkAssessment(evaluation=evaluation, rhk=rhk, label="DI_ATAS_EKSPEKTASI")
            for index, evaluation in enumerate(evaluations)
            for rhk in rhks[2 * index : 2 * index + rng.choice((0, 0, 1, 2))]
        )


def _export(exporter_class, params, scope, path: str) -> int:
    from reports.exporters import write_workbook

    with open(path, "wb") as stream:
        return write_workbook(exporter_class(params, scope), stream, generated_by="bench")


def _openpyxl_alone(rows, header, path: str) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Peringkat")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    with open(path, "wb") as stream:
        workbook.save(stream)


def _xlsxwriter_alone(rows, header, path: str) -> None:
    import xlsxwriter

    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    workbook = xlsxwriter.Workbook(path, options)
    sheet = workbook.add_worksheet("Peringkat")
    sheet.write_row(0, 0, header)
    for index, row in enumerate(rows, start=1):
        sheet.write_row(index, 0, row)
    workbook.close()


def _best(function, runs: int = 2) -> float:
    best = float("inf")
    for _run in range(runs):
        gc.collect()
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    _fresh_database()
    import django

    django.setup()
    from django.core.management import call_command

    from appraisal.cycles.models import Cycle
    from appraisal.evaluation.models import Evaluation
    from reports.exporters import resolve_params
    from reports.exporters.ranking import RANKING_COLUMNS, RankingExporter, ranked_rows
    from reports.scope import AGENCY_SCOPE

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    _seed(count)
    print(
        f"seeded annual_evaluations={Evaluation.objects.filter(period=0).count()} "
        f"in {time.perf_counter() - started:.1f}s"
    )
    assert Cycle.objects.filter(year=YEAR).exists()
    params = resolve_params(RankingExporter, AGENCY_SCOPE, year=YEAR)
    folder = tempfile.mkdtemp(prefix="bench-export-")
    export_path = os.path.join(folder, "export.xlsx")
    alone_path = os.path.join(folder, "alone.xlsx")
    fastest_path = os.path.join(folder, "fastest.xlsx")

    rows = list(ranked_rows(RankingExporter(params, AGENCY_SCOPE)))
    assert len(rows) == count, len(rows)
    header = [column.header for column in RANKING_COLUMNS]

    export_seconds = _best(lambda: _export(RankingExporter, params, AGENCY_SCOPE, export_path))
    alone_seconds = _best(lambda: _openpyxl_alone(rows, header, alone_path))
    fastest_seconds = _best(lambda: _xlsxwriter_alone(rows, header, fastest_path))
    rows.clear()
    gc.collect()

    tracemalloc.start()
    _export(RankingExporter, params, AGENCY_SCOPE, export_path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    size_mb = os.path.getsize(export_path) / 1e6
    print(f"export_seconds={export_seconds:.2f} rows={count} file_mb={size_mb:.1f}")
    print(f"openpyxl_alone_seconds={alone_seconds:.2f}")
    print(f"xlsxwriter_alone_seconds={fastest_seconds:.2f}")
    print(
        f"ratio={export_seconds / alone_seconds:.2f} peak_mb={peak / 1e6:.0f} "
        f"ratio_fastest={export_seconds / fastest_seconds:.2f}"
    )


if __name__ == "__main__":
    main()
