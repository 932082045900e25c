"""Invitations and address changes: the admin's pages under Indstillinger → Brugere, and the
pages the e-mailed links open (`/invitation/<secret>/`, `/bekraeft-adresse/<secret>/`), which
are outside any jobcenter because the person may not be a member yet."""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from allauth.account.internal.flows.login import record_authentication
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import email_changes, forms, invitations, selectors, view_helpers
from accounts.decorators import requires
from accounts.email_changes import EmailChangeUnusable
from accounts.invitations import InvitationUnusable
from accounts.models import Membership

logger = logging.getLogger("jobbro.security")


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return reverse(
        f"accounts:{name}", kwargs={"jobcenter": view_helpers.tenant(request).slug, **kwargs}
    )


def _private(response: HttpResponse) -> HttpResponse:
    """A page opened from a secret link: never cached. (The site's Referrer-Policy,
    same-origin, already keeps the link from other sites; "no-referrer" would make the
    browser send "Origin: null" with the form, which the CSRF check rightly refuses.)"""
    add_never_cache_headers(response)
    return response


# --- The admin's pages (Indstillinger → Brugere) ---------------------------------------------


@requires("jobcenter.manage_users")
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    form = forms.InviteForm(view_helpers.posted(request), teams=selectors.team_list())
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitations.invitation_create(
                actor=view_helpers.actor(request),
                tenant=view_helpers.tenant(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        except OSError:
            form.add_error(
                None, _("Invitationen kunne ikke sendes. Prøv igen om lidt; intet er gemt.")
            )
        else:
            messages.success(
                request,
                _("Invitationen er sendt til %(email)s. Den gælder i 14 dage.")
                % {"email": invitation.email},
            )
            return redirect(_url(request, "invitations"))
    return render(request, "accounts/invite.html", {"form": form})


@requires("jobcenter.manage_users")
@require_GET
def invitations_list(request: HttpRequest) -> HttpResponse:
    pending = list(invitations.invitation_open_list())
    return render(request, "accounts/invitations.html", {"invitations": pending})


@requires("jobcenter.manage_users")
@require_http_methods(["GET", "POST"])
def invitation_resend(request: HttpRequest, public_id: UUID) -> HttpResponse:
    invitation = invitations.invitation_get(
        tenant=view_helpers.tenant(request), public_id=public_id
    )
    if request.method == "POST":
        try:
            invitations.invitation_resend(actor=view_helpers.actor(request), invitation=invitation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except OSError:
            messages.error(request, _("Invitationen kunne ikke sendes. Prøv igen om lidt."))
        else:
            messages.success(
                request,
                _("Invitationen er sendt igen til %(email)s med et nyt link.")
                % {"email": invitation.email},
            )
        return redirect(_url(request, "invitations"))
    return render(
        request,
        "accounts/invitation_confirm.html",
        {"invitation": invitation, "action": "resend"},
    )


@requires("jobcenter.manage_users")
@require_http_methods(["GET", "POST"])
def invitation_revoke(request: HttpRequest, public_id: UUID) -> HttpResponse:
    invitation = invitations.invitation_get(
        tenant=view_helpers.tenant(request), public_id=public_id
    )
    if request.method == "POST":
        invitations.invitation_revoke(actor=view_helpers.actor(request), invitation=invitation)
        messages.success(
            request,
            _("Invitationen til %(email)s er trukket tilbage.") % {"email": invitation.email},
        )
        return redirect(_url(request, "invitations"))
    return render(
        request,
        "accounts/invitation_confirm.html",
        {"invitation": invitation, "action": "revoke"},
    )


@requires("jobcenter.manage_users")
@require_http_methods(["GET", "POST"])
def member_email(request: HttpRequest, public_id: UUID) -> HttpResponse:
    membership = selectors.membership_get(tenant=view_helpers.tenant(request), public_id=public_id)
    form = forms.EmailChangeForm(view_helpers.posted(request))
    shared = email_changes.works_elsewhere(user=membership.user, tenant_id=membership.tenant_id)
    if request.method == "POST" and form.is_valid():
        try:
            change = email_changes.email_change_request(
                actor=view_helpers.actor(request),
                membership=membership,
                new_email=form.cleaned_data["new_email"],
            )
        except ValidationError as error:
            view_helpers.attach(form, error)
        except OSError:
            form.add_error(
                None, _("E-mailen kunne ikke sendes. Prøv igen om lidt; intet er ændret.")
            )
        else:
            messages.success(
                request,
                _(
                    "Vi har sendt et link til %(new)s. Adressen skifter, når %(name)s har "
                    "bekræftet den. %(old)s har fået besked."
                )
                % {"new": change.new_email, "name": membership.user, "old": change.old_email},
            )
            return redirect(_url(request, "member_edit", public_id=membership.public_id))
    context = {
        "form": form,
        "membership": membership,
        "shared": shared,
        "own": membership.user_id == request.user.pk,
    }
    return render(request, "accounts/member_email.html", context)


@requires("jobcenter.manage_users")
@require_http_methods(["POST"])
def member_email_cancel(request: HttpRequest, public_id: UUID) -> HttpResponse:
    membership = selectors.membership_get(tenant=view_helpers.tenant(request), public_id=public_id)
    pending = email_changes.email_change_list(user=membership.user).filter(
        confirmed_at__isnull=True, cancelled_at__isnull=True
    )
    for change in pending:
        email_changes.email_change_cancel(actor=view_helpers.actor(request), change=change)
    messages.success(request, _("Ændringen af e-mailadressen er annulleret."))
    return redirect(_url(request, "member_edit", public_id=membership.public_id))


# --- The invitee's pages (/invitation/<secret>/) ---------------------------------------------

INVITATION_STATUS = {
    InvitationUnusable.UNKNOWN: 404,
    InvitationUnusable.ALREADY_MEMBER: 409,
    InvitationUnusable.USER_EXISTS: 409,
}


def _invitation_unusable(request: HttpRequest, error: InvitationUnusable) -> HttpResponse:
    invitation = error.invitation
    context = {
        "reason": error.reason,
        "invitation": invitation,
        "invited_to": invitation.tenant if invitation else None,
        "inviter": invitations.inviter_name(invitation) if invitation else "",
    }
    status = INVITATION_STATUS.get(error.reason, 410)
    return _private(render(request, "accounts/invitation/unusable.html", context, status=status))


def _state(invitation: Any) -> str | None:
    if invitation.revoked_at is not None:
        return InvitationUnusable.REVOKED
    if invitation.accepted_at is not None:
        return InvitationUnusable.USED
    if invitation.is_expired:
        return InvitationUnusable.EXPIRED
    return None


def _landed(request: HttpRequest, membership: Membership, slug: str) -> HttpResponse:
    logger.info(
        "invitation accepted: account=%s jobcenter=%s role=%s",
        membership.user.email,
        slug,
        membership.role,
    )
    messages.success(
        request,
        _("Velkommen til %(jobcenter)s i Jobbro.") % {"jobcenter": membership.tenant.name},
    )
    # Staff go on from here to enrol their authenticator app (accounts.middleware).
    return redirect("dashboard", jobcenter=slug)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitations.invitation_find(token=token)
    if invitation is None:
        return _invitation_unusable(request, InvitationUnusable(InvitationUnusable.UNKNOWN))
    slug = invitation.tenant.slug
    if (
        invitation.accepted_at is not None
        and request.user.is_authenticated
        and invitation.accepted_by_id == request.user.pk
    ):
        # Accepted already, by this person (a second click or a double submit).
        return redirect("dashboard", jobcenter=slug)
    state = _state(invitation)
    if state is not None:
        return _invitation_unusable(request, InvitationUnusable(state, invitation))
    context: dict[str, Any] = {
        "invitation": invitation,
        "invited_to": invitation.tenant,
        "inviter": invitations.inviter_name(invitation),
        "staff": invitation.role != "employer",
    }
    owner = invitations.existing_user(invitation)
    if owner is None:
        if request.user.is_authenticated:
            return _private(render(request, "accounts/invitation/wrong_account.html", context))
        form = forms.AcceptInvitationForm(
            view_helpers.posted(request), invitation=invitation, initial={"name": invitation.name}
        )
        if request.method == "POST" and form.is_valid():
            try:
                membership = invitations.invitation_accept_as_new_user(
                    token=token,
                    name=form.cleaned_data["name"],
                    password=form.cleaned_data["password1"],
                )
            except InvitationUnusable as error:
                if error.reason == InvitationUnusable.USER_EXISTS:
                    return redirect(request.path)
                return _invitation_unusable(request, error)
            except ValidationError as error:
                view_helpers.attach(form, error)
            else:
                user = membership.user
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                # The password was typed this moment: allauth counts it as a fresh
                # confirmation, so enrolling the authenticator app next does not ask for it
                # again.
                record_authentication(
                    request, user, "password", email=user.email, reauthenticated=True
                )
                return _landed(request, membership, slug)
        context["form"] = form
        return _private(render(request, "accounts/invitation/accept_new.html", context))

    if not request.user.is_authenticated:
        context["login_url"] = (
            reverse("account_login") + "?" + urlencode({"next": request.get_full_path()})
        )
        return _private(render(request, "accounts/invitation/sign_in_first.html", context))
    if request.user.pk != owner.pk:
        return _private(render(request, "accounts/invitation/wrong_account.html", context))
    if request.method == "POST":
        try:
            membership = invitations.invitation_accept_as_user(token=token, user=owner)
        except InvitationUnusable as error:
            return _invitation_unusable(request, error)
        except PermissionDenied:
            return _private(render(request, "accounts/invitation/wrong_account.html", context))
        return _landed(request, membership, slug)
    return _private(render(request, "accounts/invitation/accept_existing.html", context))


# --- Confirming a new address (/bekraeft-adresse/<secret>/) ---------------------------------


def _change_unusable(request: HttpRequest, error: EmailChangeUnusable) -> HttpResponse:
    status = 404 if error.reason == EmailChangeUnusable.UNKNOWN else 410
    context = {"reason": error.reason, "change": error.change}
    return _private(render(request, "accounts/email_change/unusable.html", context, status=status))


@require_http_methods(["GET", "POST"])
def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    change = email_changes.email_change_find(token=token)
    if change is None:
        return _change_unusable(request, EmailChangeUnusable(EmailChangeUnusable.UNKNOWN))
    if change.confirmed_at is not None:
        return _change_unusable(request, EmailChangeUnusable(EmailChangeUnusable.USED, change))
    if change.cancelled_at is not None:
        return _change_unusable(request, EmailChangeUnusable(EmailChangeUnusable.CANCELLED, change))
    if change.is_expired:
        return _change_unusable(request, EmailChangeUnusable(EmailChangeUnusable.EXPIRED, change))
    context: dict[str, Any] = {"change": change}
    if not request.user.is_authenticated:
        context["login_url"] = (
            reverse("account_login") + "?" + urlencode({"next": request.get_full_path()})
        )
        return _private(render(request, "accounts/email_change/sign_in_first.html", context))
    if request.user.pk != change.user_id:
        return _private(render(request, "accounts/email_change/wrong_account.html", context))
    if request.method == "POST":
        try:
            confirmed = email_changes.email_change_confirm(token=token, user=request.user)
        except EmailChangeUnusable as error:
            return _change_unusable(request, error)
        logger.info(
            "address changed: user=%s old=%s new=%s",
            request.user.pk,
            confirmed.old_email,
            confirmed.new_email,
        )
        messages.success(
            request,
            _("Din e-mailadresse i Jobbro er nu %(email)s. Brug den, når du logger ind.")
            % {"email": confirmed.new_email},
        )
        return redirect("home")
    return _private(render(request, "accounts/email_change/confirm.html", context))


# --- allauth's e-mail page, closed -----------------------------------------------------------


@login_required
@require_GET
def account_email(request: HttpRequest) -> HttpResponse:
    """Nobody adds or changes their own sign-in address: this answers at allauth's address
    management (/konto/email/) and its confirmation links, for every method but GET with 405."""
    return render(request, "account/email_managed.html")
