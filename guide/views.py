"""The help centre (the list of pages with a search box, one page), the tours' record, and the
admins' adoption page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.org.policies import require_admin
from accounts.org.roles import roles_for
from appraisal.cycles.selectors import real_cycles
from core.menus import Menu, menu
from guide import adoption as adoption_data
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
            seen, _created = TourSeen.objects.get_or_create(
                user=request.user, tour=key, defaults={"completed": completed}
            )
    except IntegrityError:  # the same tour closed twice at once: the other request kept it
        return HttpResponse(status=204)
    if completed and not seen.completed:
        TourSeen.objects.filter(pk=seen.pk).update(completed=True)
    return HttpResponse(status=204)


@menu(Menu.PERFORMANCE)
@login_required
@require_GET
def adoption(request):
    """Per OPD of the admin's scope, how far its employees have taken up the system this
    cycle, and week by week (guide.adoption)."""
    roles = roles_for(request)
    require_admin(roles)
    opd_ids = None if roles.is_admin_bkd else roles.admin_opd_ids
    years = list(real_cycles().order_by("-year").values_list("year", flat=True))
    asked = request.GET.get("year", "")
    given = int(asked) if asked.isascii() and asked.isdigit() else None
    year = given if given in years else (years[0] if years else None)
    context = {"years": years, "year": year}
    if year is not None:
        cycle = real_cycles().get(year=year)
        rows = adoption_data.by_opd(cycle, opd_ids)
        series = adoption_data.weekly(cycle, opd_ids)
        names = chart_names()
        context.update(
            rows=rows,
            total=adoption_data.total(rows),
            chart={
                "labels": [formats.date_format(week, "j M") for week in series["weeks"]],
                "series": [{"name": str(name), "data": series[key]} for key, name in names.items()],
            },
        )
    return render(request, "guide/adoption.html", context)


def chart_names() -> dict:
    """The weekly chart's lines (logins have no dates to chart: guide.adoption)."""
    return {
        "toured": _("Finished the tour"),
        "started": _("Started the SKP"),
        "submitted": _("Submitted the SKP"),
        "realised": _("Recorded a realisation"),
    }
