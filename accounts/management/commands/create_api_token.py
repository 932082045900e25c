from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts import services
from accounts.models import Jobcenter, Membership, User
from accounts.tenancy import tenant_scope


class Command(BaseCommand):
    help = "Make an API token for a member of a jobcenter and print it (it is shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("jobcenter", help="the jobcenter's slug, e.g. roskilde")
        parser.add_argument("--read-only", action="store_true", help="a token that can only read")
        parser.add_argument("--name", default="Kommandolinje", help="what the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        jobcenter = Jobcenter.objects.filter(slug=options["jobcenter"]).first()
        if jobcenter is None:
            raise CommandError(f"No jobcenter with the slug {options['jobcenter']!r}.")
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"No user with the e-mail {options['email']!r}.")
        with tenant_scope(jobcenter):
            membership = Membership.objects.filter(user=user, is_active=True).first()
            if membership is None:
                raise CommandError(f"{user.email} is not an active member of {jobcenter.name}.")
            _token, plain = services.api_token_create(
                actor=None,
                membership=membership,
                name=options["name"],
                read_only=options["read_only"],
            )
        self.stdout.write(plain)
