"""The PPK's team progress: each subordinate's indicators explained as on their own results page,
those who need attention first (issue 29, item 6)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import render

from accounts.org.models import Employee
from accounts.org.roles import roles_for
from appraisal.cycles.selectors import open_cycle
from appraisal.realisation.progress import current_team_plans, team_progress
from core.menus import Menu, menu
from core.pagination import paginate, query_without_page

SEARCH_MAX_QUERY = 100


@menu(Menu.MY_TEAM)
@login_required
def team_progress_page(request):
    roles = roles_for(request)
    if not roles.may_appraise:
        raise PermissionDenied
    cycle = open_cycle()
    q = request.GET.get("q", "").replace("\x00", "").strip()[:SEARCH_MAX_QUERY]
    ids = roles.subordinate_ids
    if q:
        ids = list(
            Employee.objects.filter(pk__in=ids)
            .filter(Q(name__icontains=q) | Q(nip__startswith=q))
            .values_list("pk", flat=True)
        )
    found = team_progress(current_team_plans(ids, cycle)) if cycle else []
    attention_only = request.GET.get("perhatian") == "1"
    shown = [p for p in found if p.attention] if attention_only else found
    return render(
        request,
        "appraisal/progress/team.html",
        {
            "cycle": cycle,
            "page": paginate(request, shown),
            "query": query_without_page(request),
            "q": q,
            "attention_only": attention_only,
            "team_size": len(roles.subordinate_ids),
            "with_plan": len(found),
            "needing": sum(1 for p in found if p.attention),
        },
    )
