"""Arbitrary input to the report-of-concern forms: a 4xx or a redirect, never a 500; a report
written only when every field the national form needs is right, and then one that validates
against the v2 schema whatever the free text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.concerns.helpers import child_welfare, draft
from ungsam.concerns import document
from ungsam.concerns.models import ConcernReport

text = st.text(max_size=120)
maybe = st.one_of(st.none(), text, st.integers().map(str))
CHECKS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def fields(**spec):
    return st.fixed_dictionaries({}, optional=spec).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


@CHECKS
@given(
    data=fields(
        grounds=st.lists(st.one_of(maybe, st.sampled_from(["neglect", "abuse"])), max_size=3),
        assessment=text,
        acute=maybe,
        recipient=maybe,
        reporter_role=text,
        reporter_phone=st.one_of(text, st.sampled_from(["912 34 567", "+4791234567"])),
        reporter_email=st.one_of(text, st.just("kari@testvik.kommune.no")),
        child_told=st.one_of(maybe, st.sampled_from(["yes", "no"])),
        child_not_told_reason=text,
        report=text,
        history=text,
        other_views=text,
        interpreter=text,
        other_services=text,
    )
)
def test_the_report_form_never_fails_and_writes_only_a_valid_report(personas, login, data):
    client = login(personas.los_a)
    case = personas.youth_a.cases.get()
    if data.get("recipient") == "0":
        data["recipient"] = str(child_welfare(personas).pk)
    before = ConcernReport.objects.count()
    response = client.post(f"/saker/{case.pk}/bekymring/ny/", data)
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 302:
        report = ConcernReport.objects.order_by("-id").first()
        doc = document.build(
            report, national_id="", guardians=[], sent_at=report.created_at, channel="letter"
        )
        document.validate(doc)
    else:
        assert ConcernReport.objects.count() == before


@CHECKS
@given(
    data=fields(
        channel=st.one_of(maybe, st.sampled_from(["letter", "fiks", "other"])),
        sent_on=st.one_of(maybe, st.dates().map(str)),
        sent_time=maybe,
        sent_note=text,
    )
)
def test_the_send_form_never_fails(personas, login, data):
    report = draft(personas)
    response = login(personas.los_a).post(f"/bekymringsmeldinger/{report.pk}/sendt/", data)
    assert response.status_code in (302, 400), response.status_code
    report.refresh_from_db()
    assert (response.status_code == 302) is (not report.is_draft)


@CHECKS
@given(
    data=fields(
        receipt_confirmed_on=st.one_of(maybe, st.dates().map(str)),
        investigation_opened=st.one_of(maybe, st.sampled_from(["yes", "no"])),
        investigation_opened_on=st.one_of(maybe, st.dates().map(str)),
        investigation_ended_on=st.one_of(maybe, st.dates().map(str)),
        final_feedback_on=st.one_of(maybe, st.dates().map(str)),
    )
)
def test_the_feedback_form_never_fails(personas, login, data):
    from tests.concerns.helpers import sent

    report = sent(personas, days_ago=30)
    response = login(personas.los_a).post(f"/bekymringsmeldinger/{report.pk}/tilbakemelding/", data)
    assert response.status_code in (302, 400), response.status_code
