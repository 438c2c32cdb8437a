"""Invitation and check-in pages (R-CAM-4) and an event's results (R-CAM-5)."""

import io

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clients.phones import phone_mask
from clients.selectors import PhoneVisibility, client_get
from outreach.redirects import safe_next
from outreach.selectors import staff_of
from outreach.views.kept_forms import kept_form

from .. import services
from ..forms import (
    AttachmentForm,
    ClientInviteForm,
    GuestInviteForm,
    InvitationUpdateForm,
    SatisfactionForm,
    WalkInForm,
)
from ..selectors import (
    campaign_get,
    check_in_counts,
    check_in_search,
    clients_to_invite,
    invitation_by_code,
    invitation_by_code_get,
    invitation_get,
    invitation_list,
)
from ..services.invitations import CHECK_IN_OPEN, INVITE_OPEN
from ..services.results import RATING_OPEN
from .common import form_errors, post_action, service_call


def _default_inviter(request, team):
    me = staff_of(request.user)
    return me.pk if me is not None and any(s.pk == me.pk for s in team) else None


@require_GET
def campaign_invitations_view(request, pk: int):
    """R-CAM-4: the guest list of a campaign, and inviting clients or new guests."""
    campaign = campaign_get(user=request.user, pk=pk)
    can_work = services.can_work_event(request.user, campaign)
    team = services.campaign_team(campaign)
    initial = {"invited_by": _default_inviter(request, team)}
    visibility = PhoneVisibility(request.user)
    rows = [
        (inv, visibility.show(inv.phone, inv.client.current_lead))
        for inv in invitation_list(campaign)
    ]
    query = request.GET.get("q", "")
    found = clients_to_invite(user=request.user, query=query) if can_work else []
    return render(
        request,
        "campaigns/invitation_list.html",
        {
            "campaign": campaign,
            "rows": rows,
            "can_invite": can_work and campaign.status in INVITE_OPEN,
            "can_check_in": can_work and campaign.status in CHECK_IN_OPEN,
            "query": query,
            "found": [(c, visibility.show(c.phone, c.current_lead)) for c in found],
            # A refused form comes back with what was typed (issue 18 §8).
            "guest_form": kept_form(
                request,
                GuestInviteForm,
                reverse("campaign-invite-guest", args=[campaign.pk]),
                team=team,
                initial=initial,
            ),
            "client_form": kept_form(
                request,
                ClientInviteForm,
                reverse("campaign-invite-client", args=[campaign.pk]),
                team=team,
                initial=initial,
            ),
        },
    )


@require_POST
def campaign_invite_client_view(request, pk: int):
    campaign = campaign_get(user=request.user, pk=pk)
    form = ClientInviteForm(request.POST, team=services.campaign_team(campaign))
    url = reverse("campaign-invitations", args=[campaign.pk])
    if not form.is_valid():
        return form_errors(request, form, url)
    data = form.cleaned_data
    client = client_get(user=request.user, pk=data.pop("client"))  # 404 outside one's scope
    return post_action(
        request,
        lambda: services.invitation_invite_client(
            actor=request.user,
            campaign=campaign,
            client=client,
            inviter=data.pop("invited_by"),
            **data,
        ),
        form=form,
        success=_("Invitation recorded."),
        back=url,
    )


@require_POST
def campaign_invite_guest_view(request, pk: int):
    campaign = campaign_get(user=request.user, pk=pk)
    form = GuestInviteForm(request.POST, team=services.campaign_team(campaign))
    url = reverse("campaign-invitations", args=[campaign.pk])
    if not form.is_valid():
        return form_errors(request, form, url)
    data = form.cleaned_data
    invitation = service_call(
        request,
        lambda: services.invitation_invite_guest(
            actor=request.user, campaign=campaign, inviter=data.pop("invited_by"), **data
        ),
        form=form,
        success=_("Invitation recorded."),
    )
    if invitation is not None and invitation.blocked_by_owner_id:
        messages.warning(
            request,
            _(
                "This phone is a protected lead of %(owner)s: no lead was created for you, "
                "and %(owner)s was told."
            )
            % {"owner": invitation.blocked_by_owner.name},
        )
    return redirect(url)


@require_GET
def invitation_detail_view(request, pk: int):
    """R-CAM-4: one invitation for sending: its code, QR image and link."""
    invitation = invitation_get(user=request.user, pk=pk)
    campaign = invitation.campaign
    can_work = services.can_work_event(request.user, campaign)
    visibility = PhoneVisibility(request.user)
    link = request.build_absolute_uri(reverse("invitation-code", args=[invitation.code]))
    return render(
        request,
        "campaigns/invitation_detail.html",
        {
            "invitation": invitation,
            "campaign": campaign,
            "phone": visibility.show(invitation.phone, invitation.client.current_lead),
            "link": link,
            "can_work": can_work,
            "can_edit": can_work and campaign.status in INVITE_OPEN,
            "can_check_in": can_work and campaign.status in CHECK_IN_OPEN,
            "can_rate": can_work
            and invitation.checked_in_at is not None
            and campaign.status in RATING_OPEN,
            "form": kept_form(
                request,
                InvitationUpdateForm,
                reverse("invitation-update", args=[invitation.pk]),
                initial={
                    "channel": invitation.channel,
                    "sent_at": invitation.sent_at,
                    "reply": invitation.reply,
                    "expected_head_count": invitation.expected_head_count,
                },
            ),
            "rate_form": kept_form(
                request,
                SatisfactionForm,
                reverse("invitation-rate", args=[invitation.pk]),
                initial={
                    "satisfaction": invitation.satisfaction or 5,
                    "comment": invitation.satisfaction_comment,
                },
            ),
        },
    )


