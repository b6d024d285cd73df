import json

from ungsam.access import audit
from ungsam.access.models import AuditEvent


def test_it_lets_a_leader_read_the_audit_log_of_her_unit(personas, login):
    audit.record(personas.los_a, audit.Entry("view", "casework", youth_id=personas.youth_a.pk))
    audit.record(personas.los_b, audit.Entry("view", "casework", youth_id=personas.youth_b.pk))
    response = login(personas.leader_a).get("/logg/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lise" in body  # a member of her unit
    assert "Bea" not in body  # another unit's worker, about another unit's youth


def test_it_filters_the_audit_log_by_action_and_person(personas, login):
    audit.record(personas.los_a, audit.Entry("view", "casework", youth_id=personas.youth_a.pk))
    audit.record(personas.leader_a, audit.Entry("export", "subject_access", youth_id=1))
    client = login(personas.leader_a)
    page = client.get("/logg/", {"action": "export"}).context["page"]
    assert {e.action for e in page.object_list} == {"export"}
    page = client.get("/logg/", {"actor": "lise"}).context["page"]
    assert {e.actor_label for e in page.object_list} == {"lise_a"}


def test_it_answers_a_bad_filter_with_400_and_a_message(personas, login):
    response = login(personas.leader_a).get("/logg/", {"date_from": "i går", "youth": "x"})
    assert response.status_code == 400
    assert response.context["form"].errors


def test_it_exports_who_read_a_youths_data_as_json(personas, login):
    login(personas.los_a).get(f"/ungdom/{personas.youth_a.pk}/")
    response = login(personas.leader_a).get(f"/ungdom/{personas.youth_a.pk}/innsyn.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    readers = [e["who"] for e in data["events"]]
    assert "Lise Testperson" in readers
    assert response["Content-Disposition"].startswith("attachment")


def test_it_exports_the_same_as_pdf(personas, login):
    response = login(personas.leader_a).get(f"/ungdom/{personas.youth_a.pk}/innsyn.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_it_records_the_export_itself(personas, login):
    login(personas.leader_a).get(f"/ungdom/{personas.youth_a.pk}/innsyn.json")
    assert AuditEvent.objects.filter(
        action="export", youth_id=personas.youth_a.pk, actor=personas.leader_a
    ).exists()


def test_it_does_not_let_a_caseworker_export(personas, login):
    response = login(personas.los_a).get(f"/ungdom/{personas.youth_a.pk}/innsyn.pdf")
    assert response.status_code == 404


def test_it_records_nothing_when_an_export_is_refused(personas, login):
    # Lise may see Anna, but only a leader answers subject access: no "viewed" row either.
    response = login(personas.los_a).get(f"/ungdom/{personas.youth_a.pk}/innsyn.json")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(youth_id=personas.youth_a.pk).exists()
