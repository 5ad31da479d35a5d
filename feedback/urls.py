"""Signed-in feedback pages; each part of the app keeps its routes in `urls_<part>.py`."""

from feedback import urls_coaching, urls_public, urls_survey, urls_threads

app_name = "feedback"

urlpatterns = [
    *urls_threads.urlpatterns,
    *urls_coaching.urlpatterns,
    *urls_survey.urlpatterns,
    *urls_public.urlpatterns,
]
