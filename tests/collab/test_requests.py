"""Collaboration requests (videreformidling): sent from a case to a partner on a basis, or
recorded when one came; answered in order by the partner in her inbox or by the unit; read by
nobody else; counted in statistics."""

from datetime import date, timedelta
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import give_totp
from ungsam.access.models import AuditEvent, Purpose
from ungsam.collab import request_services as services
from ungsam.collab.models import CollaborationRequest, Disclosure
from ungsam.org.models import Membership, User
from ungsam.stats.selectors import collaborations

P = Purpose.COLLABORATION


def case_of(youth):
    return youth.cases.get()


@pytest.fixture
def nav_user(personas, nav):
    user = User.objects.create_user(username="nils_nav", password="x" * 12, first_name="Nils")
    Membership.objects.create(
        user=user, municipality=personas.municipality, partner=nav, role="partner",
        status="direct", starts_on=date(2025, 1, 1),
    )  # fmt: skip
    give_totp(user)
    return user


@pytest.fixture
def send(personas, record):
    """Sends a request from Anna's case to the school on her consent (plan, contact details)."""
    consent = record(categories=["plan", "contact_details"])

    def make(**extra):
        values = {
            "actor": personas.los_a, "purpose": P, "case_id": consent.case_id,
            "partner_id": personas.school.pk, "asked": "Kan skolen tilby leksehjelp?",
            "categories": ["plan"], "consent_id": consent.pk,
        }  # fmt: skip
        values.update(extra)
        return services.request_send(**values)

    make.consent = consent
    return make


def nothing_written():
    return CollaborationRequest.objects.count() == 0 and Disclosure.objects.count() == 0


def test_it_sends_a_request_and_writes_its_disclosure(personas, send):
    req = send()
    assert (req.direction, req.status, req.service) == ("outgoing", "sent", "skole")
    assert req.sent_by == personas.los_a and req.categories == ["plan"]
    disclosure = req.disclosure
    assert disclosure.partner == personas.school and disclosure.consent == send.consent
    assert disclosure.categories == ["plan"] and disclosure.channel == "recorded"


def test_the_service_code_outlives_a_change_of_the_partners_kind(personas, send):
    req = send()
    personas.school.kind = "ppt"
    personas.school.save()
    req.refresh_from_db()
    assert req.service == "skole"


@pytest.mark.parametrize("who", ["los_b", "partner", "admin", "analyst", "field_c"])
def test_only_the_cases_writers_may_send(personas, record, who):
    consent = record(categories=["plan"])
    with pytest.raises(Http404):
        services.request_send(
            actor=getattr(personas, who), purpose=P, case_id=consent.case_id,
            partner_id=personas.school.pk, asked="Hjelp", categories=["plan"],
            consent_id=consent.pk,
        )  # fmt: skip
    assert nothing_written()


def test_a_consent_that_does_not_name_the_partner_is_refused_in_words(personas, record, nav):
    consent = record(categories=["plan"])
    with translation.override("nb"), pytest.raises(ValidationError) as refused:
        services.request_send(
            actor=personas.los_a, purpose=P, case_id=consent.case_id, partner_id=nav.pk,
            asked="Kan NAV hjelpe?", categories=["plan"], consent_id=consent.pk,
        )  # fmt: skip
    assert "Samtykket gjelder ikke tiltaksplan til NAV Testvik." in refused.value.messages
    assert nothing_written()


def test_a_consent_that_does_not_name_a_category_is_refused(personas, record):
    consent = record(categories=["plan"])
    with translation.override("nb"), pytest.raises(ValidationError) as refused:
        services.request_send(
            actor=personas.los_a, purpose=P, case_id=consent.case_id,
            partner_id=personas.school.pk, asked="Hjelp",
            categories=["plan", "journal_summaries"], consent_id=consent.pk,
        )  # fmt: skip
    assert any("journalsammendrag" in m for m in refused.value.messages)
    assert nothing_written()


