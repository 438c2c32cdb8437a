"""Small mixins shared by the core's pages."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin


class PermissionMixin(PermissionRequiredMixin):
    """A page outside a role answers 403 (R-ROLE-1); login is required everywhere by
    LoginRequiredMiddleware, so an anonymous visitor never gets here."""

    raise_exception = True


class SuccessMessageMixin:
    success_text = ""

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.success_text:
            messages.success(self.request, self.success_text)
        return response
