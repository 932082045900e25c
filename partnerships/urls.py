from __future__ import annotations

from django.urls import path

from partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.agreement_list, name="list"),
]