def test_an_exception_needs_a_note(personas):
    case = case_of(personas.youth_a)
    values = {
        "actor": personas.los_a, "purpose": P, "case_id": case.pk,
        "partner_id": personas.school.pk, "asked": "Ring oss straks.",
        "categories": ["contact_details"], "exception": "danger_to_life",
    }  # fmt: skip
    with translation.override("nb"), pytest.raises(ValidationError) as refused:
        services.request_send(**values)
    assert "Et unntak må ha et notat" in " ".join(refused.value.messages)
    assert nothing_written()
    req = services.request_send(**values, note="Savnet i natt.")
    assert req.exception == "danger_to_life" and req.disclosure.exception == "danger_to_life"


def test_status_moves_forward_only_in_order(personas, send):
    req = send()
    sara = personas.partner
    with translation.override("nb"), pytest.raises(ValidationError) as early:
        services.request_accept(actor=sara, purpose=P, request_id=req.pk)
    assert early.value.messages == ["Forespørselen er ikke mottatt ennå."]
    with pytest.raises(ValidationError):
        services.request_done(actor=sara, purpose=P, request_id=req.pk, outcome="Ferdig")
    services.request_receive(actor=sara, purpose=P, request_id=req.pk)
    with pytest.raises(ValidationError):
        services.request_done(actor=sara, purpose=P, request_id=req.pk, outcome="Ferdig")
    services.request_accept(actor=sara, purpose=P, request_id=req.pk)
    with pytest.raises(ValidationError):
        services.request_decline(actor=sara, purpose=P, request_id=req.pk, reason="Nei")
    with pytest.raises(ValidationError):
        services.request_done(actor=sara, purpose=P, request_id=req.pk, outcome=" ")
    done = services.request_done(actor=sara, purpose=P, request_id=req.pk, outcome="Avtalt.")
    assert done.status == "done" and done.done_by == sara
    assert done.received_at <= done.answered_at <= done.done_at


def test_declined_ends_it(personas, send):
    req = send()
    sara = personas.partner
    services.request_receive(actor=sara, purpose=P, request_id=req.pk)
    with pytest.raises(ValidationError):
        services.request_decline(actor=sara, purpose=P, request_id=req.pk, reason="")
    services.request_decline(actor=sara, purpose=P, request_id=req.pk, reason="Ingen plass.")
    with translation.override("nb"), pytest.raises(ValidationError) as ended:
        services.request_accept(actor=sara, purpose=P, request_id=req.pk)
    assert ended.value.messages == ["Forespørselen er avslått: den kan ikke flyttes videre."]
    req.refresh_from_db()
    assert (req.status, req.decline_reason) == ("declined", "Ingen plass.")


@pytest.mark.parametrize("who", ["los_a", "leader_a", "los_b", "admin", "analyst", "nav"])
def test_only_a_partner_of_the_organisation_answers_an_outgoing_request(
    personas, send, nav_user, who
):
    req = send()
    actor = nav_user if who == "nav" else getattr(personas, who)
    for service in (services.request_receive, services.request_accept):
        with pytest.raises(Http404):
            service(actor=actor, purpose=P, request_id=req.pk)
    req.refresh_from_db()
    assert req.status == "sent"


@pytest.mark.parametrize("who", ["partner", "los_b", "admin", "field_c"])
def test_only_the_unit_answers_an_incoming_request(personas, who):
    req = services.request_record_incoming(
        actor=personas.los_a, purpose=P, case_id=case_of(personas.youth_a).pk,
        partner_id=personas.school.pk, asked="Skolen ber om et møte.",
    )  # fmt: skip
    assert req.status == "received" and req.received_by == personas.los_a
    with pytest.raises(Http404):
        services.request_accept(actor=getattr(personas, who), purpose=P, request_id=req.pk)
    services.request_accept(actor=personas.leader_a, purpose=P, request_id=req.pk)
    req.refresh_from_db()
    assert req.status == "accepted"


def test_an_unknown_or_malformed_id_is_404(personas):
    for bad in (999999, "x", None, 2**70):
        with pytest.raises(Http404):
            services.request_accept(actor=personas.partner, purpose=P, request_id=bad)


