"""Sign-in security (DESIGN.md section 4): the django-axes lockout on every sign-in path, the
security log, and the session limits (30 minutes idle, 12 hours in all).

django-axes counts failures per account, keyed by the lower-cased e-mail address. Password
failures reach it through `django.contrib.auth.authenticate()` (the sign-in form, the admin,
API token creation); wrong second-factor codes and wrong e-mailed sign-in codes are counted
here through the same `user_login_failed` signal. Once an account is blocked, its password is
refused by `axes.backends.AxesStandaloneBackend` and the code steps by `LockoutGuardMiddleware`.

Everything goes to the "jobbro.security" logger; a password never does.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from allauth.account.internal.stagekit import clear_login, unstash_login
from allauth.core import context
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout, user_login_failed
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger("jobbro.security")

SIGNED_IN_AT_SESSION_KEY = "jobbro_signed_in_at"

# The fields that carry the account on each sign-in path: allauth's form (`login`), the admin
# (`username`; our USERNAME_FIELD is the e-mail) and the API (`email`).
ACCOUNT_FIELDS = ("email", "username", "login")


def normalize_account(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip().lower()
    return value or None


# --- django-axes hooks ----------------------------------------------------------------------


def client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address a request came from, for the security log and the
    per-address limit on the API's sign-in. REMOTE_ADDR, unless Jobbro runs behind
    TRUSTED_PROXY_COUNT reverse proxies that each append the address they saw to
    X-Forwarded-For: then the entry the outermost of them wrote, counted from the right, so an
    address the client wrote into the header itself is never taken."""
    remote: str | None = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote


def axes_username(request: HttpRequest | None, credentials: Mapping[str, Any] | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the account an attempt is for, whichever path it came by."""
    for key in ACCOUNT_FIELDS:
        account = normalize_account((credentials or {}).get(key))
        if account:
            return account
    if request is None:
        return None
    data = getattr(request, "data", None) or request.POST
    for key in ACCOUNT_FIELDS:
        account = normalize_account(data.get(key))
        if account:
            return account
    # Re-entering the password of a signed-in person names no account in the form.
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return normalize_account(user.email)
    return None


def blocked_until(account: str | None) -> datetime | None:
    """When the block on this account lifts by itself (the last counted failure + 24 h)."""
    if not account:
        return None
    last = (
        AccessAttempt.objects.filter(
            username=account, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    if last is None:
        return None
    until: datetime = last + settings.AXES_COOLOFF_TIME
    return until


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the answer to an attempt on a blocked account. JSON for the API,
    a page for everything else (the sign-in form, the code steps, the admin)."""
    account = axes_username(request, credentials)
    until = blocked_until(account)
    retry_after = (
        max(0, math.ceil((until - timezone.now()).total_seconds()))
        if until
        else int(settings.AXES_COOLOFF_TIME.total_seconds())
    )
    if request.path_info.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {
                "detail": _(
                    "For mange mislykkede forsøg på at logge ind. Kontoen er midlertidigt "
                    "spærret; prøv igen senere, eller kontakt jobcentrets administrator."
                ),
                "code": "account_locked",
                "retry_after": retry_after,
            },
            status=429,
        )
    else:
        # A half-finished sign-in (waiting for a code) ends here; so does a session of the
        # blocked person themself (a wrong code at re-authentication).
        if hasattr(request, "session"):
            clear_login(request)
            user = getattr(request, "user", None)
            if (
                user is not None
                and user.is_authenticated
                and normalize_account(user.email) == account
            ):
                logout(request)
        response = render(
            request,
            "account/lockout.html",
            {
                "blocked_until": until,
                "failure_limit": settings.AXES_FAILURE_LIMIT,
                "cooloff_hours": int(settings.AXES_COOLOFF_TIME.total_seconds() // 3600),
            },
            status=429,
        )
    response["Retry-After"] = str(retry_after)
    return response


def blocked_accounts(accounts: Iterable[str]) -> dict[str, datetime]:
    """Which of these accounts are blocked now, each with when its block lifts by itself. One
    query, for a list of members."""
    wanted = {account for account in (normalize_account(a) for a in accounts) if account}
    if not wanted:
        return {}
    now = timezone.now()
    rows = AccessAttempt.objects.filter(
        username__in=wanted,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gt=now - settings.AXES_COOLOFF_TIME,
    ).values_list("username", "attempt_time")
    blocked: dict[str, datetime] = {}
    for username, attempt_time in rows:
        until = attempt_time + settings.AXES_COOLOFF_TIME
        if username not in blocked or until > blocked[username]:
            blocked[username] = until
    return blocked


def is_blocked(request: HttpRequest, account: str | None) -> bool:
    if not account:
        return False
    return not AxesProxyHandler.is_allowed(request, {"username": account})


def record_signin_failure(request: HttpRequest, *, account: str, method: str) -> None:
    """Count a failed sign-in step that did not go through authenticate() (a wrong second
    factor or e-mailed code) towards the lockout, and log it. For API code that checks a second
    factor itself, too."""
    user_login_failed.send(
        sender=__name__,
        credentials={"username": account, "method": method},
        request=request,
    )


def clear_signin_failures(*, account: str) -> int:
    """Forget an account's failed attempts, as a successful sign-in does (for code that
    signs people in without django.contrib.auth.login(), such as API token creation)."""
    return AxesProxyHandler.reset_attempts(username=normalize_account(account))


def lockout_reset(*, actor: object, account: str) -> int:
    """Lift the block on an account (for jobcenter admins' and platform staff's tools). Logs
    who asked; on_access_attempt_deleted then logs the lift itself."""
    logger.info("sign-in block lift requested: account=%s by=%s", normalize_account(account), actor)
    return AxesProxyHandler.reset_attempts(username=normalize_account(account))


# --- A limit per address on the API's sign-in ------------------------------------------------
# POST /api/v1/<jobcenter>/tokens/ is a sign-in a script can call in a loop: with five wrong
# passwords per account it could block account after account for 24 hours. The per-account
# block stays (the Danish rule); on top, one address gets only so many failed attempts, fewer
# than it takes to block five accounts (settings.API_SIGNIN_FAILURES_PER_ADDRESS). The failures
# are kept in the default cache (the database, shared by every web process).


def _api_signin_key(ip: str | None) -> str:
    return f"jobbro:api-signin-failures:{ip or 'unknown'}"


def _recent_failures(ip: str | None, now: float) -> list[float]:
    longest = max(window for _limit, window in settings.API_SIGNIN_FAILURES_PER_ADDRESS)
    stamps = cache.get(_api_signin_key(ip)) or []
    return [stamp for stamp in stamps if stamp > now - longest]


def api_signin_retry_after(request: HttpRequest) -> int | None:
    """Seconds until this address may try the API's sign-in again, or None when it may now.

    Takes a lock on the address for the rest of the request's transaction (the tenant
    middleware runs every API request in one), so parallel attempts from one address are
    counted one after the other rather than all slipping past the same count."""
    ip = _client_ip(request)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [_api_signin_key(ip)])
    now = time.time()
    failures = _recent_failures(ip, now)
    waits = []
    for limit, window in settings.API_SIGNIN_FAILURES_PER_ADDRESS:
        in_window = [stamp for stamp in failures if stamp > now - window]
        if len(in_window) >= limit:
            # Free again when enough of the oldest failures have left the window.
            waits.append(math.ceil(in_window[-limit] + window - now))
    if not waits:
        return None
    retry_after = max(1, *waits)
    logger.warning(
        "api sign-in refused, too many failures from this address: ip=%s retry_after=%s",
        ip,
        retry_after,
    )
    return retry_after


