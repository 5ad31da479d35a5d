"""Django admin, for superusers only (config/urls.py); curators use the library's own screens."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import LibraryEntry, LibraryIndicator


class LibraryIndicatorInline(admin.TabularInline):
    model = LibraryIndicator
    extra = 0


@admin.register(LibraryEntry)
class LibraryEntryAdmin(SimpleHistoryAdmin):
    list_display = ["rhk", "sector", "position_group", "is_active"]
    list_filter = ["sector", "position_group", "is_active"]
    search_fields = ["rhk", "indicators__indicator"]
    readonly_fields = ["public_id", "created_by", "created_at", "updated_at"]
    inlines = [LibraryIndicatorInline]
