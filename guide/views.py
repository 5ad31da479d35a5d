"""The help centre: the list of pages with a search box, and one page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from accounts.org.roles import roles_for
from guide import pages
from guide.models import TourSeen
from guide.tours import tours_for

QUERY_MAX_LENGTH = 100


@require_GET
def index(request):
    """Every page, or those a search finds. Open to anyone: it documents the product, and a
    person who cannot log in yet may need it most."""
    query = " ".join(request.GET.get("q", "").split())[:QUERY_MAX_LENGTH]
    language = get_language()
    found = pages.search(language, query) if query else pages.pages_for(language)
    return render(request, "guide/index.html", {"pages": found, "query": query})


@require_GET
def page(request, slug: str):
    shown = pages.page(get_language(), slug)
    if shown is None:
        raise Http404
    others = [p for p in pages.pages_for(get_language()) if p.slug != slug]
    return render(request, "guide/page.html", {"page": shown, "others": others})


@login_required
@require_POST
def tour_seen(request, key: str):
    """The page's script says a tour was closed (`completed`: at its last step); it does not
    start by itself again. A tour that is not one of the person's roles' is a 404."""
    if key not in {tour.key for tour in tours_for(roles_for(request))}:
        raise Http404
    completed = request.POST.get("completed") == "1"
    try:
        with transaction.atomic():
            seen, created = TourSeen.objects.get_or_create(
                user=request.user, tour=key, defaults={"completed": completed}
            )
    except IntegrityError:  # the same tour closed twice at once: the other request kept it
        return HttpResponse(status=204)
    if completed and not seen.completed:
        TourSeen.objects.filter(pk=seen.pk).update(completed=True)
    return HttpResponse(status=204)
