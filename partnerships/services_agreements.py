"""Writes for the agreement pages that services.py has no service for: the signed scan.

The scan is stored privately under MEDIA_ROOT/agreements/<jobcenter id>/ with a random name,
outside every URL; the only way to it is the agreement's tenant-scoped download view."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import history
from accounts.models import User
from accounts.tenancy import current_tenant_id
from partnerships.models import Agreement

MAX_SCAN_BYTES = 10 * 1024 * 1024

# What a file is, by its first bytes (never by its name or the browser's content type).
SIGNATURES = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
}


def _storage() -> FileSystemStorage:
    return FileSystemStorage(
        location=Path(settings.MEDIA_ROOT) / "agreements",
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a PDF, JPEG or PNG; None for anything else."""
    for magic, kind in SIGNATURES.items():
        if head.startswith(magic):
            return kind
    return None


def _safe_name(name: str, extension: str) -> str:
    stem = Path(name or "aftale").stem
    cleaned = "".join(ch for ch in stem if ch.isalnum() or ch in " -_.")[:150].strip() or "aftale"
    return f"{cleaned}{extension}"


@transaction.atomic
def agreement_scan_store(
    *, actor: User | None, agreement: Agreement, name: str, data: bytes
) -> Agreement:
    """Keep the signed scan of an agreement (replacing an earlier one)."""
    if not data:
        raise ValidationError({"scan": _("Filen er tom.")})
    if len(data) > MAX_SCAN_BYTES:
        raise ValidationError({"scan": _("Filen er større end 10 MB.")})
    kind = sniff(data[:16])
    if kind is None:
        raise ValidationError({"scan": _("Filen skal være en PDF, JPEG eller PNG.")})
    storage = _storage()
    old = agreement.signed_scan
    stored_as = storage.save(f"{current_tenant_id()}/{secrets.token_hex(16)}", ContentFile(data))
    agreement.signed_scan = stored_as
    agreement.signed_scan_name = _safe_name(name, kind[1])
    with history.changed_by(actor):
        agreement.save(update_fields=["signed_scan", "signed_scan_name", "updated_at"])
    if old:
        transaction.on_commit(lambda: storage.delete(old))
    return agreement


def agreement_scan_open(agreement: Agreement) -> tuple[File, str]:
    """The stored scan and its content type. FileNotFoundError when there is none."""
    if not agreement.signed_scan:
        raise FileNotFoundError(agreement.pk)
    handle = _storage().open(agreement.signed_scan, "rb")
    kind = sniff(handle.read(16))
    handle.seek(0)
    return handle, kind[0] if kind else "application/octet-stream"
