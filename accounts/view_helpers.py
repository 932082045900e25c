"""Small helpers every tenant page's views share: who acts, in which jobcenter, and how a
service's ValidationError lands on the form."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest

from accounts.models import Jobcenter, User


def tenant(request: HttpRequest) -> Jobcenter:
    return cast(Jobcenter, request.tenant)  # type: ignore[attr-defined]


def actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def posted(request: HttpRequest) -> Any:
    """The submitted data for a form, or None (an unbound form) when nothing was submitted."""
    return request.POST if request.method == "POST" else None


def attach(form: BaseForm, error: ValidationError) -> None:
    """A service's ValidationError onto the form: per field where it names one."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)
