"""The admin BKD's SIASN status page: per OPD how many final results are sent, failed (with BKN's
message), of unknown outcome or not sent yet; the failures to send again, one or all; and the
check of SIASN's reference lists against our codes (a difference stops every push)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.org.policies import require_admin_bkd
from accounts.org.roles import roles_for
from appraisal.choices import EvaluationStatus
from appraisal.cycles.selectors import real_cycles
from appraisal.evaluation.models import Evaluation
from core.pagination import paginate, query_without_page
from interchange.siasn import push
from interchange.siasn.client import SiasnClient, SiasnError, configured
from interchange.siasn.forms import PullForm
from interchange.siasn.models import PullState, PushState, ReferenceCheck, ResultPush, SiasnPull
from interchange.siasn.pull import note_label
from interchange.siasn.tasks import pull_organisation, push_result, to_push

NEEDS_ATTENTION = (PushState.FAILED, PushState.UNKNOWN)


def _year(request) -> int:
    text = request.GET.get("year") or request.POST.get("year") or ""
    if text.isdigit() and len(text) == 4:
        return int(text)
    latest = real_cycles().order_by("-year").values_list("year", flat=True).first()
    return latest or timezone.localdate().year


def _per_opd(year: int) -> list[dict]:
    final = Evaluation.objects.filter(
        status=EvaluationStatus.FINALISED, skp__cycle__year=year, skp__cycle__practice=False
    )
    state = "siasn_push__state"
    return list(
        final.values(
            code=F("skp__position__unit__opd__code"), name=F("skp__position__unit__opd__name")
        )
        .annotate(
            total=Count("pk"),
            sent=Count("pk", filter=Q(**{state: PushState.SENT})),
            changed=Count(
                "pk",
                filter=Q(**{state: PushState.SENT}, updated_at__gt=F("siasn_push__checked_at")),
            ),
            failed=Count("pk", filter=Q(**{state: PushState.FAILED})),
            unknown=Count("pk", filter=Q(**{state: PushState.UNKNOWN})),
            waiting=Count(
                "pk", filter=Q(siasn_push__isnull=True) | Q(**{state: PushState.PENDING})
            ),
            last_sent=Max("siasn_push__sent_at"),
        )
        .order_by("code")
    )


@login_required
@require_GET
def status(request):
    require_admin_bkd(roles_for(request))
    return _status_page(request, PullForm())


def _status_page(request, pull_form: PullForm):
    year = _year(request)
    years = list(real_cycles().order_by("-year").values_list("year", flat=True))
    attention = (
        ResultPush.objects.filter(state__in=NEEDS_ATTENTION, evaluation__skp__cycle__year=year)
        .select_related("evaluation__skp__employee", "evaluation__skp__position__unit__opd")
        .order_by("evaluation__skp__position__unit__opd__code", "evaluation__skp__employee__name")
    )
    return render(
        request,
        "interchange/siasn_status.html",
        {
            "year": year,
            "years": years,
            "has_cycle": year in years,
            "per_opd": _per_opd(year),
            "page": paginate(request, attention),
            "query": query_without_page(request),
            "configured": configured(),
            "check": ReferenceCheck.objects.order_by("-checked_at").first(),
            "pull_form": pull_form,
            "pulls": SiasnPull.objects.select_related("started_by", "employee_import")[:5],
        },
    )


def _back(year: int):
    return redirect(f"{reverse('interchange:siasn_status')}?year={year}")


@login_required
@require_POST
def retry(request, public_id):
    """Send one failed or unknown result again (in the background)."""
    require_admin_bkd(roles_for(request))
    evaluation = get_object_or_404(Evaluation, public_id=public_id, siasn_push__isnull=False)
    push_result.delay(evaluation.pk)
    messages.success(
        request,
        _("%(name)s's result is queued for SIASN.") % {"name": evaluation.skp.employee.full_name},
    )
    return _back(evaluation.skp.cycle.year)


@login_required
@require_POST
def retry_all(request):
    require_admin_bkd(roles_for(request))
    year = _year(request)
    ids = list(
        ResultPush.objects.filter(
            state__in=NEEDS_ATTENTION, evaluation__skp__cycle__year=year
        ).values_list("evaluation_id", flat=True)
    )
    for evaluation_id in ids:
        push_result.delay(evaluation_id)
    messages.success(request, _("%(count)s results queued for SIASN.") % {"count": len(ids)})
    return _back(year)


@login_required
@require_POST
def push_year(request):
    """Send the year's results not yet in SIASN, or changed since (in the background), once
    SIASN's reference lists are found to match our codes."""
    require_admin_bkd(roles_for(request))
    year = _year(request)
    if not _codes_match(request):
        return _back(year)
    ids = list(to_push().filter(skp__cycle__year=year).order_by("pk").values_list("pk", flat=True))
    for evaluation_id in ids:
        push_result.delay(evaluation_id)
    messages.success(request, _("%(count)s results queued for SIASN.") % {"count": len(ids)})
    return _back(year)


def _codes_match(request) -> bool:
    """Check SIASN's reference lists against our codes now; say why not when they don't."""
    if not configured():
        messages.error(request, _("SIASN is not configured on this server."))
        return False
    try:
        with SiasnClient() as client:
            check = push.reference_check(client)
    except SiasnError as error:
        messages.error(request, str(error))
        return False
    if not check.ok:
        messages.error(
            request, _("SIASN's codes differ from ours: nothing is sent until they match.")
        )
    return check.ok


@login_required
@require_POST
def check_references(request):
    require_admin_bkd(roles_for(request))
    if _codes_match(request):
        messages.success(request, _("SIASN's reference lists match our codes."))
    return _back(_year(request))


@login_required
@require_POST
def pull_start(request):
    """Read SIASN's organisation in the background; when it is done at once (no worker), go to
    the import preview it prepared."""
    require_admin_bkd(roles_for(request))
    if not configured():  # the form is only shown when SIASN is configured
        messages.error(request, _("SIASN is not configured on this server."))
        return redirect("interchange:siasn_status")
    form = PullForm(request.POST)
    if not form.is_valid():
        return _status_page(request, form)
    started = timezone.now()
    opd = form.cleaned_data["opd"]
    pull_organisation.delay(request.user.pk, opd.code if opd else "", form.cleaned_data["nips"])
    pull = SiasnPull.objects.filter(started_by=request.user, created_at__gte=started).first()
    if pull is None:
        messages.info(request, _("SIASN is being read; the result appears below when ready."))
        return redirect("interchange:siasn_status")
    if pull.state == PullState.READY:
        messages.info(request, _("SIASN was read: check the changes below, then confirm them."))
        return redirect("imports:preview", public_id=pull.employee_import.public_id)
    return redirect("interchange:siasn_pull", public_id=pull.public_id)


@login_required
@require_GET
def pull_detail(request, public_id):
    require_admin_bkd(roles_for(request))
    pull = get_object_or_404(
        SiasnPull.objects.select_related("started_by", "employee_import"), public_id=public_id
    )
    notes = [{**note, "label": note_label(note["kind"])} for note in pull.notes]
    return render(
        request,
        "interchange/siasn_pull.html",
        {"pull": pull, "page": paginate(request, notes), "query": query_without_page(request)},
    )
