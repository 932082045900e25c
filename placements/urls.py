from __future__ import annotations

from django.urls import path

from placements import matching_views, views

app_name = "placements"
urlpatterns = [
    path("", views.placement_list, name="list"),
    path("eksport/", views.placement_export, name="export"),
    path("nyt/", views.placement_new, name="new"),
    path("bagud/", views.overdue, name="overdue"),
    path("mine-opfoelgninger/", views.my_followups, name="my_followups"),
    path("typer/", views.types, name="types"),
    path("typer/<uuid:public_id>/", views.type_edit, name="type_edit"),
    path("<uuid:public_id>/", views.placement_detail, name="detail"),
    path("<uuid:public_id>/ret/", views.placement_edit, name="edit"),
    path("<uuid:public_id>/start/", views.placement_start, name="start"),
    path("<uuid:public_id>/afslut/", views.placement_end, name="end"),
    path("<uuid:public_id>/opfoelgning/ny/", views.followup_add, name="followup_add"),
    path("opfoelgninger/<uuid:public_id>/udfoert/", views.followup_done, name="followup_done"),
    path("opfoelgninger/<uuid:public_id>/note/", views.followup_note, name="followup_note"),
    path("opfoelgninger/<uuid:public_id>/ret/", views.followup_edit, name="followup_edit"),
    *matching_views.urlpatterns,
]
