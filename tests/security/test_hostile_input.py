"""Hostile input against every form, every import and every query string.

The forms are found, not listed: every page in the permission matrix's world is opened as
the secretary, a member and an administrator, and every form on it (its method, action and
fields, read from the HTML) is sent values Hypothesis draws from hostile ones: markup,
10,000-character strings, NUL bytes, lone surrogates (as the invalid UTF-8 an attacker
sends), right-to-left overrides and other odd Unicode, impossible dates, huge and negative
numbers, numbers where text belongs and text where numbers belong, repeated fields (a list
where one value belongs) and missing fields. Every page's query string gets the same, on
its own GET form's fields and on ``page``. The three imports get hostile CSV files.

Each answer must be a clear error or a clean save: never a server error, and never a
partial write (an answer with an error, or a refusal, after which any table has changed).
Every POST runs in a savepoint that is rolled back, so each example meets the same world.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote_from_bytes, urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.concurrency import VERSION_FIELD
from interests.models import ImportBatch, Interest, Member, Organisation, OrganisationRelationship
from interests.people_import_fields import people_import_mapping_guess
from interests.register_import_fields import register_import_mapping_guess
from tests.conftest import login
from tests.security.matrix_world import build_world
from tests.security.test_permission_matrix import ROUTES

EXAMPLES_PER_FORM = 4
EXAMPLES_PER_QUERY = 2

LONE_SURROGATE = b"\xed\xa0\x80"  # U+D800 as UTF-8 would write it, which is not UTF-8
HOSTILE: list[bytes] = [
    b"",
    b"   ",
    b"<script>alert('x')</script>",
    b'"><img src=x onerror=alert(1)>',
    b"x" * 10_000,
    b"\x00",
    b"a\x00b",
    LONE_SURROGATE,
    b"ok" + LONE_SURROGATE + b"ok",
    "\u202eevil\u202c".encode(),
    "\u200b\u200d\ufeff".encode(),
    "ＦＵＬＬ＝ｗｉｄｔｈ".encode(),
    "Z\u0336\u0321\u031b\u0356\u033c".encode(),
    ("😀" * 300).encode(),
    "\U0010ffff".encode(),
    b"-1",
    b"0",
    b"99999999999999999999999999",
    b"-99999999999999999999",
    b"1e309",
    b"NaN",
    b"3.14159",
    b"2026-02-30",
    b"31",
    b"13",
    b"0000",
    b"9999-99-99",
    b"true",
    b"None",
    b"[]",
    b"{}",
    b"'; DROP TABLE interests_interest; --",
    b'=HYPERLINK("http://evil.example")',
    b"../../etc/passwd",
    b"%00",
    b"\r\n\r\nInjected: header",
]

# Nothing but the audit trail, sessions, lock-out records, second-factor throttling and the
# admin's own log may change when a form answers with an error.
_NOT_DATA = ("django_session", "axes_", "core_auditevent", "django_admin_log", "otp_")


@dataclass
class FormSpec:
    method: str
    action: str
    multipart: bool
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> valid options


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[FormSpec] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(
                FormSpec(
                    method=(a.get("method") or "get").upper(),
                    action=a.get("action", ""),
                    multipart="multipart" in a.get("enctype", ""),
                )
            )
        elif not self.forms:
            return
        elif tag in ("input", "textarea", "select") and a.get("name"):
            options = self.forms[-1].fields.setdefault(a["name"], [])
            if tag == "input" and a.get("value"):
                options.append(a["value"])
            if tag == "select":
                self._select = a["name"]
        elif tag == "option" and self._select and a.get("value"):
            self.forms[-1].fields[self._select].append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def forms_on(html: str, page_url: str) -> list[FormSpec]:
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        form.action = urlsplit(form.action or page_url).path or page_url
    return parser.forms


def _table_counts() -> tuple[int, ...]:
    tables = [
        t
        for t in connection.introspection.table_names()
        if not t.startswith(_NOT_DATA) and t != "django_migrations"
    ]
    sql = "SELECT " + ", ".join(f'(SELECT COUNT(*) FROM "{t}")' for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def hostile_value(options: list[str]) -> st.SearchStrategy[bytes]:
    choices: list[st.SearchStrategy[bytes]] = [
        st.sampled_from(HOSTILE),
        st.text(max_size=40).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.integers(min_value=-(10**20), max_value=10**20).map(lambda n: str(n).encode()),
    ]
    if options:
        choices.append(st.sampled_from([o.encode() for o in options]))
    return st.one_of(choices)


def hostile_field(name: str, options: list[str]) -> st.SearchStrategy[list[tuple[str, bytes]]]:
    """One field: missing, once, or repeated (a list where one value belongs).

    An edit form's version token (a breach's ``version``) is sent as the page shows it in
    about half the examples: without it the save is refused as stale before the rest of the
    input reaches the service (core.concurrency), which would then never see hostile values.
    """
    anything = st.lists(hostile_value(options), min_size=0, max_size=2).map(
        lambda values: [(name, v) for v in values]
    )
    if (name.endswith(VERSION_FIELD) or name == "version") and options:
        return st.one_of(st.just([(name, options[0].encode())]), anything)
    return anything


def hostile_fields(spec: FormSpec) -> st.SearchStrategy[list[tuple[str, bytes]]]:
    per_field = [
        hostile_field(name, options)
        for name, options in sorted(spec.fields.items())
        if name != "csrfmiddlewaretoken"
    ]
    return st.tuples(*per_field).map(lambda groups: [pair for g in groups for pair in g])


def urlencoded(pairs: list[tuple[str, bytes]]) -> bytes:
    return "&".join(
        f"{quote_from_bytes(name.encode())}={quote_from_bytes(value)}" for name, value in pairs
    ).encode()


@dataclass
class Tally:
    forms: set[tuple[str, str, str]] = field(default_factory=set)
    cases: int = 0
    server_errors: list[str] = field(default_factory=list)
    partial_writes: list[str] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    saved: int = 0


def _shows_error(response: Any) -> bool:
    if response.status_code >= 400:
        return True
    if response.status_code != 200 or getattr(response, "streaming", False):
        return False
    return b"There is a problem" in response.content


def _send(
    client: Client, who: str, spec: FormSpec, pairs: list[tuple[str, bytes]], tally: Tally
) -> None:
    tally.cases += 1
    with transaction.atomic():
        before = _table_counts()
        if spec.method == "GET":
            response = client.get(f"{spec.action}?{urlencoded(pairs).decode()}")
        elif spec.multipart:
            data: dict[str, Any] = {}
            for name, value in pairs:
                text = value.decode("utf-8", "replace")
                data.setdefault(name, []).append(text)
            for name in [n for n in data if n in ("file", "upload")]:
                data[name] = SimpleUploadedFile("hostile.csv", b"\n".join(pairs_bytes(pairs)))
            response = client.post(spec.action, data)
        else:
            response = client.post(
                spec.action, urlencoded(pairs), content_type="application/x-www-form-urlencoded"
            )
        tally.statuses[response.status_code] = tally.statuses.get(response.status_code, 0) + 1
        if spec.method == "POST" and _table_counts() != before and not _shows_error(response):
            tally.saved += 1
        if response.status_code >= 500:
            tally.server_errors.append(f"{who} {spec.method} {spec.action} {pairs!r:.300}")
        elif _shows_error(response) and _table_counts() != before:
            tally.partial_writes.append(f"{who} {spec.method} {spec.action} {pairs!r:.300}")
        transaction.set_rollback(True)


def pairs_bytes(pairs: list[tuple[str, bytes]]) -> list[bytes]:
    return [value for _, value in pairs] or [b"x"]


def _discover(client: Client, urls: list[str]) -> list[FormSpec]:
    found = []
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for spec in forms_on(response.content.decode(), url):
            if spec.action == reverse("logout"):
                continue  # signing out is not input
            if spec.method == "GET":
                spec.fields.setdefault("page", [])
            found.append(spec)
        # Every page's own query string, even one without a search form.
        found.append(FormSpec("GET", url, False, {"page": [], "q": []}))
    return found


def bounded(examples: int) -> Any:
    """Hypothesis's settings for one target: a fixed number of examples, the same ones each
    run (derandomised, nothing remembered between runs), however slow each request is."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )


