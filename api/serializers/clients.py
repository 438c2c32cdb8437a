"""The clients app's other resources (R-CLI-1/2/3, R-LEAD-4): clients with their number
masked as the client pages mask it (R-ROLE-2), follow-ups, visits and deals."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clients.models import Client, Deal, FollowUp, FollowUpKind, Lead, Visit

from .common import GroupRef, StaffRef
from .leads import ClientRef


class CurrentLeadRef(serializers.ModelSerializer):
    owner = StaffRef(read_only=True)
    group = GroupRef(read_only=True)
    consultant = StaffRef(read_only=True)

    class Meta:
        model = Lead
        fields = ["id", "status", "owner", "group", "consultant", "protected_until"]


class ClientSerializer(serializers.ModelSerializer):
    phone = serializers.SerializerMethodField()
    phone_masked = serializers.SerializerMethodField()
    current_lead = CurrentLeadRef(read_only=True, allow_null=True)

    class Meta:
        model = Client
        fields = [
            "id",
            "name",
            "phone",
            "phone_masked",
            "kind",
            "company_name",
            "source",
            "grade",
            "registered_at",
            "last_activity_at",
            "current_lead",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField())
    def get_phone(self, client: Client) -> str:
        # As the client list and detail pages: masked unless one sees the current lead.
        return self.context["phones"].show(client.phone, client.current_lead)

    def get_phone_masked(self, client: Client) -> bool:
        return not self.context["phones"].sees(client.current_lead)


class FollowUpSerializer(serializers.ModelSerializer):
    client = ClientRef(read_only=True)
    by = StaffRef(read_only=True, allow_null=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "client",
            "lead",
            "kind",
            "at",
            "by",
            "summary",
            "next_follow_up_on",
            "effective",
            "created_at",
            "updated_at",
        ]


class FollowUpCreateSerializer(serializers.Serializer):
    """The client page's follow-up form (clients.forms.FollowUpForm), on a lead."""

    lead = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=FollowUpKind.choices)
    summary = serializers.CharField()
    next_follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)
    effective = serializers.BooleanField(default=True)


class VisitSerializer(serializers.ModelSerializer):
    client = ClientRef(read_only=True, source="lead.client")
    brought_by = StaffRef(read_only=True, allow_null=True)
    consultant = StaffRef(read_only=True, allow_null=True)
    credited_staff = StaffRef(read_only=True, allow_null=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "lead",
            "client",
            "brought_by",
            "arrived_at",
            "state",
            "consultant",
            "reception_ended_at",
            "note",
            "confirmed_at",
            "credited_staff",
            "created_at",
            "updated_at",
        ]


class DealSerializer(serializers.ModelSerializer):
    client = ClientRef(read_only=True, source="lead.client")
    consultant = StaffRef(read_only=True, allow_null=True)
    credited_staff = StaffRef(read_only=True, allow_null=True)

    class Meta:
        model = Deal
        fields = [
            "id",
            "lead",
            "client",
            "project",
            "units",
            "amount",
            "signed_on",
            "first_payment_on",
            "consultant",
            "credited_staff",
            "credit_reason",
            "status",
            "cancel_cause",
            "canvasser_fault",
            "cancelled_at",
            "external_key",
            "created_at",
            "updated_at",
        ]


class DealCreateSerializer(serializers.Serializer):
    """The lead page's deal form (clients.forms.DealForm), on a lead."""

    lead = serializers.IntegerField()
    project = serializers.CharField(max_length=100)
    units = serializers.IntegerField(min_value=0)
    amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(0),
        required=False,
        allow_null=True,
        default=None,
    )
    signed_on = serializers.DateField()
    first_payment_on = serializers.DateField(required=False, allow_null=True, default=None)
