from __future__ import annotations

from django.urls import path

from companies import views

app_name = "companies"
urlpatterns = [
    path("", views.company_list, name="list"),
    path("formaal/", views.purposes, name="purposes"),
    path("formaal/<uuid:public_id>/", views.purpose_edit, name="purpose_edit"),
    path("eksport/", views.company_export, name="export"),
    path("ny/", views.company_add, name="add"),
    path("uden-fast-kontaktperson/", views.without_key_account, name="without_key_account"),
    path("jobaabninger-der-venter/", views.openings_waiting, name="openings_waiting"),
    path("<uuid:public_id>/", views.company_detail, name="detail"),
    path("<uuid:public_id>/ret/", views.company_edit, name="edit"),
    path("<uuid:public_id>/kontakt/ny/", views.activity_add, name="activity_add"),
    path("<uuid:public_id>/fast-kontaktperson/", views.handover, name="handover"),
    path("<uuid:public_id>/foelg/", views.follow, name="follow"),
    path("<uuid:public_id>/arbejdssteder/ny/", views.workplace_add, name="workplace_add"),
    path("<uuid:public_id>/kontaktpersoner/ny/", views.contact_add, name="contact_add"),
    path("<uuid:public_id>/jobaabninger/ny/", views.opening_add, name="opening_add"),
    path("arbejdssteder/<uuid:public_id>/ret/", views.workplace_edit, name="workplace_edit"),
    path("kontaktpersoner/<uuid:public_id>/ret/", views.contact_edit, name="contact_edit"),
    path("jobaabninger/<uuid:public_id>/ret/", views.opening_edit, name="opening_edit"),
    path("jobaabninger/<uuid:public_id>/status/", views.opening_status, name="opening_status"),
    path("jobaabninger/<uuid:public_id>/tag-op/", views.opening_take_up, name="opening_take_up"),
    path("kontakter/<uuid:public_id>/udfoert/", views.next_step_done, name="next_step_done"),
]