def _sara_on_annas_team(personas):
    from ungsam.access import policy
    from ungsam.collab import team_services

    case_id = case_of(personas.youth_a).pk
    team_services.team_create(actor=personas.los_a, purpose=P, case_id=case_id, role="Los")
    team_services.team_member_add(
        actor=personas.los_a, purpose=P, case_id=case_id,
        seat_key=policy.Seat(personas.partner, personas.school, None).key, role="Rådgiver",
    )  # fmt: skip
    return case_id


def test_a_partner_on_the_team_sends_a_request_the_unit_receives_and_answers(
    personas, login, nav_user
):
    case_id = _sara_on_annas_team(personas)
    client = login(personas.partner)
    url = f"/samarbeid/foresporsler/sak/{case_id}/ny/"
    assert "Anna" in client.get(url).content.decode()
    sent = client.post(
        url, {"asked": "Kan losen komme på elevsamtalen?", "categories": ["school_data"]}
    )
    assert sent.status_code == 302
    req = CollaborationRequest.objects.get()
    assert (req.direction, req.status, req.partner, req.sent_by) == (
        "incoming", "sent", personas.school, personas.partner,
    )  # fmt: skip
    inbox = client.get("/samarbeid/foresporsler/").content.decode()
    assert "sendt av tjenesten din til Los A" in inbox
    # She does not answer her own request: the unit does.
    with pytest.raises(Http404):
        services.request_receive(actor=personas.partner, purpose=P, request_id=req.pk)
    # Another organisation's partner, with no seat, cannot send on the case.
    client.force_login(nav_user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"asked": "Hei"}).status_code == 404
    # The los opens it: received; then accepts it.
    client.force_login(personas.los_a)
    page = client.get(f"/saker/{case_id}/foresporsler/{req.pk}/").content.decode()
    assert "Godta forespørselen" in page
    req.refresh_from_db()
    assert (req.status, req.received_by) == ("received", personas.los_a)
    client.post(f"/saker/{case_id}/foresporsler/{req.pk}/svar/", {"action": "accept"})
    req.refresh_from_db()
    assert req.status == "accepted"
    assert CollaborationRequest.objects.count() == 1


@pytest.mark.parametrize("who", ["los_a", "los_b", "admin", "partner"])
def test_only_a_partner_seated_for_her_organisation_sends_to_the_unit(personas, who):
    case_id = case_of(personas.youth_a).pk  # no team: nobody is seated
    with pytest.raises(Http404):
        services.request_from_partner(
            actor=getattr(personas, who), purpose=P, case_id=case_id, asked="Hjelp"
        )
    assert nothing_written()


# --- Pages ---------------------------------------------------------------------------------


def test_the_partner_opens_her_inbox_and_the_request_is_received(personas, login, send, nav_user):
    req = send(categories=["contact_details"])
    client = login(personas.partner)
    listed = client.get("/samarbeid/foresporsler/")
    page = listed.content.decode()
    assert "Anna" in page and "Kontaktopplysninger" in page and "Sendt" in page
    assert "Fiktivsen" not in page  # the list names her by first name only
    opened = client.get(f"/samarbeid/foresporsler/{req.pk}/")
    assert opened.status_code == 200
    text = opened.content.decode()
    assert "Hemmeligveien 1" in text and "Godta forespørselen" in text
    req.refresh_from_db()
    assert (req.status, req.received_by) == ("received", personas.partner)
    assert AuditEvent.objects.filter(
        object_type="collab.collaborationrequest", object_id=str(req.pk), action="update"
    ).exists()
    answered = client.post(f"/samarbeid/foresporsler/{req.pk}/svar/", {"action": "accept"})
    assert answered.status_code == 302
    req.refresh_from_db()
    assert req.status == "accepted"
    # Nobody else opens it: another organisation's partner, the case's own worker.
    for other in (nav_user, personas.los_a):
        client.force_login(other)
        assert client.get(f"/samarbeid/foresporsler/{req.pk}/").status_code == 404
        assert (
            client.post(f"/samarbeid/foresporsler/{req.pk}/svar/", {"action": "done"}).status_code
            == 404
        )
    client.force_login(nav_user)
    assert "Anna" not in client.get("/samarbeid/foresporsler/").content.decode()