def api_signin_failed(request: HttpRequest) -> None:
    """Count a failed API sign-in against the address it came from."""
    ip = _client_ip(request)
    now = time.time()
    failures = [*_recent_failures(ip, now), now]
    longest = max(window for _limit, window in settings.API_SIGNIN_FAILURES_PER_ADDRESS)
    cache.set(_api_signin_key(ip), failures, timeout=longest)


def api_signin_limited_response(retry_after: int) -> JsonResponse:
    response = JsonResponse(
        {
            "detail": _(
                "For mange mislykkede forsøg på at logge ind fra denne adresse. Prøv igen senere."
            ),
            "code": "too_many_attempts",
            "retry_after": retry_after,
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


# --- Signal receivers (connected in accounts.apps) ------------------------------------------


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    ip = getattr(request, "axes_ip_address", None)
    return ip if ip is not None else get_client_ip_address(request)


def _actor(request: HttpRequest | None) -> str:
    if request is None:
        return "system (no request: a management command or task)"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"{user.email} (user {user.pk})"
    return "anonymous"


def on_user_login_failed(
    sender: object,
    credentials: Mapping[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    """Log every failed sign-in. django-axes' own receiver runs first (its app comes first in
    INSTALLED_APPS) and has counted the failure by now."""
    account = axes_username(request, credentials)
    failures = getattr(request, "axes_failures_since_start", None)
    blocked = bool(getattr(request, "axes_locked_out", False))
    logger.warning(
        "sign-in failed: account=%s method=%s path=%s ip=%s failures=%s/%s%s",
        account,
        credentials.get("method", "password"),
        getattr(request, "path_info", None),
        _client_ip(request),
        failures if failures is not None else "-",
        settings.AXES_FAILURE_LIMIT,
        " blocked" if blocked else "",
    )


def on_user_locked_out(
    sender: object, request: HttpRequest, username: str | None = None, **kwargs: Any
) -> None:
    logger.warning(
        "sign-in blocked: account=%s path=%s ip=%s until=%s",
        username,
        getattr(request, "path_info", None),
        _client_ip(request),
        blocked_until(username),
    )


def on_access_attempt_deleted(sender: object, instance: AccessAttempt, **kwargs: Any) -> None:
    """Log when failures are forgotten: a block lifted by someone (the admin, the
    `axes_reset_username` command, lockout_reset()), a block or failures that ran out, or
    failures cleared by a successful sign-in."""
    now = timezone.now()
    expired = instance.attempt_time <= now - settings.AXES_COOLOFF_TIME
    was_blocked = instance.failures_since_start >= settings.AXES_FAILURE_LIMIT
    if expired:
        logger.info(
            "sign-in failures expired: account=%s failures=%s blocked=%s",
            instance.username,
            instance.failures_since_start,
            was_blocked,
        )
        return
    request = context.request
    if was_blocked:
        logger.warning(
            "sign-in block lifted: account=%s failures=%s by=%s at=%s path=%s",
            instance.username,
            instance.failures_since_start,
            _actor(request),
            now.isoformat(),
            getattr(request, "path_info", None),
        )
    else:
        logger.info(
            "sign-in failures cleared: account=%s failures=%s by=%s",
            instance.username,
            instance.failures_since_start,
            _actor(request),
        )


def on_user_logged_in(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Remember when this session was signed in (the 12-hour limit counts from here)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SIGNED_IN_AT_SESSION_KEY] = timezone.now().timestamp()
    logger.info("signed in: account=%s ip=%s", normalize_account(user.email), _client_ip(request))


def on_second_factor_failed(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """allauth.mfa: a wrong authenticator or recovery code at sign-in or re-authentication."""
    if request is not None:
        method = "mfa-reauthenticate" if kwargs.get("reauthentication") else "mfa"
        record_signin_failure(request, account=user.email, method=method)


def on_login_code_rejected(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """allauth: a wrong e-mailed sign-in code."""
    if request is not None:
        record_signin_failure(request, account=user.email, method="code")


# --- Middleware -----------------------------------------------------------------------------


def signed_in_for(request: HttpRequest) -> timedelta | None:
    started = request.session.get(SIGNED_IN_AT_SESSION_KEY)
    if not isinstance(started, int | float):
        return None
    return timezone.now() - datetime.fromtimestamp(started, tz=UTC)


class SessionLimitMiddleware:
    """Ends a session 12 hours after sign-in however active it is (the 30 idle minutes are
    SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST), and ends at once the session of a
    person who has been deactivated or deleted, so that reactivating them does not revive it.

    The request goes on as a signed-out one: a page that needs a signed-in person sends them to
    the sign-in page, which shows the message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if SESSION_KEY in request.session:
            user = request.user
            if not user.is_authenticated:
                # ModelBackend.get_user() refuses an inactive (or deleted) user.
                logger.info(
                    "session ended: user=%s is no longer active",
                    request.session.get(SESSION_KEY),
                )
                request.session.flush()
            else:
                age = signed_in_for(request)
                if age is None:
                    # Signed in before the sign-in time was recorded: start over.
                    logout(request)
                elif age >= settings.SESSION_ABSOLUTE_AGE:
                    logger.info(
                        "session ended: account=%s signed in %s ago",
                        normalize_account(user.email),
                        age,
                    )
                    logout(request)
                    messages.info(
                        request, _("Du er blevet logget ud efter 12 timer. Log ind igen.")
                    )
        return self.get_response(request)


# The sign-in steps that take a code rather than a password, and so never reach the axes
# backend: whose account each one is for.
def _code_step_account(request: HttpRequest, url_name: str | None) -> str | None:
    if url_name == "account_request_login_code":
        return normalize_account(request.POST.get("email"))
    if url_name in {"account_confirm_login_code", "mfa_authenticate"}:
        login = unstash_login(request, peek=True)
        return normalize_account(login.user.email) if login and login.user else None
    if url_name == "mfa_reauthenticate" and request.user.is_authenticated:
        return normalize_account(request.user.email)
    return None


class LockoutGuardMiddleware:
    """A blocked account gets no e-mailed code and cannot finish a sign-in with a code either;
    without this, a code would sign in (and so unblock) an account the lockout had stopped."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if request.method != "POST" or request.resolver_match is None:
            return None
        account = _code_step_account(request, request.resolver_match.url_name)
        if account and is_blocked(request, account):
            logger.warning(
                "sign-in refused, account blocked: account=%s path=%s ip=%s",
                account,
                request.path_info,
                _client_ip(request),
            )
            return lockout_response(request, None, {"username": account})
        return None
