from django.contrib import admin

from notifications.models import DeliveryPreference, EmailDigest, Notification, Reminder


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "message", "created_at", "read_at", "email_status"]
    list_filter = ["read_at", "email_status"]
    search_fields = ["recipient__username", "message"]
    raw_id_fields = ["recipient", "actor"]
    date_hierarchy = "created_at"


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "item", "deadline", "offset", "created_at"]
    list_filter = ["kind", "offset"]
    search_fields = ["recipient__username", "item"]
    raw_id_fields = ["recipient", "notification"]
    date_hierarchy = "created_at"


admin.site.register(DeliveryPreference, raw_id_fields=["user"], list_display=["user", "email_mode"])
admin.site.register(EmailDigest, raw_id_fields=["recipient"], list_display=["recipient", "day"])
