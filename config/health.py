"""`/healthz/`: the liveness probe for load balancers and docker-compose.

It touches neither the database nor the cache, so it also serves as the bare Django view that the
load benchmark (bench/rush.py with bench/locustfile_rush.py) measures as its throughput reference.
"""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
