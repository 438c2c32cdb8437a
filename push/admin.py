from django.contrib import admin

from .models import Delivery, GroupRobot


@admin.register(GroupRobot)
class GroupRobotAdmin(admin.ModelAdmin):
    """Read-only here: the webhook and secret are entered on the robots page (encrypted)."""

    list_display = ["name", "group", "platform", "webhook_hint", "is_active"]
    list_filter = ["platform", "is_active"]
    exclude = ["webhook_sealed", "secret_sealed"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["title", "robot", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False
