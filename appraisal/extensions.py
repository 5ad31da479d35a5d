"""What appraisal pages and work plans ask of the parts above them (core.extensions)."""

from core.extensions import ExtensionPoint

# Evidence panels (appraisal.panels.page_panels): (request, page object) -> {slot: html}.
realisation_panels = ExtensionPoint(
    "appraisal.realisation_panels",
    "Panels on the realisation page. Filled by feedback (threads).",
)
evaluation_panels = ExtensionPoint(
    "appraisal.evaluation_panels",
    "Panels on the evaluation page. Filled by feedback (threads, coaching, 360, public feedback).",
)
objection_panels = ExtensionPoint(
    "appraisal.objection_panels",
    "Panels on the objection page. Filled by feedback (threads).",
)
revision_approved = ExtensionPoint(
    "appraisal.revision_approved",
    "(carry: plans.services.flow.CarryOver) inside the transaction that approves a revised SKP: "
    "what the year has recorded moves to the new version. Filled by realisation (daily logs, "
    "evidence, realisations) and evaluation (evaluations and their notes).",
)
reporting_line_checks = ExtensionPoint(
    "appraisal.reporting_line_checks",
    "monitoring.diagnostics.LineCheck(reasons, find): a check of the reporting-line "
    "diagnostics; find(diagnosis) yields a Finding for each employee of diagnosis.people whose "
    "SKP cannot proceed, from a fixed number of queries. Filled by appraisal (the position tree, "
    "appraisers and overrides; the PPK's plan; broken RHK links); the difference with SIASN's "
    "atasan is for interchange to register here, as the diagnostics never import it.",
)
progress_feedback = ExtensionPoint(
    "appraisal.progress_feedback",
    "(skp) -> realisation.progress.FeedbackNote | None: the last feedback the plan's owner "
    "received, for their progress page. Filled by feedback (threads).",
)
