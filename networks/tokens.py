"""The secrets that let people in without signing in, each for one thing only:

- the RSVP link of one invitation (`/moede/svar/<secret>/`), e-mailed to the invitee;
- the self check-in link of one meeting (`/moede/<secret>/`), shown as a QR code on the
  facilitator's screen, and the short code typed instead of scanning it;
- a participant's token (`jbdelt_…`), which the phone keeps after checking in, bound to that
  attendance and so to one meeting of one jobcenter: it is what casts a ballot.

None of them names a person. Each has 256 bits (the join code, typed by hand, has about 30 and is
valid only while its meeting's check-in is open; the page that takes it must slow down
guessing). Only SHA-256 hashes are stored, and rows are
found by hash before the jobcenter is known, through the extra_read policy on app.link_hash,
as the jobcenter invitations are (accounts.tenancy.set_db_link).

The RSVP, check-in and join-code secrets are derived from the row's public id and a
generation with the server's key (an HMAC), so an updated invitation carries the same link and
the facilitator's screen can show the QR code again without storing it; raising the
generation revokes them. The participant token is random and shown once."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.tenancy import set_db_link
from accounts.tokens import hash_token
from networks.models import Meeting, MeetingInvitation, ParticipantToken

RSVP_PREFIX = "jbsvar_"  # noqa: S105 - markers, not secrets
CHECKIN_PREFIX = "jbmoede_"  # noqa: S105
PARTICIPANT_PREFIX = "jbdelt_"  # noqa: S105
MAX_SECRET_LENGTH = 100

# Six characters without look-alikes (no 0/O, 1/I/L): 31**6, about 887 million codes.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def _derived(purpose: str, public_id: object, generation: int) -> str:
    digest = salted_hmac(
        f"jobbro.networks.{purpose}", f"{public_id}:{generation}", algorithm="sha256"
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def rsvp_secret(invitation: MeetingInvitation) -> str:
    return RSVP_PREFIX + _derived("rsvp", invitation.public_id, invitation.rsvp_generation)


def checkin_secret(meeting: Meeting) -> str:
    return CHECKIN_PREFIX + _derived("checkin", meeting.public_id, meeting.checkin_generation)


def join_code(meeting: Meeting) -> str:
    digest = salted_hmac(
        "jobbro.networks.join_code",
        f"{meeting.public_id}:{meeting.join_code_generation}",
        algorithm="sha256",
    ).digest()
    number = int.from_bytes(digest[:8], "big")
    letters = []
    for _ in range(JOIN_CODE_LENGTH):
        number, index = divmod(number, len(JOIN_CODE_ALPHABET))
        letters.append(JOIN_CODE_ALPHABET[index])
    return "".join(letters)


def normalise_join_code(text: str) -> str:
    """As typed: in lower case, with spaces or a dash in the middle."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def join_code_hash(code: str) -> str:
    return hash_token("join:" + normalise_join_code(code))


def new_participant_secret() -> tuple[str, str]:
    secret = PARTICIPANT_PREFIX + secrets.token_urlsafe(32)
    return secret, hash_token(secret)


def _plausible(secret: str, prefix: str) -> bool:
    return (
        isinstance(secret, str) and secret.startswith(prefix) and len(secret) <= MAX_SECRET_LENGTH
    )


@contextmanager
def visible_by_hash(key_hash: str) -> Iterator[None]:
    """Let this block's queries see the rows with this hash, whatever their jobcenter."""
    with transaction.atomic():
        set_db_link(key_hash)
        try:
            yield
        finally:
            set_db_link("")


def rsvp_find(secret: str) -> MeetingInvitation | None:
    """The invitation this RSVP link answers for, or None. Outside any tenant scope: the
    database shows this one row (and only global rows are joined)."""
    if not _plausible(secret, RSVP_PREFIX):
        return None
    key_hash = hash_token(secret)
    with visible_by_hash(key_hash):
        return (
            MeetingInvitation.by_hash.select_related("tenant")
            .filter(rsvp_hash=key_hash, tenant__is_active=True)
            .order_by()  # the default order joins the meeting, which is not visible yet
            .first()
        )


def checkin_find(secret: str) -> Meeting | None:
    """The meeting whose check-in QR code this is, or None."""
    if not _plausible(secret, CHECKIN_PREFIX):
        return None
    key_hash = hash_token(secret)
    with visible_by_hash(key_hash):
        return (
            Meeting.by_hash.select_related("tenant")
            .filter(checkin_hash=key_hash, tenant__is_active=True)
            .order_by()
            .first()
        )


def join_code_find(code: str) -> Meeting | None:
    """The meeting whose check-in is open today under this typed code, or None. Codes are
    unique among meetings whose check-in is open (networks.services), and an old meeting may
    once have had the same code."""
    normal = normalise_join_code(code)
    if len(normal) != JOIN_CODE_LENGTH:
        return None
    key_hash = join_code_hash(normal)
    with visible_by_hash(key_hash):
        meetings = list(
            Meeting.by_hash.select_related("tenant").filter(
                join_code_hash=key_hash,
                tenant__is_active=True,
                cancelled_at__isnull=True,
                date__gte=timezone.localdate() - timedelta(days=1),
            )
        )
    now = timezone.now()
    current = [m for m in meetings if m.checkin_is_open(now)]
    return current[0] if len(current) == 1 else None


def participant_find(secret: str) -> ParticipantToken | None:
    """The participant token with this secret, or None."""
    if not _plausible(secret, PARTICIPANT_PREFIX):
        return None
    key_hash = hash_token(secret)
    with visible_by_hash(key_hash):
        return (
            ParticipantToken.by_hash.select_related("tenant")
            .filter(token_hash=key_hash, tenant__is_active=True)
            .order_by()
            .first()
        )
