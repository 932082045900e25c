"""Importing companies (and their contact persons) from CSV or XLSX (issue 4, item 6).

Three steps, each usable alone:

1. `read_table()` turns a file into a header and rows: XLSX through openpyxl (read-only), CSV
   in UTF-8 (with or without BOM) or Windows-1252, separated by `;`, `,` or tab.
2. `plan_import()` maps Danish or English column names, validates every row with the register's
   own rules and decides, row by row, what would be created, updated or rejected (the preview).
3. `import_run()` writes a plan in ONE transaction: COPY into temporary staging tables, then
   UPDATE … FROM and INSERT … SELECT in SQL. Upsert by CVR; an empty cell never erases a value.

A file with rejected rows is not imported at all (unless the caller asks to skip them): the
person fixes the file and tries again, so nothing is ever half-imported.
"""

from __future__ import annotations

import csv
import io
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import connection, transaction
from django.utils.translation import gettext as _

from accounts.tenancy import current_tenant_id
from companies.models import (
    INDUSTRY_CODE,
    MUNICIPALITY_CODE,
    POSTCODE,
    Company,
    CompanyStatus,
    ContactPerson,
    ContactRole,
    Sector,
    search_text,
    size_band_for,
    validate_cvr,
)

MAX_ROWS = 200_000
JOB_KIND = "companies.import"


class ImportFileError(Exception):
    """The file as a whole cannot be read or has the wrong columns; nothing is written."""


# --- Columns ---------------------------------------------------------------------------------

# Our field → the column names we accept for it (compared folded: lower case, æ/ø/å spelt out,
# spaces, dashes and dots as underscores).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "cvr": ("cvr", "cvr_nr", "cvrnr", "cvr_nummer", "cvrnummer", "cvr_number"),
    "name": (
        "navn",
        "name",
        "virksomhed",
        "virksomhedsnavn",
        "firmanavn",
        "company",
        "company_name",
    ),
    "legal_form": ("virksomhedsform", "selskabsform", "legal_form"),
    "industry_code": ("branchekode", "branche_kode", "db07", "db07_kode", "industry_code"),
    "industry_text": ("branche", "branchetekst", "branche_tekst", "industry", "industry_text"),
    "employee_count": ("ansatte", "antal_ansatte", "employees", "employee_count"),
    "sector": ("sektor", "sector"),
    "address": ("adresse", "address", "vejadresse", "street"),
    "postcode": ("postnr", "post_nr", "postnummer", "postcode", "zip", "zip_code", "postal_code"),
    "city": ("by", "postdistrikt", "bynavn", "city", "town"),
    "municipality_code": ("kommunekode", "kommune_kode", "kommunenr", "municipality_code"),
    "status": ("status",),
    "priority": ("prioritet", "prioritetsgruppe", "priority", "priority_group"),
    "notes": ("noter", "bemaerkninger", "note", "notes"),
    "contact_name": ("kontakt_navn", "kontaktnavn", "kontaktperson", "contact_name", "contact"),
    "contact_title": ("kontakt_titel", "kontakttitel", "contact_title"),
    "contact_role": ("kontakt_rolle", "kontaktrolle", "contact_role"),
    "contact_email": (
        "kontakt_email",
        "kontakt_e_mail",
        "kontaktemail",
        "kontakt_mail",
        "contact_email",
    ),
    "contact_phone": (
        "kontakt_telefon",
        "kontakt_tlf",
        "kontakttelefon",
        "contact_phone",
    ),
}

COMPANY_COLUMNS = [
    "cvr",
    "name",
    "legal_form",
    "industry_code",
    "industry_text",
    "employee_count",
    "size_band",
    "sector",
    "address",
    "postcode",
    "city",
    "municipality_code",
    "status",
    "priority",
    "notes",
]
CONTACT_COLUMNS = ["name", "title", "role", "email", "phone"]