def _attack(client: Client, who: str, user: Any, spec: FormSpec, tally: Tally) -> None:
    """Send a bounded number of Hypothesis's hostile examples to one form."""
    examples = EXAMPLES_PER_QUERY if spec.method == "GET" else EXAMPLES_PER_FORM

    @bounded(examples)
    @given(hostile_fields(spec))
    def attack(pairs: list[tuple[str, bytes]]) -> None:
        _send(client, who, spec, pairs, tally)
        if user is not None and spec.method == "POST":
            login(client, user)  # a POST may have changed the session

    attack()


def test_hostile_input_to_every_form_and_query_string(story_published: Any) -> None:
    world = build_world(story_published)
    world.ids["issued"] = "RC-0000-NONE-NONE"  # type: ignore[assignment]  # a reference only
    world.ids["pack_zip"] = uuid.UUID(int=0)  # type: ignore[assignment]  # a token only
    urls = [reverse(name, kwargs=route(world.ids)) for name, route in ROUTES.items()]
    tally = Tally()
    for who in ("secretary", "conflicted_member", "administrator", "anonymous"):
        client = Client(raise_request_exception=False)
        user = world.users[who]
        if user is not None:
            login(client, user)
        seen: set[tuple[str, str, frozenset[str]]] = set()
        for spec in _discover(client, urls):
            key = (spec.method, spec.action, frozenset(spec.fields))
            if key in seen:
                continue
            seen.add(key)
            tally.forms.add((spec.method, spec.action, ",".join(sorted(spec.fields))))
            _attack(client, who, user, spec, tally)
    print(
        f"\nHOSTILE INPUT: {len(tally.forms)} forms and query strings, {tally.cases} cases, "
        f"{len(tally.server_errors)} server errors, {len(tally.partial_writes)} partial writes; "
        f"{tally.saved} hostile POSTs saved cleanly; answers by status {sorted(tally.statuses.items())}"
    )
    assert not tally.server_errors, "\n".join(tally.server_errors[:20])
    assert not tally.partial_writes, "\n".join(tally.partial_writes[:20])


