"""The generic page of a background job (progress, then the failure or the download links)
and the download of its files. Only the person who started a job sees it: everyone else,
in this jobcenter or another, gets 404 (accounts.selectors.job_get_for_user)."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from accounts import jobs, selectors, view_helpers


# No capability: every member may start some job (a board member a report pack, a consultant
# an export), and the query already limits the page to the job's creator.
@require_safe
def job_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    job = selectors.job_get_for_user(user=view_helpers.actor(request), public_id=public_id)
    context = {
        "job": job,
        "files": selectors.job_files(job=job),
        "retention_days": settings.JOB_FILE_RETENTION_DAYS,
    }
    return view_helpers.job_page(request, "accounts/job_detail.html", context)


@require_safe
def job_file_download(request: HttpRequest, public_id: UUID, file_id: UUID) -> FileResponse:
    job_file = selectors.job_file_get_for_user(
        user=view_helpers.actor(request), job_public_id=public_id, public_id=file_id
    )
    try:
        handle = jobs.job_file_open(job_file)
    except FileNotFoundError as missing:
        raise Http404("The file has been deleted.") from missing
    response = FileResponse(
        handle, as_attachment=True, filename=job_file.name, content_type=job_file.content_type
    )
    # The file may hold personal data: no copy in the browser's or a proxy's cache.
    response["Cache-Control"] = "no-store"
    return response