SECTORS = {
    "privat": Sector.PRIVATE,
    "private": Sector.PRIVATE,
    "offentlig": Sector.PUBLIC,
    "public": Sector.PUBLIC,
    "andet": Sector.OTHER,
    "anden": Sector.OTHER,
    "other": Sector.OTHER,
}
STATUSES = {
    "aktiv": CompanyStatus.ACTIVE,
    "active": CompanyStatus.ACTIVE,
    "normal": CompanyStatus.ACTIVE,
    "ophoert": CompanyStatus.CEASED,
    "ceased": CompanyStatus.CEASED,
    "inaktiv": CompanyStatus.CEASED,
}
ROLES = {
    "ejer": ContactRole.OWNER,
    "direktoer": ContactRole.OWNER,
    "ejer/direktoer": ContactRole.OWNER,
    "owner": ContactRole.OWNER,
    "hr": ContactRole.HR,
    "leder": ContactRole.MANAGER,
    "manager": ContactRole.MANAGER,
    "mentor": ContactRole.MENTOR,
    "tillidsrepraesentant": ContactRole.SHOP_STEWARD,
    "shop_steward": ContactRole.SHOP_STEWARD,
    "anden": ContactRole.OTHER,
    "andet": ContactRole.OTHER,
    "other": ContactRole.OTHER,
}


def _fold_header(header: str) -> str:
    text = search_text(str(header or "").strip())
    for ch in " -./":
        text = text.replace(ch, "_")
    return text.strip("_")


ALIAS_TO_FIELD = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}


@dataclass
class ColumnMap:
    fields: dict[str, int]  # our field → column index
    ignored: list[str]  # headers we do not know


def map_columns(header: list[Any]) -> ColumnMap:
    fields: dict[str, int] = {}
    ignored: list[str] = []
    for index, raw in enumerate(header):
        folded = _fold_header(raw)
        if not folded:
            continue
        name = ALIAS_TO_FIELD.get(folded)
        if name is None:
            ignored.append(str(raw).strip())
        elif name in fields:
            raise ImportFileError(
                _("Kolonnen »%(column)s« står to gange i filen.") % {"column": str(raw).strip()}
            )
        else:
            fields[name] = index
    if "name" not in fields:
        raise ImportFileError(
            _(
                "Filen har ingen kolonne med virksomhedens navn. Første række skal være "
                "kolonnenavne, fx »cvr«, »navn«, »adresse«, »postnr« og »by«."
            )
        )
    return ColumnMap(fields=fields, ignored=ignored)


