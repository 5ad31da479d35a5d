"""Units, positions and the agency profile (admin OPD within their OPD, admin BKD everywhere)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import (
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.org import policies, selectors, services
from accounts.org.filters import PositionFilter, UnitFilter
from accounts.org.forms import AgencyForm, PositionForm, RoleGrantForm, UnitForm
from accounts.org.models import AdminRole, AgencyProfile, Assignment, Employee, Position
from accounts.org.roles import actor_for, roles_for
from accounts.org.selectors import held_on
from core.errors import DomainError
from core.forms import ReasonForm, show_domain_error
from core.menus import Menu, menu
from core.pagination import paginate, query_without_page
from core.queries import count_subquery


def _search_term(request) -> str:
    """What the searchable picker sent; a NUL byte matches nothing and PostgreSQL refuses it."""
    term = next((v for k, v in request.GET.items() if k.endswith("search") or k == "q"), "")
    return term.replace("\x00", "").strip()


def _with_position_count(units):
    """Each unit's number of posts, as a subquery: a GROUP BY over units × posts sorted every
    matching unit's posts before the page was cut (a search for "seksi" matches 3,000 units)."""
    return units.annotate(
        position_count=count_subquery(Position.objects.filter(unit=OuterRef("pk")), "unit")
    )


@menu(Menu.ORGANISATION)
@login_required
def unit_list(request):
    """The org tree, a page of OPDs at a time with their whole subtrees, or a flat search result
    (a province has thousands of units: the page must stay small)."""
    roles = roles_for(request)
    policies.require_admin(roles)
    units = policies.managed_units(roles).select_related("parent")
    unit_filter = UnitFilter(request.GET, queryset=units)
    if request.GET.get("q"):
        page = paginate(request, _with_position_count(unit_filter.qs).order_by("code"))
        return render(
            request,
            "accounts/unit_list.html",
            {
                "filter": unit_filter,
                "page": page,
                "tree": None,
                "query": query_without_page(request),
            },
        )
    page = paginate(request, units.filter(parent__isnull=True).order_by("code"), per_page=10)
    root_ids = [unit.pk for unit in page]
    rows = list(
        _with_position_count(units.filter(Q(pk__in=root_ids) | Q(opd_id__in=root_ids))).order_by(
            "code"
        )
    )
    children: dict = {}
    for unit in rows:
        children.setdefault(unit.parent_id, []).append(unit)
    tree = []

    def walk(unit, depth):
        tree.append((unit, depth))
        for child in children.get(unit.pk, []):
            walk(child, depth + 1)

    for root in (u for u in rows if u.pk in root_ids):
        walk(root, 0)
    return render(
        request,
        "accounts/unit_list.html",
        {"filter": unit_filter, "page": page, "tree": tree, "query": query_without_page(request)},
    )


@menu(Menu.ORGANISATION)
@login_required
def unit_detail(request, code):
    roles = roles_for(request)
    unit = policies.unit_for_view(roles, code)
    today = timezone.localdate()
    holders = Assignment.objects.filter(held_on(today)).select_related("employee").order_by("kind")
    positions = (
        Position.objects.filter(unit=unit)
        .select_related("parent")
        .prefetch_related(Prefetch("assignments", queryset=holders, to_attr="holders_today"))
        .order_by("kind", "name")
    )
    return render(
        request,
        "accounts/unit_detail.html",
        {
            "unit": unit,
            "children": unit.children.order_by("code"),
            "positions": positions,
            "employee_count": Employee.objects.filter(
                position__unit_id__in=policies.unit_subtree_ids(unit), status="active"
            ).count(),
            "history": selectors.change_history(
                unit.history.all(), Position.history.filter(unit_id=unit.pk), limit=30
            ),
        },
    )


def _unit_form(request, unit=None):
    roles = roles_for(request)
    policies.require_admin(roles)
    form = UnitForm(request.POST or None, instance=unit, units=policies.managed_units(roles))
    if not roles.is_admin_bkd:
        # The form offers what policies.may_save_unit (asked by the service) allows.
        if unit is not None and policies.may_be_top_level(roles, unit):
            form.fields["parent"].disabled = True
        else:
            form.fields["parent"].required = True
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.unit_save(form.save(commit=False), actor=actor_for(request))
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("Unit %(name)s saved.") % {"name": saved.name})
            return redirect("org:unit_detail", code=saved.code)
    return render(
        request, "accounts/form_page.html", {"form": form, "title": _("Unit"), "object": unit}
    )


@menu(Menu.ORGANISATION)
@login_required
def unit_create(request):
    return _unit_form(request)


@menu(Menu.ORGANISATION)
@login_required
def unit_edit(request, code):
    return _unit_form(request, policies.unit_for_view(roles_for(request), code))


