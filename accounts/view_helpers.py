"""Small helpers every tenant page's views share: who acts, in which jobcenter, how a
service's ValidationError lands on the form, and the page of a background job."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.models import Job, Jobcenter, User

# htmx stops polling when a response has this status (STYLE.md: "polling stops with 286").
STOP_POLLING = 286


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


def job_url(request: HttpRequest, job: Job) -> str:
    """The generic page of a job: where a view that started one redirects to."""
    return reverse(
        "jobs:detail", kwargs={"jobcenter": tenant(request).slug, "public_id": job.public_id}
    )


def job_page(request: HttpRequest, template_name: str, context: dict[str, Any]) -> HttpResponse:
    """A page that shows `context["job"]` with components/job_status.html in a partial named
    `job`: the whole page, or for htmx's poll only the partial, with 286 once the job has
    finished so that the polling stops."""
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, f"{template_name}#job", context)
        if context["job"].is_finished:
            response.status_code = STOP_POLLING
        return response
    return render(request, template_name, context)
