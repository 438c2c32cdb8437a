"""Reference data pages (R-ROLE-4, R-ROLE-6): points, work cities, agencies, paid days.

Each kind gets the same three thin pages: a list, a create form and an edit form.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, ListView, UpdateView

from .. import services
from ..forms import AgencyForm, PaidDaysForm, PointForm, WorkCityForm
from ..guard import PermissionRequired
from ..models import Agency, PaidDaysSetting, Point, WorkCity


def reference_urls(
    *, prefix: str, model, form, permission: str, columns: list[str], title, money_columns=()
) -> list:
    """URL patterns for list / new / edit pages of one kind of reference data
    (`money_columns` are shown as money, ¥1,234.00)."""
    list_name = f"{prefix}-list"

    class Common(PermissionRequired):
        permission_required = (permission,)
        extra_context = {
            "title": title,
            "columns": columns,
            "money_columns": money_columns,
            "list_url": reverse_lazy(list_name),
            "new_url": reverse_lazy(f"{prefix}-new"),
            "edit_name": f"{prefix}-edit",
        }

    class List(Common, ListView):
        template_name = "outreach/reference_list.html"
        paginate_by = 50
        extra_context = {**Common.extra_context, "model_class": model}

        def get_queryset(self):
            return model.objects.all()

    class FormPage(Common):
        form_class = form
        template_name = "form.html"
        success_url = reverse_lazy(list_name)
        success_text = _("Saved.")

        def get_queryset(self):
            return model.objects.all()

        def get_context_data(self, **kwargs):
            return super().get_context_data(back=reverse_lazy(list_name), **kwargs)

        def form_valid(self, form):
            self.object = services.reference_item_save(
                actor=self.request.user, item=form.instance, fields=list(form.cleaned_data)
            )
            messages.success(self.request, self.success_text)
            return HttpResponseRedirect(self.get_success_url())

    class Create(FormPage, CreateView):
        pass

    class Update(FormPage, UpdateView):
        pass

    return [
        path(f"{prefix}/", List.as_view(), name=list_name),
        path(f"{prefix}/new/", Create.as_view(), name=f"{prefix}-new"),
        path(f"{prefix}/<int:pk>/edit/", Update.as_view(), name=f"{prefix}-edit"),
    ]


urlpatterns = [
    *reference_urls(
        prefix="points",
        model=Point,
        form=PointForm,
        permission="outreach.manage_reference",
        columns=["name", "address", "city", "latitude", "longitude", "is_active"],
        title=_("Points"),
    ),
    *reference_urls(
        prefix="cities",
        model=WorkCity,
        form=WorkCityForm,
        permission="outreach.manage_reference",
        columns=["name", "monthly_minimum_wage", "money_fines_allowed"],
        money_columns=["monthly_minimum_wage"],
        title=_("Work cities"),
    ),
    *reference_urls(
        prefix="agencies",
        model=Agency,
        form=AgencyForm,
        permission="outreach.manage_agencies",
        columns=[
            "name",
            "contact_person",
            "contact_phone",
            "contract_start",
            "contract_end",
            "evaluation_score",
        ],
        title=_("Agencies"),
    ),
    *reference_urls(
        prefix="paid-days",
        model=PaidDaysSetting,
        form=PaidDaysForm,
        permission="outreach.manage_reference",
        columns=["effective_from", "days"],
        title=_("Monthly paid days"),
    ),
]
