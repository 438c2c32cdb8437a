"""Small mixins shared by the core's pages."""

from django.contrib import messages


class SuccessMessageMixin:
    success_text = ""

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.success_text:
            messages.success(self.request, self.success_text)
        return response
