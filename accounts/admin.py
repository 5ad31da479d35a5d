"""Django admin, for superusers only (config/urls.py); day-to-day work uses the app's own screens."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts.logins.models import User
from accounts.org.models import (
    AdminRole,
    AgencyProfile,
    AppraiserOverride,
    Assignment,
    Employee,
    OrgUnit,
    Position,
)

admin.site.register(User, UserAdmin)


@admin.register(AgencyProfile)
class AgencyProfileAdmin(SimpleHistoryAdmin):
    list_display = ["name", "head_name", "head_title"]


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "opd"]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "jenjang", "unit", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "unit__name", "unit__code"]
    raw_id_fields = ["unit", "parent"]


@admin.register(Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    list_display = ["nip", "name", "employment_type", "golongan", "status", "position"]
    list_filter = ["status", "employment_type"]
    search_fields = ["nip", "name"]
    raw_id_fields = ["user", "position"]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "position", "kind", "start_date", "end_date"]
    list_filter = ["kind"]
    search_fields = ["employee__nip", "employee__name", "position__name"]
    raw_id_fields = ["employee", "position"]


@admin.register(AppraiserOverride)
class AppraiserOverrideAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "ppk", "atasan_ppk", "start_date", "end_date"]
    raw_id_fields = ["employee", "ppk", "atasan_ppk", "created_by"]


@admin.register(AdminRole)
class AdminRoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "kind", "opd"]
    list_filter = ["kind"]
    raw_id_fields = ["user", "opd"]