def test_the_inbox_shows_only_what_the_request_shared(personas, login, record):
    """Aksel has a protected address: even with contact details shared, no address."""
    from ungsam.collab import services as consent_services

    case = case_of(personas.youth_a2)
    consent = consent_services.consent_record(
        actor=personas.leader_a, purpose=P, case_id=case.pk, status="given",
        partner_ids=[personas.school.pk], unit_ids=[], categories=["contact_details", "plan"],
        sharing_purpose="Skole.", given_by_youth=True, given_as="oral",
    )  # fmt: skip
    req = services.request_send(
        actor=personas.leader_a, purpose=P, case_id=case.pk, partner_id=personas.school.pk,
        asked="Hjelp", categories=["contact_details"], consent_id=consent.pk,
    )  # fmt: skip
    page = login(personas.partner).get(f"/samarbeid/foresporsler/{req.pk}/").content.decode()
    assert "Aksel" in page and "Hemmeligveien" not in page
    assert "strengt fortrolig adresse" in page
    plan_only = services.request_send(
        actor=personas.leader_a, purpose=P, case_id=case.pk, partner_id=personas.school.pk,
        asked="Plan", categories=["plan"], consent_id=consent.pk,
    )  # fmt: skip
    page = login(personas.partner).get(f"/samarbeid/foresporsler/{plan_only.pk}/").content
    assert b"Fiktivsen" not in page


def test_a_withdrawn_consent_takes_the_youths_details_out_of_the_request_at_once(
    personas, login, send
):
    """Rule 3: withdrawal removes access at once, for a request sent on the consent too."""
    from ungsam.collab import services as consent_services

    req = send(categories=["contact_details", "plan"])
    client = login(personas.partner)
    before = client.get(f"/samarbeid/foresporsler/{req.pk}/").content.decode()
    assert personas.youth_a.last_name in before and "dekker ikke lenger" not in before
    consent_services.consent_withdraw(
        actor=personas.los_a, purpose=P, case_id=send.consent.case_id,
        consent_id=send.consent.pk, withdrawn_by="youth", reason="Vil ikke dele mer.",
    )  # fmt: skip
    after = client.get(f"/samarbeid/foresporsler/{req.pk}/").content.decode()
    assert personas.youth_a.last_name not in after
    assert personas.youth_a.first_name in after and "Kan skolen tilby leksehjelp?" in after
    assert "dekker ikke lenger" in after
    shown = AuditEvent.objects.filter(action="view", object_id=str(req.pk)).latest("id")
    assert "phone" not in shown.fields and "last_name" not in shown.fields


def _queries(client, url):
    with CaptureQueriesContext(connection) as seen:
        response = client.get(url)
    assert response.status_code == 200
    return len(seen.captured_queries), response


def test_the_inbox_costs_the_same_queries_for_more_requests(personas, login, send):
    send()
    client = login(personas.partner)
    client.get("/samarbeid/foresporsler/")
    one, _ = _queries(client, "/samarbeid/foresporsler/")
    for _ in range(3):
        send()
    four, response = _queries(client, "/samarbeid/foresporsler/")
    assert len(response.context["rows"]) == 4
    assert four == one


def test_the_case_page_costs_the_same_queries_for_more_requests(personas, login, send):
    send()
    client = login(personas.los_a)
    url = f"/saker/{send.consent.case_id}/"
    client.get(url)
    one, first = _queries(client, url)
    assert "Ny forespørsel" in first.content.decode()
    for _ in range(2):
        send()
    services.request_record_incoming(
        actor=personas.los_a, purpose=P, case_id=send.consent.case_id,
        partner_id=personas.school.pk, asked="Skolen ber om møte.",
    )  # fmt: skip
    four, response = _queries(client, url)
    assert len(response.context["collaboration_requests"]) == 4
    assert four == one


def test_the_partners_dashboard_counts_new_requests(personas, login, send):
    send()
    send()
    page = login(personas.partner).get("/").content.decode()
    assert "2 nye forespørsler til tjenesten din" in page


