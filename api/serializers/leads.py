"""Leads (R-LEAD, R-POOL): read with the number masked as the pages mask it (R-ROLE-2);
registered through `clients.services.leads.lead_register`, first reporter wins."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clients.models import ClientKind, Lead, LeadKind, SourceChannel
from outreach.models import Point

from .common import GroupRef, PointRef, StaffRef


class ClientRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class LeadSerializer(serializers.ModelSerializer):
    client = ClientRef(read_only=True)
    phone = serializers.SerializerMethodField()
    phone_masked = serializers.SerializerMethodField()
    owner = StaffRef(read_only=True)
    group = GroupRef(read_only=True)
    consultant = StaffRef(read_only=True)
    point = PointRef(read_only=True)

    class Meta:
        model = Lead
        fields = [
            "id",
            "client",
            "phone",
            "phone_masked",
            "kind",
            "source",
            "status",
            "need",
            "owner",
            "group",
            "consultant",
            "point",
            "point_text",
            "registered_at",
            "acted_at",
            "owned_since",
            "protected_until",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField())
    def get_phone(self, lead: Lead) -> str:
        return self.context["phones"].show(lead.phone, lead)

    def get_phone_masked(self, lead: Lead) -> bool:
        return not self.context["phones"].sees(lead)


class LeadRegisterSerializer(serializers.Serializer):
    """The phone form's fields (clients.forms.LeadRegisterForm), plus the client record's
    own details that the import takes."""

    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=30)
    kind = serializers.ChoiceField(choices=LeadKind.choices, default=LeadKind.IN_PERSON)
    source = serializers.ChoiceField(choices=SourceChannel.choices, default=SourceChannel.FLYER)
    need = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    point = serializers.PrimaryKeyRelatedField(
        queryset=Point.objects.filter(is_active=True), required=False, allow_null=True
    )
    point_text = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    company_name = serializers.CharField(
        max_length=100, required=False, default="", allow_blank=True
    )
    client_kind = serializers.ChoiceField(choices=ClientKind.choices, default=ClientKind.PERSON)


class PhoneRevealSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    phone = serializers.CharField()
