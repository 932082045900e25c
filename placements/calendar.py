"""A person's private calendar feed of their open follow-ups (issue 6): `/kalender/<secret>.ics`,
one per membership, for Outlook and Google Calendar to subscribe to.

The address is the only key: anyone who has it reads the feed, so it carries 256 random bits,
only its SHA-256 is stored (like an API token), it is shown once, and it can be revoked and
made anew. Unknown, revoked, or belonging to someone who has left: 404, all alike. The events
name the candidate by first name only and carry nothing else about them; every fetch writes
the access log for the candidates it names, in the name of the feed's owner.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from accounts import access_log
from accounts.models import Membership
from accounts.tenancy import set_db_calendar_feed
from accounts.tokens import hash_token
from candidates.models import Candidate
from placements import reminders
from placements.models import CalendarFeed, FollowUp, FollowUpStatus

SECRET_PREFIX = "jbcal_"  # noqa: S105 - a marker, not a secret
# Calendar programs fetch every few hours; the time it was last fetched is kept this coarsely.
LAST_USED_RESOLUTION = timedelta(minutes=15)
# The access-log action of a fetch of the feed.
CALENDAR_ACTION = "calendar"


def feed_path(secret: str) -> str:
    from django.urls import reverse

    return reverse("calendar_feed", kwargs={"secret": secret})


@transaction.atomic
def calendar_feed_create(*, membership: Membership) -> tuple[CalendarFeed, str]:
    """A new feed address for the member, revoking the one they had. Returns the feed and its
    secret, which is never stored and is shown to the member once."""
    Membership.objects.select_for_update().filter(pk=membership.pk).first()
    calendar_feed_revoke(membership=membership)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(membership=membership, key_hash=hash_token(secret))
    return feed, secret


def calendar_feed_revoke(*, membership: Membership) -> int:
    return CalendarFeed.objects.filter(membership=membership, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def calendar_feed_active(*, membership: Membership) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(membership=membership, revoked_at__isnull=True).first()


def calendar_feed_find(*, secret: str) -> CalendarFeed | None:
    """The active feed with this secret, whatever its jobcenter, or None. Runs outside any
    tenant scope: the database shows this one row only (the extra_read policy on the hash)."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 100:
        return None
    key_hash = hash_token(secret)
    with transaction.atomic():
        set_db_calendar_feed(key_hash)
        return (
            CalendarFeed.by_hash.select_related("tenant")
            .filter(key_hash=key_hash, revoked_at__isnull=True, tenant__is_active=True)
            .first()
        )


def calendar_ics(*, feed: CalendarFeed) -> bytes | None:
    """The feed as iCalendar, inside the feed's jobcenter scope; None when its member has
    left (or is no longer active)."""
    membership = (
        Membership.objects.select_related("user")
        .filter(pk=feed.membership_id, is_active=True, user__is_active=True)
        .first()
    )
    if membership is None:
        return None
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > LAST_USED_RESOLUTION:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    jobcenter = feed.tenant
    host = urlsplit(settings.SITE_URL).hostname or "jobbro"

    calendar = Calendar()
    calendar.add("prodid", "-//Jobbro//Opfølgninger//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add(
        "x-wr-calname", _("Jobbro: opfølgninger i %(jobcenter)s") % {"jobcenter": jobcenter}
    )
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # How often the calendar program should fetch again (Outlook reads the first, Apple the
    # second; Google decides for itself).
    calendar.add("x-published-ttl", "PT1H")
    followups = (
        FollowUp.objects.filter(owner_id=membership.user_id, status=FollowUpStatus.DUE)
        .order_by("due_on", "pk")
        .values(
            "public_id",
            "label",
            "due_on",
            "channel",
            "updated_at",
            "placement__public_id",
            "placement__candidate_id",
            "placement__candidate__public_id",
            "placement__candidate__first_name",
            "placement__company__name",
            "placement__company__public_id",
        )
    )
    channels = dict(FollowUp._meta.get_field("channel").choices or [])
    rows = list(followups)
    # The events name the candidates (by first name): every fetch is a read by the feed's
    # owner, one access-log row per person, in one statement.
    named = {
        row["placement__candidate_id"]: Candidate(
            pk=row["placement__candidate_id"], public_id=row["placement__candidate__public_id"]
        )
        for row in rows
    }
    access_log.record_many(user=membership.user, action=CALENDAR_ACTION, objs=named.values())
    for row in rows:
        event = Event()
        event.add("uid", f"followup-{row['public_id']}@{host}")
        event.add("dtstamp", row["updated_at"])
        event.add("dtstart", row["due_on"])
        event.add("dtend", row["due_on"] + timedelta(days=1))
        event.add(
            "summary",
            reminders.followup_title(
                first_name=row["placement__candidate__first_name"],
                company=row["placement__company__name"],
                label=row["label"],
            ),
        )
        event.add(
            "url",
            reminders.absolute(
                reminders.placement_path(
                    jobcenter.slug,
                    row["placement__public_id"],
                    row["placement__company__public_id"],
                )
            ),
        )
        event.add("description", _("Kanal: %(channel)s") % {"channel": channels[row["channel"]]})
        # An all-day reminder, not a meeting: it does not make the person look busy.
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
