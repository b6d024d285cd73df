"""Assessments as a case worker meets them: scored across the domains of a youth's life (maths
among the subjects), her own view in her words, the change over time as a chart with the table
behind it; through the case's gatekeeper, and recorded."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from ungsam.access.models import AuditEvent, Purpose
from ungsam.plans import services
from ungsam.plans.models import Assessment


def assess(personas, day, scores):
    return services.assessment_create(
        actor=personas.los_a,
        purpose=Purpose.CASEWORK,
        case_id=personas.youth_a.cases.get().pk,
        assessed_on=day,
        scores=[(domain, subject, score, "") for domain, subject, score in scores],
    )


def test_a_worker_assesses_and_sees_the_change_over_time(personas, login):
    case = personas.youth_a.cases.get()
    client = login(personas.los_a)
    first = client.post(
        f"/saker/{case.pk}/kartlegging/ny/",
        {
            "assessed_on": (timezone.localdate() - timedelta(days=60)).isoformat(),
            "score_attendance": "1",
            "note_attendance": "30 % fravær",
            "view_attendance": "Det er morgenene som er verst.",
            "score_academic_matematikk": "2",
            "youth_view": "Skolen er for tung.",
        },
    )
    assert first.status_code == 302
    # Her own view of a domain is kept with its score and shown in her words.
    attendance = Assessment.objects.get().scores.get(domain="attendance")
    assert attendance.youth_view == "Det er morgenene som er verst."
    page = client.get(f"/saker/{case.pk}/kartlegging/").content.decode()
    assert "Hun sier: «Det er morgenene som er verst.»" in page
    client.post(
        f"/saker/{case.pk}/kartlegging/ny/",
        {"assessed_on": timezone.localdate().isoformat(), "score_attendance": "4"},
    )
    assert Assessment.objects.filter(case=case).count() == 2
    page = client.get(f"/saker/{case.pk}/kartlegging/")
    body = page.content.decode()
    attendance = next(
        line for line in page.context["chart"]["lines"] if line["row"].domain == "attendance"
    )
    assert [score for _day, score in attendance["cells"]] == [1, 4]
    assert attendance["points"].count(",") == 2  # a line through both
    assert "Skolen er for tung." in body and "30 % fravær" in body
    assert "Faglig mestring – Matematikk" in body  # the subject's name, not its code
    maths = next(s for s in page.context["series"] if s.subject == "matematikk")
    assert maths.scores == [2, None] and maths.latest == 2
    assert AuditEvent.objects.filter(action="create", object_type="plans.assessment").count() == 2
    read = AuditEvent.objects.filter(action="view", object_type="cases.case").latest("id")
    assert "assessments" in read.fields


def test_an_assessment_needs_a_score_and_a_real_date(personas, login):
    case = personas.youth_a.cases.get()
    client = login(personas.los_a)
    empty = client.post(f"/saker/{case.pk}/kartlegging/ny/", {"assessed_on": "2026-01-01"})
    assert empty.status_code == 400
    ahead = (timezone.localdate() + timedelta(days=3)).isoformat()
    future = client.post(
        f"/saker/{case.pk}/kartlegging/ny/", {"assessed_on": ahead, "score_home": "3"}
    )
    assert future.status_code == 400
    assert not Assessment.objects.exists()
    with pytest.raises(ValidationError):
        # a subject belongs to academic mastery only
        assess(personas, date(2026, 1, 1), [("motivation", "matematikk", 3)])
    with pytest.raises(ValidationError):
        assess(personas, date(2026, 1, 1), [("motivation", "", 9)])


def test_only_the_cases_workers_assess_or_read(personas, login):
    case = personas.youth_a.cases.get()
    other = login(personas.los_b)
    assert other.get(f"/saker/{case.pk}/kartlegging/").status_code == 404
    response = other.post(
        f"/saker/{case.pk}/kartlegging/ny/", {"assessed_on": "2026-01-01", "score_home": "3"}
    )
    assert response.status_code == 404
    with pytest.raises(Http404):
        services.assessment_create(
            actor=personas.los_b,
            purpose=Purpose.CASEWORK,
            case_id=case.pk,
            assessed_on=date(2026, 1, 1),
            scores=[("home", "", 3, "")],
        )
    assert not Assessment.objects.exists()
