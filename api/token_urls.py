"""/me/tokens/: the pages where a person manages their own API tokens (issue 21 §2).
Included from outreach/urls.py, outside /api/v1/ (these are session pages, not API)."""

from django.urls import path

from .views import tokens

urlpatterns = [
    path("", tokens.token_list, name="api-tokens"),
    path("new/", tokens.token_new, name="api-token-new"),
    path("<int:pk>/revoke/", tokens.token_revoke_view, name="api-token-revoke"),
]
