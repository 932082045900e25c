from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts import services
from accounts.models import Jobcenter, Membership, User
from accounts.tenancy import tenant_scope

DEFAULT_REASON = "made on the command line"


def _operator() -> str:
    try:
        name = getpass.getuser()
    except (OSError, KeyError):  # no login name in this environment (a bare container)
        name = "unknown operator"
    return f"{name} (manage.py create_api_token)"


class Command(BaseCommand):
    help = (
        "Make an API token for a member of a jobcenter and print it (it is shown only once). "
        "The operator's tool: every token made here is written in the platform audit with who "
        "ran the command and why."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("jobcenter", help="the jobcenter's slug, e.g. roskilde")
        parser.add_argument("--read-only", action="store_true", help="a token that can only read")
        parser.add_argument("--name", default="Kommandolinje", help="what the token is for")
        parser.add_argument(
            "--reason",
            default=DEFAULT_REASON,
            help="why the operator makes it (written in the platform audit)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        jobcenter = Jobcenter.objects.filter(slug=options["jobcenter"]).first()
        if jobcenter is None:
            raise CommandError(f"No jobcenter with the slug {options['jobcenter']!r}.")
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"No user with the e-mail {options['email']!r}.")
        if not options["reason"].strip():
            raise CommandError("Give a reason with --reason, or leave the option out.")
        with tenant_scope(jobcenter):
            membership = (
                Membership.objects.select_related("user", "tenant")
                .filter(user=user, is_active=True)
                .first()
            )
            if membership is None:
                raise CommandError(f"{user.email} is not an active member of {jobcenter.name}.")
            _token, plain = services.api_token_create_by_operator(
                operator=_operator(),
                reason=options["reason"],
                membership=membership,
                name=options["name"],
                read_only=options["read_only"],
            )
        self.stdout.write(plain)
