"""A person's own API tokens, under "Mine indstillinger" (/<jobcenter>/mine-indstillinger/)."""

from __future__ import annotations

from django.urls import path

from accounts import views

app_name = "own_tokens"
urlpatterns = [
    path("ny/", views.own_token_add, name="add"),
    path("<uuid:public_id>/tilbagekald/", views.own_token_revoke, name="revoke"),
]
