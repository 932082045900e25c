"""A WSGI application for tests/test_cpr_guard.py to serve with gunicorn and our gunicorn
settings: it answers "ok", or fails on /boom/ (so gunicorn writes its error log)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if environ["PATH_INFO"].startswith("/boom/"):
        raise RuntimeError("the application failed")
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
