"""Attendance and campaigns in the open API (issue 21 §3): check-ins (R-ATT-3), daily
reports (R-DAY-1/2), events and invitations (R-CAM-1/4), violations (R-FINE). Money is a
decimal string; a phone is masked as the pages mask it (R-ROLE-2)."""

from datetime import date
from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from attendance.models import DayRecord, Violation
from attendance.selectors import active_points
from campaigns.models import Campaign, CampaignKind, DailyReport, Invitation

from .common import PointRef, StaffRef

MONEY = {"max_digits": 12, "decimal_places": 2}


# "kind" and "source" also name the leads' choice sets: these are their own components,
# so the schema's enum naming stays unambiguous (no ENUM_NAME_OVERRIDES needed).
@extend_schema_field(
    {"type": "string", "enum": list(CampaignKind.values)}, component_name="EventKindEnum"
)
class EventKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=CampaignKind.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": list(Violation.Source.values)},
    component_name="ViolationSourceEnum",
)
class ViolationSourceField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Violation.Source.choices, **kwargs)


# --- check-ins (R-ATT-3/4) ----------------------------------------------------------------


class CheckInSerializer(serializers.ModelSerializer):
    """One person's day: check-in and check-out times and the rules' flags. The raw
    locations are personal data kept for the retention period (R-SYS-6) and are not
    served; `distance_m` and `not_at_point` say what the location meant."""

    staff = StaffRef(read_only=True)
    has_photo = serializers.SerializerMethodField()

    class Meta:
        model = DayRecord
        fields = [
            "id",
            "staff",
            "day",
            "check_in_at",
            "check_in_acted_at",
            "check_in_time_flagged",
            "check_out_at",
            "is_late",
            "is_early",
            "not_at_point",
            "distance_m",
            "proxy_suspected",
            "present_by_inspection",
            "is_absent",
            "has_photo",
            "correction_reason",
            "created_at",
            "updated_at",
        ]

    def get_has_photo(self, record: DayRecord) -> bool:
        return bool(record.check_in_photo)


class CheckInCreateSerializer(serializers.Serializer):
    """The phone check-in form's fields (attendance.forms.CheckForm, action "in"); the
    photo is not taken here (see the operation's description)."""

    latitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-90),
        max_value=Decimal(90),
        required=False,
        allow_null=True,
        default=None,
    )
    longitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-180),
        max_value=Decimal(180),
        required=False,
        allow_null=True,
        default=None,
    )
    device_id = serializers.CharField(
        max_length=64,
        required=False,
        default="",
        allow_blank=True,
        help_text="The phone's own identifier, so one device signing for several people "
        "is flagged to their leaders as on the page (R-ATT-3).",
    )
    acted_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="When the phone checked in, for a call sent later from an offline "
        "queue: kept within the rulebook's grace, else the arrival time is recorded "
        "and flagged (issue 20).",
    )


# --- daily reports (R-DAY-1/2) ----------------------------------------------------------


class DailyReportSerializer(serializers.ModelSerializer):
    staff = StaffRef(read_only=True)
    point = PointRef(read_only=True)
    reviewed_by = StaffRef(read_only=True)

    class Meta:
        model = DailyReport
        fields = [
            "id",
            "staff",
            "day",
            "point",
            "flyers",
            "contacts",
            "calls",
            "invitations",
            "visits_brought",
            "leads_registered",
            "visits_confirmed",
            "deals",
            "hours_worked",
            "summary",
            "problems",
            "tomorrow_plan",
            "acted_at",
            "leader_comment",
            "reviewed_by",
            "reviewed_at",
            "created_at",
            "updated_at",
        ]


class DailyReportCreateSerializer(serializers.Serializer):
    """The phone form's fields (campaigns.forms.DailyReportForm). The counts the system
    knows (leads registered, visits confirmed, deals, hours) are no fields: the service
    stores them from the records."""

    day = serializers.DateField(
        required=False,
        default=None,
        allow_null=True,
        help_text="The report's day, as the phone's draft carries it; today when left out.",
    )
    point = serializers.PrimaryKeyRelatedField(
        queryset=active_points(), required=False, allow_null=True, default=None
    )
    flyers = serializers.IntegerField(min_value=0, required=False, default=0)
    contacts = serializers.IntegerField(min_value=0, required=False, default=0)
    calls = serializers.IntegerField(min_value=0, required=False, default=0)
    invitations = serializers.IntegerField(min_value=0, required=False, default=0)
    visits_brought = serializers.IntegerField(min_value=0, required=False, default=0)
    summary = serializers.CharField(allow_blank=True)
    problems = serializers.CharField(required=False, default="", allow_blank=True)
    tomorrow_plan = serializers.CharField(required=False, default="", allow_blank=True)

    def report_day(self, today: date) -> date:
        return self.validated_data.pop("day") or today


