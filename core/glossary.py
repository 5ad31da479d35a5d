"""The regulatory terms our forms use, explained where the question arises.

Each term has a short explanation and an example (PermenPANRB 6/2022 unless said otherwise) and
names the help-centre page that tells more (guide/pages/<language>/<page>.md). A form adds a
help button to a field's help text with `add_term_help(form, {field name: term key})`; the
button opens a popover (static/js/app.js), by touch, mouse or keyboard, with no inline script.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    key: str
    title: str | Promise
    text: str | Promise
    example: str | Promise
    page: str  # the help-centre page's slug


TERMS = {
    term.key: term
    for term in (
        Term(
            "rhk",
            _("Rencana Hasil Kerja (RHK)"),
            _(
                "The result you commit to deliver this year: a product or a change, not an "
                "activity. Each RHK is measured by its indicators (IKI)."
            ),
            _("“Pelayanan imunisasi dasar lengkap bagi bayi di wilayah kerja puskesmas.”"),
            "menyusun-skp",
        ),
        Term(
            "iki",
            _("Indikator Kinerja Individu (IKI)"),
            _(
                "How the RHK is measured: something counted or checked, with a target and a "
                "unit. Avoid verbs with nothing to count, such as “meningkatkan” alone."
            ),
            _("“Persentase bayi yang mendapat imunisasi dasar lengkap” — target 95 persen."),
            "menyusun-skp",
        ),
        Term(
            "aspek",
            _("Aspect of an indicator"),
            _(
                "What the indicator looks at: quantity (how many), quality (how good) or time "
                "(how fast or by when). A balanced RHK covers more than one."
            ),
            _("Kuantitas: 12 laporan; kualitas: 0 revisi; waktu: paling lambat tanggal 5."),
            "menyusun-skp",
        ),
        Term(
            "rencana_aksi",
            _("Rencana aksi"),
            _(
                "The steps you plan in a period to reach the RHK. Your realisation and daily log "
                "report against them."
            ),
            _("Triwulan I: “Mendata sasaran bayi dan menyusun jadwal posyandu.”"),
            "menyusun-skp",
        ),
        Term(
            "intervensi",
            _("RHK intervened (cascading)"),
            _(
                "The RHK of your appraising official that yours contributes to. Choosing it is "
                "how a plan cascades from the head of the OPD down to you."
            ),
            _(
                "The kasi's “Cakupan imunisasi 95 persen” is intervened by the nurse's “Pelayanan "
                "imunisasi dasar”."
            ),
            "cascading",
        ),
        Term(
            "cascading",
            _("Direct or indirect cascading"),
            _(
                "Direct: your RHK is part of the official's own result. Indirect: it supports "
                "that result without being part of it (for example, support services)."
            ),
            _("A pengelola keuangan's RHK on timely payments supports the unit's result."),
            "cascading",
        ),
        Term(
            "perspektif",
            _("Perspective (JPT)"),
            _(
                "For senior executives (JPT) each RHK is placed in a perspective of the "
                "balanced scorecard: service recipients, business processes, internal "
                "strengthening or budget."
            ),
            _("“Indeks kepuasan masyarakat” belongs to the service recipients perspective."),
            "menyusun-skp",
        ),
        Term(
            "ekspektasi",
            _("Leader's specific expectation"),
            _(
                "What your appraising official expects of your behaviour for each BerAKHLAK "
                "value this year. It is agreed at the start and rated at the end."
            ),
            _("Berorientasi Pelayanan: “Menjawab setiap aduan pasien paling lambat 1 hari.”"),
            "menyusun-skp",
        ),
        Term(
            "lampiran",
            _("Lampiran SKP"),
            _(
                "What the plan relies on: the resources the organisation provides, the "
                "accountability scheme and the consequences agreed."
            ),
            _("Dukungan sumber daya: “Kendaraan operasional puskesmas keliling.”"),
            "menyusun-skp",
        ),
        Term(
            "rating_hasil",
            _("Rating of work results"),
            _(
                "The PPK's judgement of all your RHK together: above, as or below expectation, "
                "from the realisation and its evidence against the targets."
            ),
            _("Most indicators reached, one clearly exceeded: “sesuai ekspektasi”."),
            "penilaian",
        ),
        Term(
            "rating_perilaku",
            _("Rating of work behaviour"),
            _(
                "The PPK's judgement of your behaviour against the BerAKHLAK expectations, with "
                "the feedback gathered during the period."
            ),
            _("Always on time and helpful to colleagues beyond the expectation: “di atas”."),
            "penilaian",
        ),
        Term(
            "predikat",
            _("Performance predicate"),
            _(
                "Follows from the two ratings by the matrix of PermenPANRB 6/2022: Sangat Baik, "
                "Baik, Butuh Perbaikan, Kurang/Misconduct or Sangat Kurang."
            ),
            _("Results above and behaviour as expected: Baik."),
            "penilaian",
        ),
        Term(
            "kurva",
            _("Distribution curve"),
            _(
                "How many of a unit's employees may hold each predicate, set by the "
                "organisation's own predicate. Calibration brings the ratings within it."
            ),
            _("An OPD rated “Baik” may have at most a set share of Sangat Baik."),
            "kalibrasi",
        ),
        Term(
            "keberatan",
            _("Objection (keberatan)"),
            _(
                "If you disagree with your final result you may object, with reasons, within 14 "
                "days of receiving it. The superior of your PPK decides."
            ),
            _("“Realisasi triwulan II sudah diunggah tetapi tidak dipertimbangkan.”"),
            "keberatan",
        ),
        Term(
            "realisasi",
            _("Realisation"),
            _(
                "What you actually achieved in the period for each indicator, as a number in "
                "the target's unit or a short narrative, with evidence."
            ),
            _("Target 95 percent, realised 91 percent by the end of the second quarter."),
            "realisasi-dan-bukti",
        ),
        Term(
            "bukti_dukung",
            _("Supporting evidence (bukti dukung)"),
            _(
                "A file or a link that shows the realisation: a report, a list, a photo of an "
                "activity. Your PPK reads it before rating."
            ),
            _("The posyandu attendance list, scanned as PDF."),
            "realisasi-dan-bukti",
        ),
    )
}


def term_help(key: str) -> str:
    """The help button of a term (its popover's title, text, example and guide link)."""
    term = TERMS[key]
    return render_to_string(
        "partials/term_help.html",
        {"term": term, "guide_url": reverse("guide:page", args=[term.page])},
    )


def add_term_help(form, terms: dict[str, str]) -> None:
    """Add each term's help button after the help text of the fields named (a pattern such as
    `plan_*` names several). Call it once the form's fields are all in place."""
    for pattern, key in terms.items():
        for name in fnmatch.filter(list(form.fields), pattern):
            field = form.fields[name]
            field.help_text = format_html(
                "{}{}{}", field.help_text or "", " " if field.help_text else "", term_help(key)
            )
