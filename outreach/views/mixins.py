"""Small mixins shared by the core's pages."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError


class PermissionMixin(PermissionRequiredMixin):
    """A page outside a role answers 403 (R-ROLE-1); login is required everywhere by
    LoginRequiredMiddleware, so an anonymous visitor never gets here."""

    raise_exception = True


def add_validation_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form that fed it (R-SYS-3)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class SuccessMessageMixin:
    success_text = ""

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.success_text:
            messages.success(self.request, self.success_text)
        return response
