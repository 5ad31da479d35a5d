"""The home page: what needs this user's attention, one card per role they hold."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts.extensions import admin_home_figures, home_cards, home_tasks
from accounts.org import policies, selectors
from accounts.org.roles import roles_for
from core.figures import admin_scope, figures_context, slow_figures, wants_refresh
from core.menus import Menu, menu


def _tasks(request, roles) -> list | None:
    """From the apps above (accounts.extensions.home_tasks): None when none has anything open
    (no cycle yet)."""
    found = home_tasks.call(request, roles)
    if all(tasks is None for tasks in found):
        return None
    return [task for tasks in found if tasks for task in tasks]


@menu(Menu.HOME)
@login_required
def home(request):
    """What needs this user's attention, one card per role they hold."""
    roles = roles_for(request)
    today = timezone.localdate()
    context = {"today": today}
    if roles.employee is not None:
        context["tasks"] = _tasks(request, roles)
        context["more_cards"] = [html for html in home_cards.call(request, roles) if html]
        context["reporting_line"] = roles.org_snapshot.reporting_line(roles.employee.pk)
        if roles.may_appraise:
            ids = roles.subordinate_ids
            context["team"] = (
                policies.Employee.objects.filter(pk__in=ids)
                .select_related("position__unit")
                .order_by("name")
            )
    if roles.is_kepala_unit:
        units = []
        for unit in roles.headed_units:
            subtree = policies.unit_subtree_ids(unit)
            positions = policies.Position.objects.filter(unit_id__in=subtree)
            units.append(
                {
                    "unit": unit,
                    "employee_count": policies.Employee.objects.filter(
                        position__unit_id__in=subtree, status="active"
                    ).count(),
                    "vacant": list(selectors.vacant_structural_positions(positions, today)[:10]),
                }
            )
        context["headed_units"] = units
    if roles.is_admin:
        context.update(_admin_card(request, roles, today))
    return render(request, "accounts/home.html", context)


def _admin_card(request, roles, today) -> dict:
    """The administrator's card: the scope's OPDs, vacant posts, people without a post, acting
    officials, and the counts of the apps above (admin_home_figures); kept when slow."""
    positions = policies.managed_positions(roles)
    employees = policies.managed_employees(roles)
    counted = slow_figures(
        "home-admin",
        (admin_scope(roles), today),
        lambda: {
            # Plain values (code, name, counts): a page that keeps them reads them back
            # much faster than 209 model instances.
            "opds": list(
                selectors.opd_overview(policies.managed_units(roles)).values(
                    "code", "name", "employee_count", "position_count"
                )
            ),
            "vacant_count": selectors.vacant_structural_positions(positions, today).count(),
            # The first vacant posts with their count, so the two never disagree.
            "vacant": [
                {"name": p.name, "unit": {"name": p.unit.name}, "staff_count": p.staff_count}
                for p in selectors.vacant_structural_positions(positions, today)[:15]
            ],
            "without_position": selectors.employees_without_position(employees).count(),
        },
        refresh=wants_refresh(request),
    )
    # More counts from the apps above (the employees whose SKP cannot proceed).
    more = [found for found in admin_home_figures.call(request, roles) if found is not None]
    admin = counted.value | {
        "acting": list(selectors.acting_assignments(positions, today)[:10]),
        "more": [found.value for found in more],
    }
    return {"admin": admin, **figures_context(request, counted, *more)}
