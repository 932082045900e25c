from __future__ import annotations

from tests.test_settings import run_manage


def test_start_up_refuses_to_run_without_a_key_for_cpr_numbers() -> None:
    result = run_manage("check", CPR_ENCRYPTION_KEY=None)

    assert result.returncode != 0
    assert "jobbro.E006" in result.stderr and "CPR_ENCRYPTION_KEY" in result.stderr


def test_start_up_refuses_a_key_that_is_not_32_bytes() -> None:
    result = run_manage("check", CPR_ENCRYPTION_KEY="too-short")

    assert result.returncode != 0
    assert "not 32 bytes" in result.stderr
