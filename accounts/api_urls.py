from __future__ import annotations

from django.urls import path

from accounts import api

app_name = "api-accounts"
urlpatterns = [
    path("me/", api.MeApi.as_view(), name="me"),
    path("tokens/", api.TokenCreateApi.as_view(), name="token-create"),
]
