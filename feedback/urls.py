"""Signed-in feedback pages; each kind of feedback keeps its routes in its own `urls.py`."""

from feedback.coaching import urls as coaching
from feedback.public import urls as public
from feedback.survey import urls as survey
from feedback.threads import urls as threads

app_name = "feedback"

urlpatterns = [
    *threads.urlpatterns,
    *coaching.urlpatterns,
    *survey.urlpatterns,
    *public.urlpatterns,
]