@require_POST
def invitation_update_view(request, pk: int):
    invitation = invitation_get(user=request.user, pk=pk)
    form = InvitationUpdateForm(request.POST)
    url = reverse("invitation-detail", args=[invitation.pk])
    if not form.is_valid():
        return form_errors(request, form, url)
    return post_action(
        request,
        lambda: services.invitation_update(
            actor=request.user, invitation=invitation, **form.cleaned_data
        ),
        form=form,
        success=_("Saved."),
        back=url,
    )


@require_GET
def invitation_qr_view(request, pk: int):
    """R-CAM-4: the invitee's QR code as SVG; it holds the absolute URL of the staff
    check-in page for the code, so a phone camera opens the confirm page."""
    invitation = invitation_get(user=request.user, pk=pk)
    link = request.build_absolute_uri(reverse("invitation-code", args=[invitation.code]))
    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buffer, kind="svg", scale=6, border=2)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
def invitation_check_in_view(request, pk: int):
    """R-CAM-4: check one guest in (a second tap is told and changes nothing)."""
    invitation = invitation_get(user=request.user, pk=pk)
    campaign = invitation.campaign
    url = safe_next(request, reverse("campaign-checkin", args=[campaign.pk]))
    return post_action(
        request,
        lambda: services.invitation_check_in(
            actor=request.user, campaign=campaign, invitation_id=invitation.pk
        ),
        success=_("%(guest)s is checked in.") % {"guest": invitation.guest_name},
        back=url,
    )


@require_POST
def invitation_rate_view(request, pk: int):
    invitation = invitation_get(user=request.user, pk=pk)
    form = SatisfactionForm(request.POST)
    url = safe_next(request, reverse("invitation-detail", args=[invitation.pk]))
    if not form.is_valid():
        return form_errors(request, form, url)
    return post_action(
        request,
        lambda: services.invitation_rate(
            actor=request.user,
            invitation=invitation,
            score=form.cleaned_data["satisfaction"],
            comment=form.cleaned_data["comment"],
        ),
        form=form,
        success=_("Satisfaction recorded."),
        back=url,
    )


@require_GET
def campaign_check_in_view(request, pk: int):
    """R-CAM-4: the door's phone page: a code (typed, or opened from the QR), a search by
    name or phone, and walk-ins. A fixed number of queries."""
    campaign = campaign_get(user=request.user, pk=pk)
    if not services.can_work_event(request.user, campaign):
        raise PermissionDenied
    code = request.GET.get("code", "").strip()
    if code:
        invitation = invitation_by_code(code)
        if invitation is None:
            messages.error(request, _("No invitation has the code %(code)s.") % {"code": code})
        elif invitation.campaign_id != campaign.pk:
            messages.error(
                request,
                _("The code %(code)s belongs to another event, not to “%(campaign)s”.")
                % {"code": code, "campaign": campaign.theme},
            )
        else:
            return redirect("invitation-code", code=invitation.code)
    query = request.GET.get("q", "")
    team = services.campaign_team(campaign)
    results = [(inv, phone_mask(inv.phone)) for inv in check_in_search(campaign, query)]
    return render(
        request,
        "campaigns/check_in.html",
        {
            "campaign": campaign,
            "open": campaign.status in CHECK_IN_OPEN,
            "counts": check_in_counts(campaign),
            "query": query,
            "code": code,
            "results": results,
            "walk_in_form": kept_form(
                request,
                WalkInForm,
                reverse("campaign-walk-in", args=[campaign.pk]),
                team=team,
                initial={"invited_by": _default_inviter(request, team)},
            ),
            "here": request.get_full_path(),
        },
    )


@require_GET
def invitation_code_view(request, code: str):
    """R-CAM-4: where a scanned QR code lands: the guest and a button to check them in."""
    invitation = invitation_by_code_get(user=request.user, code=code)
    campaign = invitation.campaign
    if not services.can_work_event(request.user, campaign):
        raise PermissionDenied
    return render(
        request,
        "campaigns/check_in_confirm.html",
        {
            "invitation": invitation,
            "campaign": campaign,
            "phone": phone_mask(invitation.phone),
            "open": campaign.status in CHECK_IN_OPEN,
        },
    )


@require_POST
def campaign_walk_in_view(request, pk: int):
    campaign = campaign_get(user=request.user, pk=pk)
    form = WalkInForm(request.POST, team=services.campaign_team(campaign))
    url = reverse("campaign-checkin", args=[campaign.pk])
    if not form.is_valid():
        return form_errors(request, form, url)
    data = form.cleaned_data
    invitation = service_call(
        request,
        lambda: services.walk_in_check_in(
            actor=request.user,
            campaign=campaign,
            inviter=data["invited_by"],
            name=data["name"],
            phone=data["phone"],
        ),
        form=form,
        success=_("%(guest)s is checked in.") % {"guest": data["name"]},
    )
    if invitation is not None and invitation.blocked_by_owner_id:
        messages.warning(
            request,
            _("This phone is a protected lead of %(owner)s; %(owner)s was told.")
            % {"owner": invitation.blocked_by_owner.name},
        )
    return redirect(url)


@require_POST
def campaign_attachment_add_view(request, pk: int):
    """R-CAM-5: a photo or a file of the event."""
    campaign = campaign_get(user=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    url = reverse("campaign-detail", args=[campaign.pk]) + "#results"
    if not form.is_valid():
        return form_errors(request, form, url)
    return post_action(
        request,
        lambda: services.campaign_attachment_add(
            actor=request.user,
            campaign=campaign,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
        ),
        form=form,
        success=_("Attached."),
        back=url,
    )
