"""The one body format of the REST API (REST_FRAMEWORK's DEFAULT_PARSER_CLASSES). A module of
its own: DRF imports it while defining APIView."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class JsonParser(JSONParser):
    """The API takes JSON bodies only (any other content type answers 415); a body that is not
    JSON answers 400 in Danish (DRF's own message is English and quotes the decoder)."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as error:
            raise ParseError(_("Indholdet er ikke gyldig JSON.")) from error
