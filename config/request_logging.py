"""The web servers' lines per request name the path, never the query string: a query string
may hold a search for a person (and a CPR number is refused only once the request has
reached Jobbro, after the server has read it). Used by runserver's logger ("django.server",
config/settings.py) and by gunicorn (config/gunicorn_conf.py)."""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn import glogging

# "?…" up to the end of the address: a space, a quote or the end of the text.
_QUERY = re.compile(r"\?[^\s\"']*")


def without_query(text: str) -> str:
    return _QUERY.sub("", text)


class NoQueryStrings(logging.Filter):
    """Takes query strings out of a log record's message (runserver writes the request line,
    `"GET /path?query HTTP/1.1" 200 1234`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(without_query(arg) if isinstance(arg, str) else arg for arg in args)
        if isinstance(record.msg, str):
            record.msg = without_query(record.msg)
        return True


class GunicornLogger(glogging.Logger):
    """gunicorn's logger without query strings: in the access log whatever the format says
    (the request line, the query, the Referer and the raw address are given without them),
    and in the error log's "Error handling request …"."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["r"] = f"{atoms['m']} {atoms['U']} {atoms['H']}"
        atoms["q"] = atoms["{query_string}e"] = ""
        for key, value in list(atoms.items()):
            if isinstance(value, str) and "?" in value and key not in {"a", "t"}:
                atoms[key] = without_query(value)
        return atoms

    def exception(self, msg: str, *args: Any, **kwargs: Any) -> None:
        super().exception(msg, *_without_queries(args), **kwargs)

    def error(self, msg: str, *args: Any, **kwargs: Any) -> None:
        super().error(msg, *_without_queries(args), **kwargs)

    def warning(self, msg: str, *args: Any, **kwargs: Any) -> None:
        super().warning(without_query(msg), *_without_queries(args), **kwargs)


def _without_queries(args: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(without_query(arg) if isinstance(arg, str) else arg for arg in args)