# --- The three imports, end to end, with hostile cells ---------------------------------------

REGISTER_HEADINGS = (
    "Full name,Position,Type of interest,Nature,Organisation,Description,Date from,Date to,"
    "Whose interest,Action taken to mitigate risk"
)
ORGANISATION_HEADINGS = "name,kind,ods_code,member_of"
PEOPLE_HEADINGS = (
    "Employee Number,Name,Work Email Address,Job Title,Roles,Committees,Assignment Start Date"
)
FILES_PER_IMPORT = 12


@dataclass(frozen=True)
class ImportFlow:
    """One import's journey: upload, match the columns (where it asks), preview, commit."""

    name: str  # the URL names' prefix: ``<name>_upload``, ``<name>_preview``...
    kind: str  # its ImportBatch.kind
    filename: str
    headings: str
    upload_fields: dict[str, str]
    cells_per_row: int
    written: tuple[Any, ...]  # the models an import writes: unchanged unless it committed
    # The columns step's answer (its own guess from the headings), and the commit's proof
    # of the preview it confirms; None for an import without either.
    mapping: Callable[[list[str]], dict[str, str]] | None = None
    fingerprinted: bool = False


IMPORTS = [
    ImportFlow(
        name="register_import",
        kind="register",
        filename="register.csv",
        headings=REGISTER_HEADINGS,
        upload_fields={"encoding": "utf-8"},
        cells_per_row=12,
        written=(Interest,),
        mapping=register_import_mapping_guess,
        fingerprinted=True,
    ),
    ImportFlow(
        name="organisation_import",
        kind="orgs_simple",
        filename="organisations.csv",
        headings=ORGANISATION_HEADINGS,
        upload_fields={"layout": "simple"},
        cells_per_row=6,
        written=(Organisation, OrganisationRelationship),
    ),
    ImportFlow(
        name="people_import",
        kind="people",
        filename="staff.csv",
        headings=PEOPLE_HEADINGS,
        upload_fields={"encoding": "utf-8"},
        cells_per_row=8,
        written=(Member, User),
        mapping=people_import_mapping_guess,
        fingerprinted=True,
    ),
]


