"""Benchmarks: run on demand with `make perf`, never in `make test`.

They build a large jobcenter once per session (committed to the throwaway test database) and
report the 95th percentile of repeated requests; the assertions are the issue's targets."""

from __future__ import annotations

import importlib
import os
import statistics
import time
from collections.abc import Callable

import pytest
from django.apps import apps
from django.core.management import call_command


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("JOBBRO_PERF") == "1":
        return
    skip = pytest.mark.skip(reason="benchmark: run with `make perf`")
    for item in items:
        if "/perf/" in str(item.fspath):
            item.add_marker(skip)


# Every RunPython in the migrations that loads data.
REFERENCE_DATA = [
    ("candidates.migrations.0002_row_level_security_and_catalogue", "load_occupations"),
    ("placements.migrations.0006_matching", "load_postcodes"),
]


def empty_database() -> None:
    """After a benchmark: every table emptied for the next one, and the reference data that
    migrations load (which `flush` empties too) loaded again, or the next benchmark's
    candidates would have no occupations and no postcodes."""
    call_command("flush", interactive=False, verbosity=0)
    for module, loader in REFERENCE_DATA:
        getattr(importlib.import_module(module), loader)(apps, None)


def p95(measure: Callable[[], object], runs: int = 30, warmup: int = 3) -> float:
    """The 95th percentile in milliseconds of `runs` calls, after `warmup` calls."""
    for _ in range(warmup):
        measure()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        measure()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.quantiles(timings, n=20)[-1]
