"""The watch in tests/conftest.py that keeps CPR numbers out of every log line of the test
run: it must see a number when one is logged, or it proves nothing."""

from __future__ import annotations

import logging

from tests.candidates.factories import fictitious_cpr
from tests.log_watch import CPR_WATCH


def test_the_log_watch_sees_a_cpr_number_in_either_notation() -> None:
    number = fictitious_cpr()
    logger = logging.getLogger("jobbro.test")

    logger.warning("Opslag på %s", number)
    logger.warning("Opslag på %s-%s", number[:6], number[6:])
    logger.info("Ingen her: P-nummer 1012345678, sag 2026-1000")

    caught, CPR_WATCH.leaks[:] = list(CPR_WATCH.leaks), []
    assert len(caught) == 2


def test_the_log_watch_sees_a_number_in_a_traceback() -> None:
    number = fictitious_cpr()
    try:
        raise ValueError(number)
    except ValueError:
        logging.getLogger("django.request").exception("Internal Server Error")

    caught, CPR_WATCH.leaks[:] = list(CPR_WATCH.leaks), []
    assert len(caught) == 1
