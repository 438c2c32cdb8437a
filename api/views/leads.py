"""/api/v1/leads/: the lead list and detail as the lead pages show them, registration
(R-LEAD-1/2) and the logged reveal of a masked number (R-ROLE-2)."""

from django.core.exceptions import PermissionDenied
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from clients.models import LeadStatus
from clients.selectors import PhoneVisibility, lead_get, lead_list
from clients.services import leads as lead_services
from outreach.guard import require
from outreach.models import AccessLog
from outreach.selectors import require_staff
from outreach.services import access_log_write

from ..filters import LeadFilter
from ..serializers.leads import LeadRegisterSerializer, LeadSerializer, PhoneRevealSerializer
from .base import IDEMPOTENCY_PARAMETER, ScopedViewSet, idempotency_key


class LeadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    required_perms = ("clients.view_clients",)
    serializer_class = LeadSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = LeadFilter

    def get_queryset(self):
        leads = lead_list(user=self.request.user)
        # As the lead list page: invalid leads are left out, unless asked for by
        # `status=invalid` (so a sync can learn that a lead it holds was invalidated).
        if self.request.query_params.get("status") != LeadStatus.INVALID:
            leads = leads.exclude(status=LeadStatus.INVALID)
        return leads

    def get_object(self):
        return lead_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["phones"] = PhoneVisibility(self.request.user)  # one query per call
        return context

    @extend_schema(
        request=LeadRegisterSerializer,
        responses={201: LeadSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
        summary="Register a lead (R-LEAD-1/2: the first reporter wins)",
    )
    def create(self, request):
        require(request.user, "clients.register_lead")
        me = require_staff(request)
        given = LeadRegisterSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        lead = lead_services.lead_register(
            actor=request.user,
            owner=me,
            data=lead_services.LeadInput(**given.validated_data),
            registration_key=idempotency_key(request),
        )
        # Read back through the scope: a key reused from another person's call shows nothing.
        lead = lead_get(user=request.user, pk=lead.pk)
        body = self.get_serializer(lead).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: PhoneRevealSerializer})
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The full number of a lead one sees masked; logged as the page's reveal is."""
        lead = self.get_object()
        if lead.status == LeadStatus.POOL:
            raise PermissionDenied
        access_log_write(
            user=request.user, action=AccessLog.Action.REVEAL, target=f"clients.lead:{lead.pk}"
        )
        return Response({"id": lead.pk, "phone": lead.phone})
