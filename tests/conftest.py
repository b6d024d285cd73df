"""The persona set every test uses (STYLE.md): a los in unit A, her leader, a los in unit B, a
field worker in outreach unit C, a school counselor (partner), an analyst and an admin; two youth
with cases in A and one in B."""

import importlib
import os
import re
import shutil
from datetime import date

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from tests.db_snapshot import Snapshot
from ungsam.cases.models import Case, CaseContact
from ungsam.org.models import Membership, Municipality, PartnerOrganization, Unit, User
from ungsam.people.models import Youth

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + page in one test

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_tool(path_or_name: str, why: str) -> None:
    """Skip on a newcomer's machine without the tool; under CI a missing tool is a failure."""
    if shutil.which(path_or_name) is None and not os.path.exists(path_or_name):
        if IN_CI:
            pytest.fail(f"{path_or_name} is missing under CI: {why}")
        pytest.skip(f"{path_or_name} is not installed: {why}")


def without_tokens(html: str) -> str:
    """The page without its random CSRF tokens, so a check that a short name is absent cannot
    trip on letters a token happens to hold ("…200BeapE…")."""
    return re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*', r"\1", html)


def give_totp(user: User) -> None:
    """A TOTP authenticator, so the MFA requirement is met as for a real enrolled user."""
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )


class Personas:
    pass


AUDIT_TRIGGERS = importlib.import_module("ungsam.access.migrations.0004_append_only_trigger")
JOURNAL_TRIGGERS = importlib.import_module("ungsam.cases.migrations.0008_journal_signed_fixed")


def set_audit_triggers(*, on: bool) -> None:
    """The audit tables' append-only triggers, in the test database only: on PostgreSQL enabled
    or disabled, on SQLite (which cannot disable one) created or dropped."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks of rows written earlier in the transaction would make
            # PostgreSQL refuse the ALTER; run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in AUDIT_TRIGGERS.TABLES:
                cursor.execute(f"ALTER TABLE {table} {'ENABLE' if on else 'DISABLE'} TRIGGER USER")
        else:
            for sql in AUDIT_TRIGGERS.statements(connection.vendor, install=on):
                cursor.execute(sql)


def set_journal_triggers(*, on: bool) -> None:
    """The journal's triggers (a signed entry is fixed), like the audit tables' above: lifted
    in the test database so a flush can empty it; tests/cases/test_journal.py puts them back."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in JOURNAL_TRIGGERS.TABLES:
                cursor.execute(f"ALTER TABLE {table} {'ENABLE' if on else 'DISABLE'} TRIGGER USER")
        else:
            for sql in JOURNAL_TRIGGERS.statements(connection.vendor, install=on):
                cursor.execute(sql)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The audit tables refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) with a trigger,
    which would also refuse the flush between transactional tests and the tampering the audit
    tests do as an attacker would. Lift the triggers in the test database only;
    tests/access/test_audit_trigger.py puts them back and expects each refusal."""
    with django_db_blocker.unblock():
        set_audit_triggers(on=False)
        set_journal_triggers(on=False)


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """Fiktivik as seed_demo builds it, seeded once per test process (xdist worker) for the
    tests that use `demo_data`; the database is then put back as it was. Taken here, outside any
    test's transaction, which would otherwise roll the snapshot's tables back. The demo's journal
    attachments go to a folder of the run's, copied into each test's own."""
    files = tmp_path_factory.mktemp("demo")
    own_files = override_settings(
        ATTACHMENT_DIR=str(files / "attachments"),
        AUDIT_CHECKPOINTS=str(files / "audit-checkpoints.jsonl"),
    )
    with django_db_blocker.unblock(), own_files:
        before = Snapshot("before_demo")
        call_command("seed_demo", verbosity=0)
        demo = Snapshot("demo")
        before.restore()
    return date.today(), timezone.localdate(), demo, files / "attachments"


@pytest.fixture
def demo_data(_demo_snapshot, _attachment_dir, settings):
    """The demo municipality Fiktivik, as `manage.py seed_demo` leaves it, in a `db` or a
    transactional test: its rows restored from a snapshot (tests/db_snapshot.py), not seeded
    again, and its attachments in the test's ATTACHMENT_DIR. The demo is built around today (a
    year of tallies up to today, next week's shifts), so a run that has passed midnight since
    the snapshot seeds the test's own."""
    *seeded_for, snapshot, attachments = _demo_snapshot
    if seeded_for != [date.today(), timezone.localdate()]:
        call_command("seed_demo", verbosity=0)
        yield
        return
    snapshot.restore()
    if attachments.exists():
        shutil.copytree(attachments, settings.ATTACHMENT_DIR, dirs_exist_ok=True)
    yield
    ContentType.objects.clear_cache()  # the ids the snapshot's rows had (see Snapshot.restore)