def _cell() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from([v.decode("utf-8", "replace") for v in HOSTILE]).map(lambda t: t[:3000]),
        st.sampled_from(["Dr Ben Okafor", "Financial", "Partner", "Riverside Surgery", "1/4/2020"]),
        st.text(max_size=30),
    )


def _csv(headings: str, rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    out.write(headings + "\n")
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8", "surrogatepass")


def _counts_of(*models: Any) -> tuple[int, ...]:
    return tuple(model.objects.count() for model in models)


def _fingerprint(preview: Any) -> str:
    found = re.search(rb'name="fingerprint" value="([0-9a-f]*)"', preview.content)
    return found.group(1).decode() if found else ""


def _import_once(client: Client, flow: ImportFlow, rows: list[list[str]], tally: Tally) -> None:
    """Take one hostile file as far through the import as it goes: a clean import or a
    refusal, never a server error, and nothing written unless it was committed whole."""
    tally.cases += 1
    label = f"{flow.name} {rows!r:.300}"
    with transaction.atomic():
        before = _counts_of(*flow.written)
        upload = SimpleUploadedFile(flow.filename, _csv(flow.headings, rows))
        answers = [
            client.post(reverse(f"{flow.name}_upload"), {"file": upload, **flow.upload_fields})
        ]
        batch = ImportBatch.objects.filter(kind=flow.kind).order_by("-pk").first()
        if answers[-1].status_code == 302 and batch is not None:
            if flow.mapping is not None:
                mapping = flow.mapping(flow.headings.split(","))
                columns = reverse(f"{flow.name}_columns", args=[batch.pk])
                answers.append(client.post(columns, mapping))
            answers.append(client.get(reverse(f"{flow.name}_preview", args=[batch.pk])))
            proof = {"fingerprint": _fingerprint(answers[-1])} if flow.fingerprinted else {}
            answers.append(client.post(reverse(f"{flow.name}_commit", args=[batch.pk]), proof))
            batch.refresh_from_db()
            imported = batch.status == ImportBatch.Status.COMMITTED
            tally.saved += int(imported)
            if not imported and _counts_of(*flow.written) != before:
                tally.partial_writes.append(label)
        if any(answer.status_code >= 500 for answer in answers):
            tally.server_errors.append(label)
        transaction.set_rollback(True)


def _attack_import(client: Client, flow: ImportFlow, tally: Tally) -> None:
    """Send a bounded number of Hypothesis's hostile files to one import."""
    rows = st.lists(st.lists(_cell(), max_size=flow.cells_per_row), min_size=1, max_size=4)

    @bounded(FILES_PER_IMPORT)
    @given(rows)
    def attack(rows: list[list[str]]) -> None:
        _import_once(client, flow, rows, tally)

    attack()


@pytest.mark.parametrize("flow", IMPORTS, ids=[flow.name for flow in IMPORTS])
def test_hostile_files_to_each_import(secretary: Any, flow: ImportFlow) -> None:
    client = Client(raise_request_exception=False)
    login(client, secretary)
    tally = Tally()
    _attack_import(client, flow, tally)
    print(
        f"\nHOSTILE IMPORTS: {flow.name}, {tally.cases} files ({tally.saved} imported whole), "
        f"{len(tally.server_errors)} server errors, {len(tally.partial_writes)} partial writes"
    )
    assert tally.cases == FILES_PER_IMPORT
    assert not tally.server_errors, "\n".join(tally.server_errors[:10])
    assert not tally.partial_writes, "\n".join(tally.partial_writes[:10])
