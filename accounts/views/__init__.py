"""Views of the organisation app: thin, resolving through policies and writing through services."""

from .dashboard import error_403, error_404, error_500, home
from .employees import (
    assignment_end,
    employee_acting,
    employee_create,
    employee_detail,
    employee_edit,
    employee_list,
    employee_override,
    employee_transfer,
    override_end,
)
from .org import (
    agency_edit,
    position_create,
    position_edit,
    position_list,
    position_options,
    role_list,
    role_revoke,
    unit_create,
    unit_detail,
    unit_edit,
    unit_list,
)

__all__ = [
    "agency_edit",
    "assignment_end",
    "employee_acting",
    "employee_create",
    "employee_detail",
    "employee_edit",
    "employee_list",
    "employee_override",
    "employee_transfer",
    "error_403",
    "error_404",
    "error_500",
    "home",
    "override_end",
    "position_create",
    "position_edit",
    "position_list",
    "position_options",
    "role_list",
    "role_revoke",
    "unit_create",
    "unit_detail",
    "unit_edit",
    "unit_list",
]
