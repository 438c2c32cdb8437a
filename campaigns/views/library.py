"""Market intelligence (R-PLAN-3), the library and material handouts (R-PLAN-4)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from outreach.dates import today
from outreach.guard import permission_required
from outreach.pagination import paginate
from outreach.selectors import staff_of, visible_staff

from .. import services
from ..filters import MarketNoteFilter
from ..forms import (
    LibraryItemForm,
    MarketNoteForm,
    MaterialHandoutForm,
    ScreeningCriterionForm,
)
from ..models import LibraryKind
from ..selectors import (
    campaign_list,
    handout_list,
    library_get,
    library_list,
    market_note_get,
    market_note_list,
    plan_list,
    screening_criteria,
)
from .common import form_page


@require_GET
@permission_required("campaigns.manage_market")
def market_list_view(request):
    note_filter = MarketNoteFilter(request.GET, queryset=market_note_list(user=request.user))
    return render(
        request,
        "campaigns/market_list.html",
        {
            "filter": note_filter,
            "page": paginate(request, note_filter.qs),
            "criteria": screening_criteria(user=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("campaigns.manage_market")
def market_create_view(request):
    form = MarketNoteForm(
        request.POST or None,
        campaigns=campaign_list(user=request.user),
        plans=plan_list(user=request.user),
        initial={"observed_on": today()},
    )

    def save(data):
        campaigns, plans = data.pop("campaigns"), data.pop("plans")
        return services.market_note_create(
            actor=request.user, campaigns=campaigns, plans=plans, **data
        )

    return form_page(
        request,
        form,
        title=_("New market note"),
        back=reverse("market-list"),
        save=save,
        success=_("Saved."),
        success_url=lambda note: reverse("market-detail", args=[note.pk]),
    )


@require_GET
def market_detail_view(request, pk: int):
    note = market_note_get(user=request.user, pk=pk)
    visible_campaigns = campaign_list(user=request.user)
    visible_plans = plan_list(user=request.user)
    return render(
        request,
        "campaigns/market_detail.html",
        {
            "note": note,
            "campaigns": [c for c in note.campaigns.all() if c in visible_campaigns],
            "plans": [p for p in note.plans.all() if p in visible_plans],
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("campaigns.manage_market")
def criterion_create_view(request):
    form = ScreeningCriterionForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("New screening criterion"),
        back=reverse("market-list"),
        save=lambda data: services.screening_criterion_save(actor=request.user, **data),
        success=_("Saved."),
        success_url=reverse("market-list"),
    )


@require_GET
@permission_required("campaigns.view_library")
def library_list_view(request):
    items = library_list(user=request.user)
    sections = [
        {"kind": label, "items": [i for i in items if i.kind == kind]}
        for kind, label in LibraryKind.choices
    ]
    return render(
        request,
        "campaigns/library_list.html",
        {"sections": [s for s in sections if s["items"]]},
    )


@require_GET
def library_detail_view(request, pk: int):
    return render(
        request,
        "campaigns/library_detail.html",
        {"item": library_get(user=request.user, pk=pk)},
    )


@require_http_methods(["GET", "POST"])
@permission_required("campaigns.manage_library")
def library_create_view(request):
    form = LibraryItemForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        title=_("New library item"),
        back=reverse("library-list"),
        save=lambda data: services.library_item_save(actor=request.user, **data),
        success=_("Saved."),
        success_url=lambda item: reverse("library-detail", args=[item.pk]),
    )


@require_http_methods(["GET", "POST"])
@permission_required("campaigns.manage_library")
def library_edit_view(request, pk: int):
    item = library_get(user=request.user, pk=pk)
    form = LibraryItemForm(request.POST or None, request.FILES or None, instance=item)
    url = reverse("library-detail", args=[item.pk])
    return form_page(
        request,
        form,
        title=_("Edit library item"),
        back=url,
        save=lambda data: services.library_item_save(actor=request.user, item=item, **data),
        success=_("Saved."),
        success_url=url,
    )


@require_GET
@permission_required("campaigns.use_field_plans")
def handout_list_view(request):
    return render(
        request,
        "campaigns/handout_list.html",
        {"page": paginate(request, handout_list(user=request.user))},
    )


@require_http_methods(["GET", "POST"])
@permission_required("campaigns.use_field_plans")
def handout_create_view(request):
    form = MaterialHandoutForm(
        request.POST or None,
        staff_choices=visible_staff(request.user).order_by("employee_no"),
        items=library_list(user=request.user),
        initial={"day": today(), "staff": staff_of(request.user)},
    )
    return form_page(
        request,
        form,
        title=_("Materials received, used and returned"),
        back=reverse("handout-list"),
        save=lambda data: services.material_handout_record(actor=request.user, **data),
        success=_("Saved."),
        success_url=reverse("handout-list"),
    )
