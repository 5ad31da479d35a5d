"""Addresses of the appraisal app under /kinerja/: each sub-domain lists its own."""

from appraisal.calibration import urls as calibration
from appraisal.closing import urls as closing
from appraisal.cycles import urls as cycles
from appraisal.documents import urls as documents
from appraisal.evaluation import urls as evaluation
from appraisal.monitoring import urls as monitoring
from appraisal.objections import urls as objections
from appraisal.plans import urls as plans
from appraisal.practice import urls as practice
from appraisal.realisation import urls as realisation
from appraisal.reminders import urls as reminders

app_name = "appraisal"

urlpatterns = [
    *cycles.urlpatterns,
    *plans.urlpatterns,
    *documents.urlpatterns,
    *realisation.urlpatterns,
    *evaluation.urlpatterns,
    *objections.urlpatterns,
    *calibration.urlpatterns,
    *closing.urlpatterns,
    *monitoring.urlpatterns,
    *reminders.urlpatterns,
    *practice.urlpatterns,
]