def test_the_form_sends_and_refuses_in_norwegian(personas, login, send):
    client = login(personas.los_a)
    url = f"/saker/{send.consent.case_id}/foresporsler/ny/"
    assert client.get(url).status_code == 200
    empty = client.post(url, {"partner": personas.school.pk, "basis": f"consent:{send.consent.pk}"})
    assert empty.status_code == 400
    errors = empty.content.decode().split('id="form-errors"')[1].split("</div>")[0]
    assert "Hva ber du tjenesten om å gjøre?: Feltet er påkrevet." in errors
    assert nothing_written()
    sent = client.post(url, {
        "partner": personas.school.pk, "asked": "Leksehjelp?", "categories": ["plan"],
        "basis": f"consent:{send.consent.pk}",
    })  # fmt: skip
    assert sent.status_code == 302
    assert CollaborationRequest.objects.get().asked == "Leksehjelp?"


CHECKS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.text(max_size=120)
maybe = st.one_of(st.none(), text, st.integers().map(str))


@CHECKS
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            "partner": maybe,
            "asked": maybe,
            "categories": st.lists(maybe, max_size=2),
            "basis": maybe,
            "note": maybe,
        },
    )  # fmt: skip
)
def test_any_input_to_the_send_form_is_4xx_or_a_whole_request(personas, login, data):
    data = {k: v for k, v in data.items() if v is not None}
    response = login(personas.los_a).post(
        f"/saker/{case_of(personas.youth_a).pk}/foresporsler/ny/", data
    )
    assert response.status_code == 400  # no consent is recorded: nothing can be sent
    assert nothing_written()


@CHECKS
@given(action=maybe, reply=maybe)
def test_any_answer_is_4xx_or_a_move(personas, login, action, reply):
    req = services.request_record_incoming(
        actor=personas.los_a, purpose=P, case_id=case_of(personas.youth_a).pk,
        partner_id=personas.school.pk, asked=f"Møte {uuid4()}",
    )  # fmt: skip
    data = {k: v for k, v in {"action": action, "text": reply}.items() if v is not None}
    response = login(personas.los_a).post(f"/saker/{req.case_id}/foresporsler/{req.pk}/svar/", data)
    assert response.status_code in (302, 400)
    req.refresh_from_db()
    assert (req.status != "received") == (response.status_code == 302)


# --- Statistics ----------------------------------------------------------------------------


def test_statistics_count_by_service_and_direction_and_hide_small_counts(personas, send, nav):
    for _ in range(5):
        send()
    for _ in range(2):
        services.request_record_incoming(
            actor=personas.los_a, purpose=P, case_id=send.consent.case_id, partner_id=nav.pk,
            asked="NAV ber om møte.",
        )  # fmt: skip
    today = timezone.localdate()
    with translation.override("nb"):
        rows = collaborations(actor=personas.analyst, date_from=today, date_to=today)
    assert rows == [
        {
            "service": "NAV",
            "direction": "Innkommende",
            "statuses": [0, None, 0, 0, 0],
            "total": None,
        },
        {"service": "Skole", "direction": "Utgående", "statuses": [5, 0, 0, 0, 0], "total": 5},
    ]
    earlier = today - timedelta(days=30)
    assert collaborations(actor=personas.analyst, date_from=earlier, date_to=earlier) == []
    assert collaborations(actor=personas.los_a, date_from=today, date_to=today) == []


def test_the_statistics_page_shows_the_table_and_refuses_a_bad_period(personas, login, send):
    for _ in range(5):
        send()
    client = login(personas.analyst)
    page = client.get("/statistikk/").content.decode()
    assert "Samarbeidsforespørsler etter tjeneste og retning" in page and ">5<" in page
    bad = client.get("/statistikk/", {"date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert bad.status_code == 400
    assert client.get("/statistikk/", {"date_from": "nei"}).status_code == 400


def test_the_demo_has_requests_in_every_status_both_ways(db, demo_data):
    seen = set(CollaborationRequest.objects.values_list("direction", "status", "partner__kind"))
    assert {(d, s) for d, s, _ in seen} >= {
        ("outgoing", s) for s in ("sent", "received", "accepted", "declined", "done")
    } | {("incoming", s) for s in ("sent", "received", "accepted", "declined", "done")}
    assert {k for _, _, k in seen} >= {"skole", "barnevern", "nav"}
    nina = User.objects.get(username="nina.nav")
    from ungsam.access import policy

    assert policy.new_requests_count(nina) >= 2
