"""The audit log as a leader reads it (/logg/), its scope, and the youth's subject-access export."""

import json
from datetime import date, timedelta

from django.test import Client
from django.utils import timezone

from tests.conftest import without_tokens
from ungsam.access import audit
from ungsam.access.context import RequestContext, current
from ungsam.access.models import AuditEvent, AuditSubject
from ungsam.cases.models import Case, CaseContact
from ungsam.org.models import Membership
from ungsam.people.models import Youth


def read(actor, youth, membership=None):
    audit.record(
        actor,
        audit.Entry(
            "view",
            "casework",
            obj=youth,
            subjects=(audit.Subject(youth.pk, "contact_person", getattr(membership, "pk", None)),),
            fields=("first_name", "last_name", "address"),
            membership=membership,
        ),
    )


def changed(actor, youth):
    audit.record(
        actor,
        audit.Entry("update", "casework", obj=youth, subjects=(audit.Subject(youth.pk),)),
    )


def test_it_shows_a_leader_readable_rows_about_her_units_youth(personas, login):
    read(personas.los_a, personas.youth_a, Membership.objects.get(user=personas.los_a))
    read(personas.los_b, personas.youth_b)
    body = login(personas.leader_a).get("/logg/").content.decode()
    assert "Lise Testperson" in body  # who, by name
    assert "Anna Fiktivsen" in body  # the youth as a person reads it
    assert "fornavn, etternavn, adresse" in body  # field labels, not column names
    assert "first_name" not in body
    assert "Los A" in body  # the organisation she acted for
    month = [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ][timezone.localdate().month - 1]
    assert f"{timezone.localdate().day}. {month} {timezone.localdate().year} kl." in body
    assert "Bea" not in without_tokens(body) and "Bror" not in without_tokens(
        body
    )  # another unit's worker and youth


def test_it_groups_the_rows_of_one_request(personas, login):
    client = login(personas.leader_a)
    response = client.get(f"/ungdom/{personas.youth_a.pk}/")
    groups = client.get("/logg/").context["groups"]
    mine = [g for g in groups if g.request_id == response["X-Request-ID"]]
    assert len(mine) == 1 and len(mine[0].rows) >= 1


def test_it_puts_two_rows_of_one_request_in_one_group_and_another_readers_apart(personas, login):
    read = audit.Entry(
        "view", "casework", subjects=(audit.Subject(personas.youth_a.pk, "contact_person"),)
    )
    token = current.set(RequestContext("samme-foresporsel", None))
    try:
        audit.record(personas.los_a, read)
        audit.record(personas.los_a, read)
        audit.record(personas.leader_a, read)  # another reader, the same request id
    finally:
        current.reset(token)
    groups = login(personas.leader_a).get("/logg/").context["groups"]
    shared = [g for g in groups if g.request_id == "samme-foresporsel"]
    assert sorted(len(g.rows) for g in shared) == [1, 2]


