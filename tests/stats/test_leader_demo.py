"""The demo gives the leaders' dashboards something to show: outcomes over the year, first and
latest assessments, first contacts after referrals, handovers, and positions in past months."""


def test_the_demo_fills_every_dashboard_of_the_leaders(db, demo_data, demo_login):
    totals = {}
    for username in ("leo.leder", "lars.leder"):
        response = demo_login(username).get("/statistikk/leder/")
        assert response.status_code == 200
        figures = response.context["figures"]
        assert all(m.capacity > 0 for m in figures.load)  # staff hired before the fiction
        assert sum(m.followed for m in figures.load) > 0
        for key, value in (
            ("closed", figures.outcomes.total),
            ("months with closures", sum(1 for m in figures.outcomes.months if m.total)),
            ("assessed", figures.assessments.cases),
            ("met", figures.first_contact.contacted),
            ("handovers", figures.continuity.changed),
            ("kept", figures.continuity.kept),
        ):
            totals[key] = totals.get(key, 0) + value
    assert totals["closed"] >= 8 and totals["months with closures"] >= 5
    assert totals["assessed"] >= 10 and totals["met"] >= 20
    assert totals["handovers"] >= 1 and totals["kept"] >= 5
