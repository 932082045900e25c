from __future__ import annotations

from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.settings_index, name="settings"),
    path("brugere/", views.members, name="members"),
    path("brugere/ny/", views.member_add, name="member_add"),
    path("brugere/<uuid:public_id>/", views.member_edit, name="member_edit"),
    path("brugere/<uuid:public_id>/laas-op/", views.member_unblock, name="member_unblock"),
    path("teams/", views.teams, name="teams"),
    path("teams/nyt/", views.team_add, name="team_add"),
    path("teams/<uuid:public_id>/", views.team_edit, name="team_edit"),
    path("teams/<uuid:public_id>/slet/", views.team_delete, name="team_delete"),
    path("api-noegler/", views.tokens, name="tokens"),
    path("api-noegler/<uuid:public_id>/tilbagekald/", views.token_revoke, name="token_revoke"),
    path("jobcenter/", views.jobcenter_settings, name="jobcenter_settings"),
]
