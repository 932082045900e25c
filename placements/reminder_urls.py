from __future__ import annotations

from django.urls import path

from placements import reminder_views as views

app_name = "reminders"
urlpatterns = [
    path("notifikationer/", views.notifications, name="notifications"),
    path("notifikationer/laest/", views.notifications_read_all, name="read_all"),
    path("notifikationer/<uuid:public_id>/laest/", views.notification_read, name="read"),
    path("mine-indstillinger/", views.my_settings, name="settings"),
    path("mine-indstillinger/kalender/", views.calendar_create, name="calendar_create"),
    path(
        "mine-indstillinger/kalender/tilbagekald/",
        views.calendar_revoke,
        name="calendar_revoke",
    ),
]