# --- events and invitations (R-CAM-1/2/4) -----------------------------------------------


class EventSerializer(serializers.ModelSerializer):
    owner = StaffRef(read_only=True)
    participants = StaffRef(many=True, read_only=True)
    kind = EventKindField(read_only=True)
    planned_total = serializers.DecimalField(read_only=True, **MONEY)
    actual_total = serializers.DecimalField(read_only=True, **MONEY)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "theme",
            "kind",
            "status",
            "starts_at",
            "ends_at",
            "venue",
            "goal",
            "content",
            "owner",
            "participants",
            "target_invited",
            "target_attending",
            "target_new_leads",
            "planned_total",
            "actual_total",
            "lessons",
            "created_at",
            "updated_at",
        ]


class EventRef(serializers.ModelSerializer):
    class Meta:
        model = Campaign
        fields = ["id", "theme"]


class InvitationSerializer(serializers.ModelSerializer):
    event = EventRef(source="campaign", read_only=True)
    client_id = serializers.IntegerField(read_only=True)
    phone = serializers.SerializerMethodField()
    phone_masked = serializers.SerializerMethodField()
    invited_by = StaffRef(read_only=True)
    blocked_by_owner = StaffRef(read_only=True)
    checked_in_by = StaffRef(read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "event",
            "client_id",
            "guest_name",
            "phone",
            "phone_masked",
            "invited_by",
            "channel",
            "sent_at",
            "reply",
            "expected_head_count",
            "code",
            "is_walk_in",
            "created_lead",
            "blocked_by_owner",
            "checked_in_at",
            "checked_in_by",
            "satisfaction",
            "satisfaction_comment",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField())
    def get_phone(self, invitation: Invitation) -> str:
        return self.context["phones"].show(invitation.phone, invitation.client.current_lead)

    def get_phone_masked(self, invitation: Invitation) -> bool:
        return not self.context["phones"].sees(invitation.client.current_lead)


# --- violations (R-FINE) ----------------------------------------------------------------


class ViolationSerializer(serializers.ModelSerializer):
    """`amount` / `leader_amount` are the fines as recorded; `adjusted_*` a manager's
    reduction or waiver; `person_due` / `leader_due` what is owed now (0 when waived or
    reversed). `acknowledged`: the person had acknowledged the rulebook in force
    (R-FINE-3)."""

    staff = StaffRef(read_only=True)
    leader = StaffRef(read_only=True)
    point = PointRef(read_only=True)
    recorded_by = StaffRef(read_only=True)
    adjusted_by = StaffRef(read_only=True)
    rule_name = serializers.CharField(read_only=True)
    source = ViolationSourceField(read_only=True)
    person_due = serializers.DecimalField(read_only=True, **MONEY)
    leader_due = serializers.DecimalField(read_only=True, **MONEY)
    acknowledged = serializers.BooleanField(read_only=True)
    leader_acknowledged = serializers.BooleanField(read_only=True)

    class Meta:
        model = Violation
        fields = [
            "id",
            "staff",
            "code",
            "rule_name",
            "occurred_at",
            "point",
            "place",
            "note",
            "source",
            "recorded_by",
            "sequence",
            "amount",
            "leader",
            "leader_amount",
            "adjusted_amount",
            "adjusted_leader_amount",
            "person_due",
            "leader_due",
            "adjust_reason",
            "adjusted_by",
            "state",
            "appeal",
            "appeal_reason",
            "acknowledged",
            "leader_acknowledged",
            "created_at",
            "updated_at",
        ]


class ViolationAdjustSerializer(serializers.Serializer):
    """The violation page's adjust form (attendance.forms.AdjustForm)."""

    action = serializers.ChoiceField(choices=[("waive", "waive"), ("reduce", "reduce")])
    new_amount = serializers.DecimalField(
        min_value=Decimal(0), required=False, allow_null=True, default=None, **MONEY
    )
    leader_amount = serializers.DecimalField(
        min_value=Decimal(0),
        required=False,
        allow_null=True,
        default=None,
        help_text="The joint fine on a reduction; left out, it follows in proportion.",
        **MONEY,
    )
    keep_joint = serializers.BooleanField(
        required=False, default=False, help_text="On a waiver: keep the leader's joint fine."
    )
    reason = serializers.CharField(max_length=200)
