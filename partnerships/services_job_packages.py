"""Writes for the jobpakke pages that partnerships.services does not have: reordering and
removing a package's modules, and taking back a module marked completed by mistake. Kept apart
from services.py so the pages can grow without touching the shared module."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from partnerships.models import JobPackage, JobPackageModule, JobPackageParticipant, ModuleProgress

UP, DOWN = "up", "down"


def _locked_modules(package: JobPackage) -> list[JobPackageModule]:
    # Two people reordering the same package at once would otherwise trip the unique position.
    return list(
        JobPackageModule.objects.select_for_update().filter(package=package).order_by("position")
    )


@transaction.atomic
def module_move(
    *, actor: User | None, package: JobPackage, position: int, direction: str
) -> JobPackageModule:
    """Swap the module at `position` with its neighbour above or below."""
    modules = _locked_modules(package)
    index = next((i for i, m in enumerate(modules) if m.position == position), None)
    if index is None:
        raise ValidationError(_("Modulet findes ikke længere."))
    other_index = index - 1 if direction == UP else index + 1
    if direction not in (UP, DOWN) or not 0 <= other_index < len(modules):
        raise ValidationError(_("Modulet kan ikke flyttes længere."))
    module, other = modules[index], modules[other_index]
    # The position is unique per package and checked row by row: park one module on 0 first.
    first, second = module.position, other.position
    JobPackageModule.objects.filter(pk=module.pk).update(position=0)
    JobPackageModule.objects.filter(pk=other.pk).update(position=first)
    JobPackageModule.objects.filter(pk=module.pk).update(position=second)
    module.position = second
    return module


@transaction.atomic
def module_remove(*, actor: User | None, package: JobPackage, position: int) -> None:
    """Remove a module (and the cohort's completions of it); the ones after it move up."""
    modules = _locked_modules(package)
    removed = next((m for m in modules if m.position == position), None)
    if removed is None:
        raise ValidationError(_("Modulet findes ikke længere."))
    removed.delete()
    for module in modules:
        if module.position > position:
            JobPackageModule.objects.filter(pk=module.pk).update(position=module.position - 1)


@transaction.atomic
def module_uncompleted(
    *, actor: User | None, participant: JobPackageParticipant, module: JobPackageModule
) -> None:
    """Take back a completion registered by mistake."""
    if module.package_id != participant.package_id:
        raise ValidationError(_("Modulet hører til en anden jobpakke."))
    ModuleProgress.objects.filter(participant=participant, module=module).delete()
