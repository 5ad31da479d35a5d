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
