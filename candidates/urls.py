from __future__ import annotations

from django.urls import path

from candidates import views

app_name = "candidates"
urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("cpr-opslag/", views.cpr_lookup, name="cpr_lookup"),
    path("eksport/", views.candidate_export, name="export"),
    path("ny/", views.candidate_add, name="add"),
    path("<uuid:public_id>/", views.candidate_detail, name="detail"),
    path("<uuid:public_id>/ret/", views.candidate_edit, name="edit"),
    path("<uuid:public_id>/profil/", views.candidate_profile, name="profile"),
    path("<uuid:public_id>/status/", views.candidate_status, name="status"),
    path("<uuid:public_id>/cpr/", views.cpr_reveal, name="cpr_reveal"),
    path("<uuid:public_id>/vurderinger/ny/", views.assessment_add, name="assessment_add"),
    path("<uuid:public_id>/samtykker/nyt/", views.consent_add, name="consent_add"),
    path("<uuid:public_id>/foelsomt/", views.sensitive, name="sensitive"),
    path("<uuid:public_id>/trappeplan/", views.staircase, name="staircase"),
    path("<uuid:public_id>/opslagshistorik/", views.lookup_history, name="lookup_history"),
    path(
        "<uuid:public_id>/opslagshistorik/pdf/",
        views.lookup_history_pdf,
        name="lookup_history_pdf",
    ),
    path("<uuid:public_id>/indsigt/", views.subject_access, name="subject_access"),
    path(
        "samtykker/<uuid:public_id>/tilbagekald/", views.consent_withdraw, name="consent_withdraw"
    ),
    path("delmaal/<uuid:public_id>/status/", views.sub_goal_status, name="sub_goal_status"),
    # The jobcenter's catalogues, under Indstillinger.
    path("maalgrupper/", views.catalogue, {"kind": "target_groups"}, name="target_groups"),
    path(
        "maalgrupper/<uuid:public_id>/",
        views.catalogue_edit,
        {"kind": "target_groups"},
        name="target_groups_edit",
    ),
    path("vurderingsskemaer/", views.catalogue, {"kind": "schemes"}, name="schemes"),
    path(
        "vurderingsskemaer/<uuid:public_id>/",
        views.catalogue_edit,
        {"kind": "schemes"},
        name="schemes_edit",
    ),
    path("trappetrin/", views.catalogue, {"kind": "steps"}, name="steps"),
    path(
        "trappetrin/<uuid:public_id>/", views.catalogue_edit, {"kind": "steps"}, name="steps_edit"
    ),
]
