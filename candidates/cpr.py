"""CPR numbers at rest (DESIGN.md section 5): validated, encrypted, looked up by an HMAC and
shown masked. The full number leaves this module only through `reveal()`'s callers, which
log it, and is never put in a URL, a log line, an export, a PDF or an API response.

One key (`CPR_ENCRYPTION_KEY`, 32 random bytes, base64) is stretched with HKDF into two: one
for AES-GCM, one for the HMAC. Both bind the jobcenter: a ciphertext copied into another
jobcenter's row does not decrypt, and the same person has unrelated HMACs in two jobcenters.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import random
import re
from datetime import date, timedelta
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumError

VERSION = "v1"
_SEPARATORS = re.compile(r"[\s\-–]")


def decode_key(value: str) -> bytes:
    """The configured key as 32 bytes; raises ValueError when it is not that."""
    raw = base64.urlsafe_b64decode(value.strip() + "=" * (-len(value.strip()) % 4))
    if len(raw) != 32:
        raise ValueError("CPR_ENCRYPTION_KEY must be 32 bytes, base64-encoded.")
    return raw


def new_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


@lru_cache(maxsize=4)
def _keys(configured: str) -> tuple[bytes, bytes]:
    if not configured:
        raise ImproperlyConfigured("Set CPR_ENCRYPTION_KEY (or CPR_ENCRYPTION_KEY_FILE).")
    master = decode_key(configured)
    material = HKDF(algorithm=hashes.SHA256(), length=64, salt=None, info=b"jobbro cpr v1").derive(
        master
    )
    return material[:32], material[32:]


def normalise(value: str) -> str:
    """Ten digits from what a person typed ("010190-1234", "0101901234", "010190 1234"), or
    a ValidationError that says what is wrong (in Danish) without repeating the number."""
    digits = _SEPARATORS.sub("", value or "")
    if not digits.isdigit() or len(digits) != 10:
        raise ValidationError(_("Et CPR-nummer er ti cifre, fx 010190-1234."), code="cpr_format")
    try:
        stdnum_cpr.validate(digits)
    except StdnumError:
        raise ValidationError(
            _("CPR-nummeret indeholder ikke en gyldig fødselsdato."), code="cpr_date"
        ) from None
    return digits


def mask(digits: str) -> str:
    """DDMMYY-XXXX: the birth date, never the last four digits."""
    return f"{digits[:6]}-XXXX"


def _aad(tenant_id: int) -> bytes:
    return f"jobbro-cpr:{tenant_id}".encode()


def encrypt(digits: str, *, tenant_id: int) -> str:
    encryption_key, _hmac_key = _keys(settings.CPR_ENCRYPTION_KEY)
    nonce = os.urandom(12)
    sealed = AESGCM(encryption_key).encrypt(nonce, digits.encode(), _aad(tenant_id))
    return f"{VERSION}:" + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(token: str, *, tenant_id: int) -> str:
    version, _sep, body = token.partition(":")
    if version != VERSION:
        raise ValueError(f"Unknown CPR ciphertext version {version!r}.")
    encryption_key, _hmac_key = _keys(settings.CPR_ENCRYPTION_KEY)
    raw = base64.urlsafe_b64decode(body)
    return AESGCM(encryption_key).decrypt(raw[:12], raw[12:], _aad(tenant_id)).decode()


def digest(digits: str, *, tenant_id: int) -> str:
    """The look-up key: an HMAC of the number in this jobcenter (hex, 64 characters)."""
    _encryption_key, hmac_key = _keys(settings.CPR_ENCRYPTION_KEY)
    return hmac.new(hmac_key, f"{tenant_id}:{digits}".encode(), hashlib.sha256).hexdigest()


def modulus_11_holds(digits: str) -> bool:
    """Whether the number passes the old modulus-11 check (every number issued before 2007
    does; some issued since do not). Used by the demo data to make numbers nobody has."""
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def fictitious(rng: random.Random) -> str:
    """A CPR number that belongs to nobody, for demo and test data: a birth date in 1960–1999
    that is never 1 January, a sequence digit for the 1900s, and a last digit that makes the
    modulus-11 check fail. Every number issued before 2007 passes that check, and numbers that
    fail it have since been issued only for birth dates whose modulus-11 numbers ran out (in
    practice 1 January), so none of these is a real person's number."""
    while True:
        day = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 40))
        if (day.month, day.day) == (1, 1):
            continue
        sequence = f"{rng.randint(0, 3)}{rng.randint(0, 9)}{rng.randint(0, 9)}"
        for last in rng.sample(range(10), 10):
            digits = f"{day:%d%m%y}{sequence}{last}"
            if not modulus_11_holds(digits):
                return digits


# Ten digits as a CPR number is written: DDMMYY and four more, together, with a dash or with
# spaces ("0101901234", "010190-1234", "010190 1234", "010190 - 1234"), not inside a longer run
# of digits. Letters may touch it ("Sofie010190-1234" is still one).
_CPR_IN_TEXT = re.compile(
    r"(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d\d(?:\s*[-‐‑‒–—−]\s*|\s+)?\d{4}(?!\d)"
)
# Public ids and other opaque hex tokens hold runs of digits by chance ("…-ab0101901234"): they
# are taken out before looking.
_OPAQUE = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32,}", re.IGNORECASE
)


def contains_cpr_number(text: str) -> bool:
    """Whether `text` holds something shaped like a CPR number anywhere: ten digits written as
    a CPR number whose first six are a day of the year (29.02 included) and a year. No
    modulus check (numbers issued since 2007 need not pass one). Eight-digit phone and CVR
    numbers never match; a P-number (ten digits, starting with 1) can, so the company
    register's search makes its own exception (config.cpr_guard)."""
    text = _OPAQUE.sub(" ", text)
    for match in _CPR_IN_TEXT.finditer(text):
        day, month = int(match.group(1)), int(match.group(2))
        try:
            date(2000, month, day)  # a leap year: 29.02 is a birth date too
        except ValueError:
            continue
        return True
    return False