@pytest.fixture(autouse=True)
def _audit_checkpoints(tmp_path, settings):
    """Each test keeps its audit checkpoints to itself (they describe its own database)."""
    settings.AUDIT_CHECKPOINTS = str(tmp_path / "audit-checkpoints.jsonl")


@pytest.fixture(autouse=True)
def _attachment_dir(tmp_path, settings):
    """Journal attachments a test stores stay in its own folder."""
    settings.ATTACHMENT_DIR = str(tmp_path / "attachments")


@pytest.fixture(autouse=True)
def _import_dir(tmp_path, settings):
    """Import bundles a test uploads stay in its own folder."""
    settings.IMPORT_DIR = str(tmp_path / "imports")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Login rate-limit counters live in the cache: no test inherits another's failed logins."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def personas(db):
    p = Personas()
    p.municipality = Municipality.objects.create(name="Testvik kommune", number="9998")
    m = p.municipality
    p.unit_a = Unit.objects.create(municipality=m, name="Los A", kind="los")
    p.unit_b = Unit.objects.create(municipality=m, name="OT B", kind="ot")
    p.unit_c = Unit.objects.create(municipality=m, name="Ute C", kind="outreach")
    p.school = PartnerOrganization.objects.create(
        municipality=m, name="Testvik skole", kind="skole"
    )

    def person(username, role, unit=None, partner=None):
        user = User.objects.create_user(
            username=username,
            password="riktig-passord-123",
            first_name=username.split("_")[0].title(),
            last_name="Testperson",
        )
        Membership.objects.create(
            status="direct",
            user=user,
            municipality=m,
            role=role,
            unit=unit,
            partner=partner,
            starts_on=date(2025, 1, 1),
        )
        give_totp(user)
        return user

    p.los_a = person("lise_a", "caseworker", unit=p.unit_a)
    p.leader_a = person("leo_a", "leader", unit=p.unit_a)
    p.los_b = person("bea_b", "caseworker", unit=p.unit_b)
    p.field_c = person("fred_c", "field_worker", unit=p.unit_c)
    p.partner = person("sara_skole", "partner", partner=p.school)
    p.analyst = person("ana_analyst", "analyst")
    p.admin = person("adam_admin", "admin")

    def youth(first, unit, contact, protected=False):
        y = Youth.objects.create(
            municipality=m,
            first_name=first,
            last_name="Fiktivsen",
            birth_date=date(2010, 5, 17),
            address="Hemmeligveien 1",
            protected_address=protected,
        )
        case = Case.objects.create(youth=y, unit=unit)
        CaseContact.objects.create(case=case, user=contact, primary=True)
        return y

    p.youth_a = youth("Anna", p.unit_a, p.los_a)
    p.youth_a2 = youth("Aksel", p.unit_a, p.leader_a, protected=True)
    p.youth_b = youth("Bror", p.unit_b, p.los_b)
    return p


@pytest.fixture
def login(client):
    """Log a persona in (MFA already enrolled) and return the client."""

    def _login(user) -> Client:
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def demo_login(client):
    """Log a demo account in by its username (with `demo_data`): seed_demo leaves it without a
    second factor and with a password to change, which would send every page to those steps."""

    def _login(username: str) -> Client:
        user = User.objects.get(username=username)
        give_totp(user)
        user.must_set_password = False
        user.save(update_fields=["must_set_password"])
        client.force_login(user)
        return client

    return _login


def admin_of_another_municipality() -> tuple[Municipality, User]:
    """Andrevik and its admin (second factor enrolled): someone who must see nothing of Testvik."""
    other = Municipality.objects.create(name="Andrevik kommune", number="9997")
    admin = User.objects.create_user(username="ola_admin", password="x" * 12)
    Membership.objects.create(user=admin, municipality=other, role="admin", status="direct")
    give_totp(admin)
    return other, admin


def bea_also_in_unit_a(personas) -> User:
    """Bea, case worker in unit B and in Leo's unit A: Leo sees her, but she is not only his."""
    Membership.objects.create(
        user=personas.los_b,
        municipality=personas.municipality,
        unit=personas.unit_a,
        role="caseworker",
        status="direct",
    )
    return personas.los_b
