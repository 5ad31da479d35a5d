"""Home dashboard per role, and the Indonesian error pages."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts import policies, selectors
from accounts.figures import admin_scope, figures_context, slow_figures, wants_refresh
from accounts.roles import roles_for


def _tasks(request, roles) -> list | None:
    """From the apps above (HOME_TASKS): None when none has anything open (no cycle yet)."""
    found = [import_string(path)(request, roles) for path in settings.HOME_TASKS]
    if all(tasks is None for tasks in found):
        return None
    return [task for tasks in found if tasks for task in tasks]


@login_required
def home(request):
    """What needs this user's attention, one card per role they hold."""
    roles = roles_for(request)
    today = timezone.localdate()
    context = {"today": today}
    if roles.employee is not None:
        context["tasks"] = _tasks(request, roles)
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
        context["admin"] = counted.value | {
            "acting": list(selectors.acting_assignments(positions, today)[:10]),
        }
        context.update(figures_context(request, counted))
    return render(request, "accounts/home.html", context)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    # No request context: the failure may be the database the context processors read.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("errors/500.html").render())