@menu(Menu.ORGANISATION)
@login_required
def position_list(request):
    roles = roles_for(request)
    policies.require_admin(roles)
    today = timezone.localdate()
    positions = (
        policies.managed_positions(roles)
        .select_related("unit", "parent")
        .annotate(
            # Any one holding, as a scalar subquery run for the page's rows only: PostgreSQL
            # turned an EXISTS here into a hash of every current assignment (100,000 rows).
            # (`held_by`: a holding's id, None for a vacant post.)
            held_by=Subquery(
                Assignment.objects.filter(held_on(today), position=OuterRef("pk"))
                .order_by()
                .values("pk")[:1]
            ),
            # A subquery, not Count("current_holders"): a GROUP BY would count every post's
            # holders before the page is cut (0.5 s for a province's 20,000 posts).
            holder_count=count_subquery(
                Employee.objects.filter(position=OuterRef("pk")), "position"
            ),
        )
        .order_by("unit__code", "name")
    )
    position_filter = PositionFilter(
        request.GET, queryset=positions, opds=policies.managed_units(roles).filter(parent=None)
    )
    return render(
        request,
        "accounts/position_list.html",
        {
            "filter": position_filter,
            "page": paginate(request, position_filter.qs),
            "query": query_without_page(request),
        },
    )


def _position_form(request, position=None):
    roles = roles_for(request)
    policies.require_admin(roles)
    form = PositionForm(
        request.POST or None,
        instance=position,
        units=policies.managed_units(roles),
        positions=policies.managed_positions(roles).exclude(pk=getattr(position, "pk", None)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.position_save(form.save(commit=False), actor=actor_for(request))
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("Position %(name)s saved.") % {"name": saved.name})
            return redirect("org:unit_detail", code=saved.unit.code)
    return render(
        request,
        "accounts/form_page.html",
        {"form": form, "title": _("Position"), "object": position},
    )


@menu(Menu.ORGANISATION)
@login_required
def position_create(request):
    return _position_form(request)


@menu(Menu.ORGANISATION)
@login_required
def position_edit(request, public_id):
    return _position_form(request, policies.position_for_change(roles_for(request), public_id))


@menu(Menu.ORGANISATION)
@login_required
def position_options(request):
    """Options for the searchable position picker (htmx): name or unit matches, first 50."""
    roles = roles_for(request)
    policies.require_admin(roles)
    term = _search_term(request)
    positions = policies.managed_positions(roles).filter(is_active=True)
    if term:
        positions = positions.filter(Q(name__icontains=term) | Q(unit__name__icontains=term))
    positions = positions.select_related("unit").order_by("unit__code", "name")[:50]
    return render(request, "accounts/partials/position_options.html", {"positions": positions})


@menu(Menu.ORGANISATION)
@login_required
def role_list(request):
    """Administrative roles: who administers which OPD, and the BKD administrators (admin BKD)."""
    policies.require_admin_bkd(roles_for(request))
    form = RoleGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.role_grant(
                data["account"], data["kind"], data["opd"], data["reason"], actor=actor_for(request)
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("Role granted."))
            return redirect("org:role_list")
    roles = AdminRole.objects.select_related("user__employee", "opd").order_by("kind", "opd__code")
    history = AdminRole.history.select_related("history_user", "user", "opd").order_by(
        "-history_date"
    )[:30]
    return render(
        request, "accounts/role_list.html", {"form": form, "roles": roles, "history": history}
    )


@menu(Menu.ORGANISATION)
@login_required
@require_POST
def role_revoke(request, role_id):
    roles = roles_for(request)
    policies.require_admin_bkd(roles)
    role = get_object_or_404(AdminRole, pk=role_id)
    form = ReasonForm(request.POST)
    if not policies.may_revoke_role(roles, role):
        messages.error(request, _("You cannot take away your own BKD administrator role."))
    elif not form.is_valid():
        # The reason goes into the history as typed: no NUL byte, no more than the form allows.
        messages.error(request, " ".join(form.errors["reason"]))
    else:
        services.role_revoke(role, form.cleaned_data["reason"].strip(), actor=actor_for(request))
        messages.success(request, _("Role revoked."))
    return redirect("org:role_list")


@menu(Menu.ORGANISATION)
@login_required
def unit_options(request):
    """Options for the searchable unit picker (htmx): name or code matches, first 50."""
    roles = roles_for(request)
    policies.require_admin(roles)
    term = _search_term(request)
    units = policies.managed_units(roles).filter(is_active=True)
    if term:
        units = units.filter(Q(name__icontains=term) | Q(code__icontains=term))
    return render(
        request, "accounts/partials/unit_options.html", {"units": units.order_by("code")[:50]}
    )


@menu(Menu.ORGANISATION)
@login_required
def agency_edit(request):
    """The agency name and the Kepala Daerah, the external appraiser at the top (admin BKD)."""
    policies.require_admin_bkd(roles_for(request))
    form = AgencyForm(request.POST or None, instance=AgencyProfile.current())
    if request.method == "POST" and form.is_valid():
        services.agency_update(form.save(commit=False), actor=actor_for(request))
        messages.success(request, _("Agency profile saved."))
        return redirect("home")
    return render(
        request, "accounts/form_page.html", {"form": form, "title": _("Agency and Kepala Daerah")}
    )
