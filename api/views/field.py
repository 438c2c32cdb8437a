"""/api/v1/ check-ins, daily reports, events, invitations and violations: the same scope,
services and permissions as the attendance and campaigns pages (issue 21 §3/§4)."""

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from attendance import selectors as attendance_selectors
from attendance import services as attendance_services
from campaigns import selectors as campaign_selectors
from campaigns import services as campaign_services
from clients.selectors import PhoneVisibility
from outreach.dates import today
from outreach.selectors import require_staff

from ..field_filters import (
    CheckInFilter,
    DailyReportFilter,
    EventFilter,
    InvitationFilter,
    ViolationFilter,
)
from ..serializers.field import (
    CheckInCreateSerializer,
    CheckInSerializer,
    DailyReportCreateSerializer,
    DailyReportSerializer,
    EventSerializer,
    InvitationSerializer,
    ViolationAdjustSerializer,
    ViolationSerializer,
)
from .base import IDEMPOTENCY_PARAMETER, ScopedViewSet, idempotency_key


class _ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    filter_backends = [DjangoFilterBackend]


class CheckInViewSet(_ReadViewSet):
    """R-ATT-3: day records as the attendance pages scope them (`attendance_staff`: own;
    a leader their groups'; managers and HR everyone). Everyone has the check-in page, so
    no permission beyond being staff."""

    serializer_class = CheckInSerializer
    filterset_class = CheckInFilter

    def get_queryset(self):
        return attendance_selectors.day_record_list(user=self.request.user)

    def get_object(self):
        return attendance_selectors.day_record_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        request=CheckInCreateSerializer,
        responses={201: CheckInSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
        summary="Check in for today (R-ATT-3)",
        description="Checks the caller in through the phone page's service: late and "
        "not-at-point are judged as there (R-ATT-4). The Idempotency-Key is the page's "
        "submission key: the same key again gives the same day record. A photo cannot be "
        "sent here: when the rulebook asks for a photo at every check-in, the call is "
        "refused (400, field `photo`) with the page's message, and the check-in is made "
        "on the phone page instead.",
    )
    def create(self, request):
        me = require_staff(request)
        given = CheckInCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        record = attendance_services.check_in(
            staff=me,
            device_id=data["device_id"],
            ip=request.META.get("REMOTE_ADDR") or None,
            latitude=data["latitude"],
            longitude=data["longitude"],
            photo=None,
            key=idempotency_key(request),
            acted_at=data["acted_at"],
        )
        record = attendance_selectors.day_record_get(user=request.user, pk=record.pk)
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)


class DailyReportViewSet(_ReadViewSet):
    """R-DAY-1: reports as the daily report pages scope them (own; a leader's groups';
    managers all), with the list page's permission."""

    required_perms = ("campaigns.use_field_plans", "campaigns.view_all_plans")
    serializer_class = DailyReportSerializer
    filterset_class = DailyReportFilter

    def get_queryset(self):
        return campaign_selectors.daily_report_list(user=self.request.user)

    def get_object(self):
        return campaign_selectors.daily_report_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        request=DailyReportCreateSerializer,
        responses={201: DailyReportSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
        summary="Submit the day's report (R-DAY-1/2)",
        description="Through the phone page's service: once per day, only for a day the "
        "caller was rostered and checked in; the system's counts are stored from the "
        "records. The Idempotency-Key (required) is the form's submission key: sending "
        "the same report again gives the same report.",
    )
    def create(self, request):
        require_staff(request)
        given = DailyReportCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        day = given.report_day(today())
        report, _created = campaign_services.daily_report_submit(
            actor=request.user,
            day=day,
            idempotency_key=idempotency_key(request, required=True),
            **given.validated_data,
        )
        report = campaign_selectors.daily_report_get(user=request.user, pk=report.pk)
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)


class EventViewSet(_ReadViewSet):
    """R-CAM-1/2: events (campaigns) as the campaign list shows them, with their budget
    totals; managers and the sales manager all, others those they own or take part in."""

    required_perms = ("campaigns.view_campaigns",)
    serializer_class = EventSerializer
    filterset_class = EventFilter

    def get_queryset(self):
        visible = campaign_selectors.campaign_list(user=self.request.user)
        return campaign_selectors.with_budget_totals(visible).prefetch_related("participants")


class InvitationViewSet(_ReadViewSet):
    """R-CAM-4: the guests of the events one sees (the guest list pages), numbers masked
    as there (R-ROLE-2)."""

    required_perms = ("campaigns.view_campaigns",)
    serializer_class = InvitationSerializer
    filterset_class = InvitationFilter

    def get_queryset(self):
        return campaign_selectors.invitations_visible(user=self.request.user)

    def get_object(self):
        return campaign_selectors.invitation_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["phones"] = PhoneVisibility(self.request.user)
        return context


class ViolationViewSet(_ReadViewSet):
    """R-FINE: violations as the violation pages scope them (the people whose attendance
    one sees, as the fined person or the joint leader); adjusting is the manager's."""

    serializer_class = ViolationSerializer
    filterset_class = ViolationFilter

    def get_queryset(self):
        return attendance_selectors.violation_list(user=self.request.user).select_related(
            "rule", "adjusted_by"
        )

    def get_object(self):
        return attendance_selectors.violation_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        request=ViolationAdjustSerializer,
        responses={200: ViolationSerializer},
        summary="Waive or reduce a fine (R-FINE-1)",
        description="As the violation page's adjust form, with its permission "
        "(attendance.adjust_violation). Nobody adjusts their own fine; a closed month is "
        "corrected by HR instead. A violation outside the caller's scope is a 404.",
    )
    @action(detail=True, methods=["post"], required_perms=("attendance.adjust_violation",))
    def adjust(self, request, pk=None):
        violation = self.get_object()
        given = ViolationAdjustSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        me = require_staff(request)
        if data["action"] == "waive":
            attendance_services.violation_waive(
                violation=violation, actor=me, reason=data["reason"], keep_joint=data["keep_joint"]
            )
        else:
            if data["new_amount"] is None:
                raise ValidationError({"new_amount": [_("Give the new amount.")]})
            attendance_services.violation_reduce(
                violation=violation,
                actor=me,
                new_amount=data["new_amount"],
                reason=data["reason"],
                leader_amount=data["leader_amount"],
            )
        violation = self.get_object()
        return Response(self.get_serializer(violation).data)