def test_it_scopes_the_log_for_a_person_who_moved_between_units(personas, login):
    """Bea worked in unit A until yesterday and is now in unit B. Leader A sees what Bea read
    of A's youth, but not what Bea does in B to B's youth, nor anything through her ended
    membership that concerns other units."""
    old = Membership.objects.create(
        user=personas.los_b,
        municipality=personas.municipality,
        unit=personas.unit_a,
        role="caseworker",
        status="direct",
        starts_on=date(2025, 1, 1),
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    read(personas.los_b, personas.youth_a, old)  # while in A: a read of A's youth
    changed(personas.los_b, personas.youth_a)  # a change to A's youth by a former member
    read(personas.los_b, personas.youth_b)  # in B, about B's youth
    changed(personas.los_b, personas.youth_b)
    events = AuditEvent.objects.filter(
        pk__in=[
            e.event.pk
            for g in login(personas.leader_a).get("/logg/").context["groups"]
            for e in g.rows
        ]
    )
    seen = {(e.action, e.subjects.get().youth_id) for e in events if e.actor == personas.los_b}
    assert seen == {("view", personas.youth_a.pk)}


def test_it_shows_what_current_members_did_to_her_units_youth(personas, login):
    changed(personas.los_a, personas.youth_a)
    groups = login(personas.leader_a).get("/logg/").context["groups"]
    assert any(r.event.action == "update" for g in groups for r in g.rows)


def test_it_filters_by_youth_from_the_youths_page_and_records_that_review(personas, login):
    read(personas.los_a, personas.youth_a)
    read(personas.los_a, personas.youth_a2)
    client = login(personas.leader_a)
    page = client.get(f"/ungdom/{personas.youth_a.pk}/").content.decode()
    assert f"/logg/?ungdom={personas.youth_a.pk}" in page  # "Se hvem som har lest"
    response = client.get("/logg/", {"ungdom": personas.youth_a.pk})
    assert response.status_code == 200
    assert "Anna Fiktivsen" in response.content.decode()
    shown = {
        s.youth_id
        for g in response.context["groups"]
        for r in g.rows
        for s in r.event.subjects.all()
    }
    assert shown == {personas.youth_a.pk}
    review = AuditEvent.objects.filter(purpose="audit_review").latest("id")
    assert personas.youth_a.pk in set(review.subjects.values_list("youth_id", flat=True))
    # The review shows in Anna's own export.
    export = json.loads(client.get(f"/ungdom/{personas.youth_a.pk}/innsyn.json").content)
    assert "Kontroll av tilgangsloggen" in {e["purpose"] for e in export["events"]}


def test_it_answers_a_youth_filter_outside_her_units_with_404(personas, login):
    response = login(personas.leader_a).get("/logg/", {"ungdom": personas.youth_b.pk})
    assert response.status_code == 404


def test_it_filters_the_audit_log_by_action_and_person(personas, login):
    read(personas.los_a, personas.youth_a)
    changed(personas.los_a, personas.youth_a)
    client = login(personas.leader_a)
    groups = client.get("/logg/", {"action": "update"}).context["groups"]
    assert {r.event.action for g in groups for r in g.rows} == {"update"}
    groups = client.get("/logg/", {"actor": "lise"}).context["groups"]
    assert {r.event.actor_label for g in groups for r in g.rows} == {"lise_a"}


def test_it_answers_a_bad_filter_with_400_and_a_message(personas, login):
    response = login(personas.leader_a).get("/logg/", {"date_from": "i går", "ungdom": "x"})
    assert response.status_code == 400
    assert response.context["form"].errors


def test_it_records_a_refused_probe_with_the_id_tried(personas, login):
    response = login(personas.los_a).get(f"/ungdom/{personas.youth_b.pk}/")
    assert response.status_code == 404
    denied = AuditEvent.objects.get(action="access_denied", actor=personas.los_a)
    assert (denied.object_type, denied.object_id) == ("people.youth", str(personas.youth_b.pk))
    # The youth's leader sees the attempt in her log; so does the youth's export.
    Membership.objects.create(
        user=personas.leader_a,
        municipality=personas.municipality,
        unit=personas.unit_b,
        role="leader",
        status="direct",
    )
    body = login(personas.leader_a).get("/logg/").content.decode()
    assert "Forsøkte å åpne, nektet" in body


def test_a_leader_sees_a_probe_of_her_units_youth_by_someone_outside_her_units(personas, login):
    """Bea (unit B) tries Anna of unit A: Leo, who leads A and not B, sees the attempt. Bea is
    no member of his unit, so only the refused read itself can show it to him."""
    assert login(personas.los_b).get(f"/ungdom/{personas.youth_a.pk}/").status_code == 404
    body = login(personas.leader_a).get("/logg/").content.decode()
    assert "Forsøkte å åpne, nektet" in body
    assert "Bea" in body
    login(personas.los_a).get("/ungdom/999999/")
    assert AuditEvent.objects.filter(action="access_denied", object_id="999999").exists()


def test_it_records_the_account_tried_in_a_failed_login_never_the_text(personas):
    Client().post("/konto/login/", {"login": "lise_a", "password": "feil-passord"})
    Client().post("/konto/login/", {"login": "mitt-passord-123", "password": "x"})
    failed = list(AuditEvent.objects.filter(action="login_failed").order_by("id"))
    assert [(e.object_type, e.object_id) for e in failed] == [
        ("org.user", str(personas.los_a.pk)),
        ("", ""),
    ]
    assert failed[0].chain == personas.municipality.pk
    assert all("mitt-passord" not in json.dumps(e.fields) + e.actor_label for e in failed)


def test_it_exports_who_read_a_youths_data_naming_the_organisation_at_the_time(personas, login):
    login(personas.los_a).get(f"/ungdom/{personas.youth_a.pk}/")
    # Later Lise also works in unit B: the export still says she read as a member of Los A.
    Membership.objects.create(
        user=personas.los_a,
        municipality=personas.municipality,
        unit=personas.unit_b,
        role="caseworker",
        status="direct",
    )
    response = login(personas.leader_a).get(f"/ungdom/{personas.youth_a.pk}/innsyn.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    lise = [e for e in data["events"] if e["who"] == "Lise Testperson"]
    assert lise and lise[0]["organization"] == "Los A"
    assert "fødselsdato" in lise[0]["fields"]
    assert lise[0]["basis"] == "Kontaktperson"
    assert response["Content-Disposition"].startswith("attachment")


def test_it_exports_every_list_the_youth_appeared_in(personas, login):
    login(personas.leader_a).get("/ungdom/")
    data = json.loads(
        login(personas.leader_a).get(f"/ungdom/{personas.youth_a2.pk}/innsyn.json").content
    )
    assert "Sett i en liste" in {e["action"] for e in data["events"]}


def test_it_exports_the_same_as_pdf(personas, login):
    response = login(personas.leader_a).get(f"/ungdom/{personas.youth_a.pk}/innsyn.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_it_records_the_export_itself(personas, login):
    login(personas.leader_a).get(f"/ungdom/{personas.youth_a.pk}/innsyn.json")
    assert AuditEvent.objects.filter(
        action="export", subjects__youth_id=personas.youth_a.pk, actor=personas.leader_a
    ).exists()


def test_it_does_not_let_a_caseworker_export(personas, login):
    response = login(personas.los_a).get(f"/ungdom/{personas.youth_a.pk}/innsyn.pdf")
    assert response.status_code == 404


def test_it_records_no_read_when_an_export_is_refused(personas, login):
    # Lise may see Anna, but only a leader answers subject access: no "viewed" row either.
    response = login(personas.los_a).get(f"/ungdom/{personas.youth_a.pk}/innsyn.json")
    assert response.status_code == 404
    assert not AuditSubject.objects.filter(
        youth_id=personas.youth_a.pk, event__action__in=["view", "export"]
    ).exists()


def test_it_lets_a_leader_review_a_youth_with_a_closed_case(personas, login):
    youth = Youth.objects.create(
        municipality=personas.municipality,
        first_name="Cato",
        last_name="Fiktivsen",
        birth_date=date(2009, 3, 3),
    )
    case = Case.objects.create(
        youth=youth,
        unit=personas.unit_a,
        status="closed",
        stage="closed",
        closure_outcome="in_school",
        closed_on=timezone.localdate(),
    )
    CaseContact.objects.create(case=case, user=personas.los_a, primary=True)
    assert login(personas.leader_a).get("/logg/", {"ungdom": youth.pk}).status_code == 200


def test_it_names_what_each_casework_page_showed_in_words(personas, login):
    """Every casework page records what it showed; the leader's log names each in Norwegian,
    never a column or relation name (and never fails on one it does not know)."""
    from ungsam.cases import services as case_services
    from ungsam.cases.models import Discussion

    anna = personas.youth_a.cases.get()
    case_services.discussion_raise(
        actor=personas.los_a, purpose="casework", case_id=anna.pk, question="Hva nå?"
    )
    lise = login(personas.los_a)
    for url in (
        f"/saker/{anna.pk}/",
        f"/saker/{anna.pk}/plan/",
        f"/saker/{anna.pk}/plan/utskrift/",
        f"/saker/{anna.pk}/kartlegging/",
        f"/saker/{anna.pk}/journal/",
        f"/saker/{anna.pk}/overgang/",
        "/saker/teammote/",
        "/saker/overgang/",
        "/saker/arbeidsliste/",
        "/",
    ):
        assert lise.get(url).status_code == 200, url
    item = Discussion.objects.get()
    leo = login(personas.leader_a)
    assert (
        leo.post(f"/saker/teammote/{item.pk}/vedtak/", {f"d{item.pk}-decision": "Ja"}).status_code
        == 302
    )
    response = leo.get("/logg/")
    assert response.status_code == 200
    body = response.content.decode()
    for words in (
        "teammøtesaker og beslutningene",
        "tiltaksplanen",
        "planens mål",
        "journalen",
        "avtaler og utfallet av dem",
        "beslutning",
    ):
        assert words in body, words
    for raw in ("action_plan", "discussions", "decided_on", "stage_changes"):
        assert raw not in body, raw