# --- Reading files ---------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Danish Excel saves "CSV (semikolonsepareret)" in Windows-1252.
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes) -> Iterator[list[Any]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _read_xlsx(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(_("Excel-filen kan ikke læses.")) from error
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def read_table(data: bytes, filename: str = "") -> tuple[list[Any], list[tuple[int, list[Any]]]]:
    """The header and the non-empty rows (each with its line number in the file)."""
    name = filename.lower()
    if data.startswith(b"PK\x03\x04") or name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"):
        raise ImportFileError(
            _("Det gamle Excel-format (.xls) kan ikke læses. Gem filen som .xlsx eller CSV.")
        )
    else:
        if b"\x00" in data[:4096]:
            raise ImportFileError(_("Filen er hverken en CSV- eller en Excel-fil (.xlsx)."))
        rows = _read_csv(data)
    header: list[Any] | None = None
    body: list[tuple[int, list[Any]]] = []
    for line, row in enumerate(rows, start=1):
        if not any(cell not in (None, "") and str(cell).strip() for cell in row):
            continue
        if header is None:
            header = row
            continue
        body.append((line, row))
        if len(body) > MAX_ROWS:
            raise ImportFileError(
                _("Filen har mere end %(max)s rækker. Del den op i flere filer.")
                % {"max": MAX_ROWS}
            )
    if header is None:
        raise ImportFileError(_("Filen er tom."))
    return header, body


# --- Validating rows -------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _digits(value: Any, width: int) -> str:
    """A code that Excel may have turned into a number (0800 → 800): put the zeros back."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _text(value).zfill(width)
    return _text(value).replace(" ", "")


FIELD_LABELS = {
    "cvr": "CVR",
    "name": "navn",
    "legal_form": "virksomhedsform",
    "industry_code": "branchekode",
    "industry_text": "branche",
    "employee_count": "ansatte",
    "sector": "sektor",
    "address": "adresse",
    "postcode": "postnr.",
    "city": "by",
    "municipality_code": "kommunekode",
    "status": "status",
    "priority": "prioritet",
    "notes": "noter",
    "contact_name": "kontakt_navn",
    "contact_title": "kontakt_titel",
    "contact_role": "kontakt_rolle",
    "contact_email": "kontakt_email",
    "contact_phone": "kontakt_telefon",
}


def _max_length(model: type[Any], name: str) -> int | None:
    return model._meta.get_field(name).max_length


@dataclass
class PlannedRow:
    line: int
    action: str  # "create", "update", "contact" (one more contact for a company above), "reject"
    cvr: str = ""
    name: str = ""
    errors: list[str] = field(default_factory=list)
    company: dict[str, Any] = field(default_factory=dict)
    contact: dict[str, Any] | None = None
    key: str = ""  # for companies without CVR: a staging key linking their contact

    @property
    def is_rejected(self) -> bool:
        return self.action == "reject"


@dataclass
class ImportPlan:
    rows: list[PlannedRow]
    columns: list[str]
    ignored_columns: list[str]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self.count("create")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def rejected(self) -> int:
        return self.count("reject")

    @property
    def contacts(self) -> int:
        return sum(1 for row in self.rows if row.contact and not row.is_rejected)

    @property
    def valid_rows(self) -> list[PlannedRow]:
        return [row for row in self.rows if not row.is_rejected]

    def summary(self) -> dict[str, int]:
        return {
            "rows": len(self.rows),
            "created": self.created,
            "updated": self.updated,
            "rejected": self.rejected,
            "contacts": self.contacts,
        }


def _clean_company(cells: dict[str, Any], errors: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}

    def fail(field_name: str, message: str) -> None:
        errors.append(f"{FIELD_LABELS[field_name]}: {message}")

    cvr = _text(cells.get("cvr")).replace(" ", "").upper().removeprefix("DK")
    if cvr:
        try:
            validate_cvr(cvr)
        except ValidationError as error:
            fail("cvr", " ".join(error.messages))
    out["cvr"] = cvr
    name = _text(cells.get("name"))
    if not name:
        fail("name", _("Navnet mangler."))
    out["name"] = name
    for name_ in ("legal_form", "industry_text", "address", "city", "notes"):
        value = _text(cells.get(name_))
        out[name_] = value or None
    for name_, width, validator in (
        ("industry_code", 6, INDUSTRY_CODE),
        ("postcode", 4, POSTCODE),
        ("municipality_code", 3, MUNICIPALITY_CODE),
    ):
        value = _digits(cells.get(name_), width)
        if value:
            try:
                validator(value)
            except ValidationError as error:
                fail(name_, " ".join(error.messages))
        out[name_] = value or None
    for name_ in ("name", "legal_form", "industry_text", "address", "city"):
        limit = _max_length(Company, name_)
        if out[name_] and limit and len(out[name_]) > limit:
            fail(name_, _("Højst %(max)s tegn.") % {"max": limit})
    count = _text(cells.get("employee_count")).replace(".", "").replace(" ", "")
    out["employee_count"] = None
    out["size_band"] = None
    if count:
        if count.isdigit():
            out["employee_count"] = int(count)
            out["size_band"] = size_band_for(int(count))
        else:
            fail("employee_count", _("Antal ansatte skal være et helt tal."))
    for name_, choices, message in (
        ("sector", SECTORS, _("Sektor skal være privat, offentlig eller andet.")),
        ("status", STATUSES, _("Status skal være aktiv eller ophørt.")),
    ):
        value = search_text(_text(cells.get(name_)))
        out[name_] = None
        if value:
            if value in choices:
                out[name_] = str(choices[value])
            else:
                fail(name_, message)
    priority = _text(cells.get("priority"))
    out["priority"] = None
    if priority:
        if priority in {"1", "2", "3", "4"}:
            out["priority"] = int(priority)
        else:
            fail("priority", _("Prioritetsgruppen skal være 1, 2, 3 eller 4."))
    return out


EMAIL = EmailValidator()


def _clean_contact(cells: dict[str, Any], errors: list[str]) -> dict[str, Any] | None:
    values = {
        name: _text(cells.get(f"contact_{name}"))
        for name in ("name", "title", "role", "email", "phone")
    }
    if not any(values.values()):
        return None
    if not values["name"]:
        errors.append(f"{FIELD_LABELS['contact_name']}: " + _("Kontaktpersonen mangler et navn."))
    if values["email"]:
        try:
            EMAIL(values["email"])
        except ValidationError:
            errors.append(
                f"{FIELD_LABELS['contact_email']}: " + _("E-mailadressen er ikke gyldig.")
            )
    role = search_text(values["role"])
    if role and role not in ROLES:
        errors.append(
            f"{FIELD_LABELS['contact_role']}: "
            + _("Ukendt rolle. Brug ejer, HR, leder, mentor, tillidsrepræsentant eller anden.")
        )
    values["role"] = str(ROLES.get(role, ContactRole.OTHER))
    for name in ("name", "title", "email", "phone"):
        limit = _max_length(ContactPerson, name)
        if limit and len(values[name]) > limit:
            errors.append(
                f"{FIELD_LABELS['contact_' + name]}: " + _("Højst %(max)s tegn.") % {"max": limit}
            )
    return values


def plan_import(data: bytes, filename: str = "") -> ImportPlan:
    """What importing this file would do, row by row. Reads the current jobcenter's CVR
    numbers to tell new companies from existing ones; writes nothing."""
    header, body = read_table(data, filename)
    columns = map_columns(header)
    existing = set(Company.objects.exclude(cvr="").values_list("cvr", flat=True))
    first_line_of: dict[str, int] = {}
    contacts_seen: set[tuple[str, str]] = set()
    rows: list[PlannedRow] = []
    for line, cells_list in body:
        cells = {
            name: cells_list[index] if index < len(cells_list) else None
            for name, index in columns.fields.items()
        }
        errors: list[str] = []
        company = _clean_company(cells, errors)
        contact = _clean_contact(cells, errors)
        cvr = company["cvr"]
        row = PlannedRow(line=line, action="create", cvr=cvr, name=company["name"])
        row.company, row.contact = company, contact
        if cvr and cvr in first_line_of and not errors:
            if contact is None:
                errors.append(
                    _("CVR-nummeret står også i række %(line)s.") % {"line": first_line_of[cvr]}
                )
            else:
                row.action = "contact"
        if contact is not None and not errors:
            seen = (cvr or f"#{line}", contact["name"].lower())
            if seen in contacts_seen:
                errors.append(_("Kontaktpersonen står to gange for samme virksomhed."))
            contacts_seen.add(seen)
        if errors:
            row.action, row.errors = "reject", errors
        elif row.action != "contact":
            row.action = "update" if cvr in existing else "create"
            if cvr:
                first_line_of[cvr] = line
            else:
                row.key = str(uuid.uuid4())
        rows.append(row)
    return ImportPlan(rows=rows, columns=list(columns.fields), ignored_columns=columns.ignored)


# --- Writing ---------------------------------------------------------------------------------

Progress = Callable[[int, int], None]

DROP_STAGING_SQL = "DROP TABLE IF EXISTS pg_temp.import_company, pg_temp.import_contact"
STAGING_SQL = """
CREATE TEMP TABLE import_company (
    key uuid, cvr text NOT NULL, name text NOT NULL, legal_form text,
    industry_code text, industry_text text, employee_count integer, size_band text, sector text,
    address text, postcode text, city text, municipality_code text, status text,
    priority smallint, notes text
) ON COMMIT DROP;
CREATE TEMP TABLE import_contact (
    company_key uuid NOT NULL, cvr text NOT NULL, company_id bigint, name text NOT NULL,
    title text NOT NULL, role text NOT NULL, email text NOT NULL, phone text NOT NULL
) ON COMMIT DROP;
"""

# Existing companies: only the columns the file filled in change.
UPDATE_SQL = """
UPDATE companies_company AS c SET
    name = s.name,
    legal_form = COALESCE(s.legal_form, c.legal_form),
    industry_code = COALESCE(s.industry_code, c.industry_code),
    industry_text = COALESCE(s.industry_text, c.industry_text),
    employee_count = COALESCE(s.employee_count, c.employee_count),
    size_band = COALESCE(s.size_band, c.size_band),
    sector = COALESCE(s.sector, c.sector),
    address = COALESCE(s.address, c.address),
    postcode = COALESCE(s.postcode, c.postcode),
    city = COALESCE(s.city, c.city),
    municipality_code = COALESCE(s.municipality_code, c.municipality_code),
    status = COALESCE(s.status, c.status),
    priority = COALESCE(s.priority, c.priority),
    notes = COALESCE(s.notes, c.notes),
    updated_at = now()
FROM import_company AS s
WHERE c.tenant_id = %(tenant)s AND s.cvr <> '' AND c.cvr <> '' AND c.cvr = s.cvr
"""

# New companies. search_document and search_vector are generated by PostgreSQL itself.
INSERT_SQL = """
INSERT INTO companies_company (
    tenant_id, public_id, cvr, name, legal_form, industry_code, industry_text, employee_count,
    size_band, sector, address, postcode, city, municipality_code, status, priority, tags,
    notes, created_at, updated_at
)
SELECT
    %(tenant)s, COALESCE(s.key, gen_random_uuid()), s.cvr, s.name, COALESCE(s.legal_form, ''),
    COALESCE(s.industry_code, ''), COALESCE(s.industry_text, ''), s.employee_count,
    COALESCE(s.size_band, ''), COALESCE(s.sector, %(private)s), COALESCE(s.address, ''),
    COALESCE(s.postcode, ''), COALESCE(s.city, ''), COALESCE(s.municipality_code, ''),
    COALESCE(s.status, %(active)s), s.priority, '{}', COALESCE(s.notes, ''), now(), now()
FROM import_company AS s
WHERE s.cvr = '' OR NOT EXISTS (
    SELECT 1 FROM companies_company AS c
    WHERE c.tenant_id = %(tenant)s AND c.cvr <> '' AND c.cvr = s.cvr
)
"""

CONTACT_LINK_SQL = """
UPDATE import_contact AS ic SET company_id = c.id
FROM companies_company AS c
WHERE c.tenant_id = %(tenant)s AND ic.cvr <> '' AND c.cvr = ic.cvr;
UPDATE import_contact AS ic SET company_id = c.id
FROM companies_company AS c
WHERE c.tenant_id = %(tenant)s AND ic.cvr = '' AND c.public_id = ic.company_key;
"""

CONTACT_UPDATE_SQL = """
UPDATE companies_contactperson AS p SET
    title = COALESCE(NULLIF(ic.title, ''), p.title),
    role = CASE WHEN ic.role = %(other)s THEN p.role ELSE ic.role END,
    email = COALESCE(NULLIF(ic.email, ''), p.email),
    phone = COALESCE(NULLIF(ic.phone, ''), p.phone),
    is_active = true
FROM import_contact AS ic
WHERE p.tenant_id = %(tenant)s AND p.company_id = ic.company_id
  AND lower(p.name) = lower(ic.name)
"""

CONTACT_INSERT_SQL = """
INSERT INTO companies_contactperson (
    tenant_id, public_id, company_id, name, title, role, email, phone, is_active
)
SELECT %(tenant)s, gen_random_uuid(), ic.company_id, ic.name, ic.title, ic.role, ic.email,
       ic.phone, true
FROM import_contact AS ic
WHERE NOT EXISTS (
    SELECT 1 FROM companies_contactperson AS p
    WHERE p.tenant_id = %(tenant)s AND p.company_id = ic.company_id
      AND lower(p.name) = lower(ic.name)
)
"""

COPY_CHUNK = 5_000


def _copy(cursor: Any, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


class ImportRefused(Exception):
    """The plan has rejected rows and the caller did not ask to skip them."""


def import_run(
    plan: ImportPlan, *, skip_invalid: bool = False, progress: Progress | None = None
) -> dict[str, int]:
    """Write the plan in one transaction (the caller's, or a new one): all or nothing."""
    if plan.rejected and not skip_invalid:
        raise ImportRefused(plan.rejected)
    tenant = current_tenant_id()
    rows = plan.valid_rows
    companies = [row for row in rows if row.action in ("create", "update")]
    contacts = [row for row in rows if row.contact is not None]
    total = len(rows)
    report = progress or (lambda done, total: None)
    params = {
        "tenant": tenant,
        "private": str(Sector.PRIVATE),
        "active": str(CompanyStatus.ACTIVE),
        "other": str(ContactRole.OTHER),
    }
    with transaction.atomic():
        connection.ensure_connection()
        with connection.cursor() as django_cursor:
            cursor = django_cursor.cursor  # psycopg's own cursor: COPY
            cursor.execute(DROP_STAGING_SQL)
            cursor.execute(STAGING_SQL)
            for start in range(0, len(companies), COPY_CHUNK):
                chunk = companies[start : start + COPY_CHUNK]
                _copy(
                    cursor,
                    "import_company",
                    ["key", *COMPANY_COLUMNS],
                    (
                        (row.key or None, *(row.company[c] for c in COMPANY_COLUMNS))
                        for row in chunk
                    ),
                )
                report(start + len(chunk), total)
            # Statistics for the planner: without them it guesses a tiny staging table.
            cursor.execute("ANALYZE import_company")
            cursor.execute(UPDATE_SQL, params)
            updated = cursor.rowcount
            cursor.execute(INSERT_SQL, params)
            inserted = cursor.rowcount
            contacts_created = contacts_updated = 0
            if contacts:
                # A company without a CVR number is found again by its staging key, which
                # became its public_id.
                _copy(
                    cursor,
                    "import_contact",
                    ["company_key", "cvr", *CONTACT_COLUMNS],
                    (
                        (
                            row.key or uuid.UUID(int=0),
                            row.cvr,
                            *(row.contact[c] for c in CONTACT_COLUMNS),  # type: ignore[index]
                        )
                        for row in contacts
                    ),
                )
                cursor.execute("ANALYZE import_contact")
                cursor.execute(CONTACT_LINK_SQL, params)
                cursor.execute(CONTACT_UPDATE_SQL, params)
                contacts_updated = cursor.rowcount
                cursor.execute(CONTACT_INSERT_SQL, params)
                contacts_created = cursor.rowcount
            cursor.execute(DROP_STAGING_SQL)
            report(total, total)
    return {
        "total": total,
        "created": inserted,
        "updated": updated,
        "rejected": plan.rejected,
        "contacts_created": contacts_created,
        "contacts_updated": contacts_updated,
    }


# --- The uploaded file between preview and confirmation --------------------------------------
# Kept under MEDIA_ROOT/imports/<jobcenter id>/ with a random name, deleted when the import has
# run (or after a day, unconfirmed), so the contact persons in it do not linger.

UPLOAD_TOKEN = re.compile(r"^[0-9a-f]{32}\.(csv|xlsx)$")
UPLOAD_MAX_AGE = 24 * 3600


def _upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(current_tenant_id())


def upload_save(data: bytes, filename: str) -> str:
    directory = _upload_dir()
    directory.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in directory.iterdir():
        if now - old.stat().st_mtime > UPLOAD_MAX_AGE:
            old.unlink(missing_ok=True)
    is_xlsx = data.startswith(b"PK\x03\x04") or filename.lower().endswith(".xlsx")
    token = f"{uuid.uuid4().hex}.{'xlsx' if is_xlsx else 'csv'}"
    (directory / token).write_bytes(data)
    return token


def _upload_path(token: str) -> Path:
    if not UPLOAD_TOKEN.match(token or ""):
        raise ImportFileError(_("Filen findes ikke længere. Upload den igen."))
    return _upload_dir() / token


def upload_read(token: str) -> bytes:
    path = _upload_path(token)
    if not path.is_file():
        raise ImportFileError(_("Filen findes ikke længere. Upload den igen."))
    return path.read_bytes()


def upload_exists(token: str) -> bool:
    try:
        return _upload_path(token).is_file()
    except ImportFileError:
        return False


def upload_delete_on_commit(token: str) -> None:
    """Delete the file once the import's transaction has committed (or at once, outside one)."""
    try:
        path = _upload_path(token)
    except ImportFileError:
        return
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
