from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "message", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["recipient__username", "message"]
    raw_id_fields = ["recipient", "actor"]
    date_hierarchy = "created_at"
