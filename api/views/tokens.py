"""Issue 21 §2: one's own API tokens — make one (shown once), list them, revoke one.

Pages, not API calls: they live under /me/tokens/ (outreach/urls.py) and use the
ordinary session. Everyone who can log in may make tokens; a token acts with exactly its
owner's permissions. Another person's token is a 404 (api.tokens.tokens_of)."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from outreach.refusals import show_refusal

from ..forms import TokenCreateForm
from ..tokens import token_create, token_revoke, tokens_of


def _page(request, form, *, new=None, status=200):
    return render(
        request,
        "api/tokens.html",
        {"tokens": tokens_of(user=request.user), "form": form, "new": new, "now": timezone.now()},
        status=status,
    )


@require_GET
def token_list(request):
    return _page(request, TokenCreateForm())


def _end_of(day) -> datetime:
    """A token valid until a day works through that whole local day."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


@never_cache  # the one response that carries the token must not be kept anywhere
@require_POST
def token_new(request):
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    day = form.cleaned_data["expires_on"]
    try:
        new = token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            expires_at=_end_of(day) if day else None,
        )
    except ValidationError as error:
        show_refusal(request, error, form=form)
        return _page(request, form, status=400)
    # Rendered, not redirected: the raw token exists only in this response.
    return _page(request, TokenCreateForm(), new=new)


@require_POST
def token_revoke_view(request, pk: int):
    try:
        token = token_revoke(user=request.user, token_id=pk)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api-tokens")
