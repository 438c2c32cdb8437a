"""R-APR-2: the appraisal template is data an administrator edits here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AppraisalCycle, AppraisalTemplate, Dimension, GradeBand, Indicator


class DimensionInline(admin.TabularInline):
    model = Dimension
    extra = 0


class GradeBandInline(admin.TabularInline):
    model = GradeBand
    extra = 0


@admin.register(AppraisalTemplate)
class AppraisalTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_default", "default_bonus_base", "objection_days"]
    inlines = [DimensionInline, GradeBandInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "dimension", "scoring", "target_value", "is_volume", "weight"]
    list_filter = ["dimension__template", "dimension"]


@admin.register(AppraisalCycle)
class AppraisalCycleAdmin(SimpleHistoryAdmin):
    list_display = ["label", "kind", "state", "bonus_base", "archived_at"]
    readonly_fields = ["state", "archived_at", "archived_by", "published_at"]
