from django.contrib import admin

from .models import HandOver


@admin.register(HandOver)
class HandOverAdmin(admin.ModelAdmin):
    list_display = ["person", "mode", "to_staff", "to_group", "actor", "created_at"]
    list_select_related = ["person", "to_staff", "to_group", "actor"]
    readonly_fields = [f.name for f in HandOver._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
