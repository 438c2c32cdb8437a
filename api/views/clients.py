"""/api/v1/ clients, follow-ups, visits and deals: the client archive as its pages show
it (R-CLI-1, R-ROLE-2), follow-ups (R-CLI-2), the consultant's confirmation of a visit
(R-LEAD-4) and deals from an outside system with an idempotency key (R-CLI-3)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from clients.selectors import PhoneVisibility, client_get, client_list, lead_get
from clients.selectors.scopes import (
    deal_list,
    follow_up_scope,
    visit_scope,
    visits_received,
)
from clients.services import deals as deal_services
from clients.services import visits as visit_services
from clients.services.follow_ups import follow_up_log
from outreach.guard import in_scope_or_404, require
from outreach.selectors import require_staff

from ..filters_clients import ClientFilter, DealFilter, FollowUpFilter, VisitFilter
from ..serializers.clients import (
    ClientSerializer,
    DealCreateSerializer,
    DealSerializer,
    FollowUpCreateSerializer,
    FollowUpSerializer,
    VisitSerializer,
)
from .base import (
    IDEMPOTENCY_HEADER,
    IDEMPOTENCY_PARAMETER,
    ScopedViewSet,
    idempotency_key,
)


class ClientViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The client archive (clients.views.clients): the same scope and filters."""

    required_perms = ("clients.view_clients",)
    serializer_class = ClientSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ClientFilter

    def get_queryset(self):
        return client_list(user=self.request.user)

    def get_object(self):
        return client_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["phones"] = PhoneVisibility(self.request.user)  # one query per call
        return context


class FollowUpViewSet(mixins.ListModelMixin, ScopedViewSet):
    """Follow-ups on the leads the user sees; logged as the client page logs them."""

    required_perms = ("clients.view_clients",)
    serializer_class = FollowUpSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = FollowUpFilter

    def get_queryset(self):
        return follow_up_scope(user=self.request.user)

    @extend_schema(
        request=FollowUpCreateSerializer,
        responses={201: FollowUpSerializer},
        summary="Log a follow-up with the lead's client (R-CLI-2)",
    )
    def create(self, request):
        me = require_staff(request)
        given = FollowUpCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        lead = lead_get(user=request.user, pk=data.pop("lead"))
        # The page's scope: the client whose current lead the user sees (else 404).
        client = client_get(user=request.user, pk=lead.client_id)
        if client.current_lead_id != lead.pk:
            raise ValidationError({"lead": _("This lead is no longer the client's current lead.")})
        follow_up = follow_up_log(client_id=client.pk, actor=me, **data)
        follow_up = in_scope_or_404(self.get_queryset(), pk=follow_up.pk)
        return Response(self.get_serializer(follow_up).data, status=status.HTTP_201_CREATED)


class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Visits on the leads the user sees and the receptions they received."""

    required_perms = ("clients.view_clients", "clients.confirm_visit")
    serializer_class = VisitSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = VisitFilter

    def get_queryset(self):
        return visit_scope(user=self.request.user)

    def get_object(self):
        return in_scope_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    @extend_schema(
        request=None,
        responses={200: VisitSerializer},
        summary="Confirm a visit one received (R-LEAD-4 签字确认)",
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """As the page's confirm (clients.views.reception.visit_confirm): consultants only,
        and only a visit they received; anyone else's is a 404."""
        require(request.user, "clients.confirm_visit")
        require_staff(request)
        visit = in_scope_or_404(visits_received(user=request.user), pk=pk)
        visit_services.visit_confirm(actor=request.user, visit_id=visit.pk)
        return Response(self.get_serializer(self.get_object()).data)


class DealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Deals on the leads the user sees (the lead pages); recorded as the lead page's
    deal form records them, once per Idempotency-Key."""

    required_perms = ("clients.view_clients",)
    serializer_class = DealSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = DealFilter

    def get_queryset(self):
        return deal_list(user=self.request.user)

    def get_object(self):
        return in_scope_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    @extend_schema(
        request=DealCreateSerializer,
        responses={201: DealSerializer},
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                IDEMPOTENCY_PARAMETER.type,
                OpenApiParameter.HEADER,
                required=True,
                description="Required: the outside system's key for this deal (a UUID); "
                "sending it again gives the deal already recorded, never a second one.",
            )
        ],
        summary="Record a signed deal from an outside system (R-CLI-3)",
    )
    def create(self, request):
        require(request.user, "clients.record_deal")
        key = idempotency_key(request, required=True)
        given = DealCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        lead = lead_get(user=request.user, pk=data.pop("lead"))
        deal = deal_services.deal_record(
            actor=request.user,
            lead_id=lead.pk,
            data=deal_services.DealInput(**data),
            external_key=key,
        )
        # Read back through the scope: a key reused from another lead's call shows nothing.
        deal = in_scope_or_404(self.get_queryset(), pk=deal.pk)
        return Response(self.get_serializer(deal).data, status=status.HTTP_201_CREATED)
