"""The demo's inquiries: several services in both directions over the year, some anonymous
guidance from SLT and BTI meetings, on the los's list and in the analyst's statistics."""

from django.db.models import Count

from ungsam.collab.models import Inquiry


def test_the_demo_has_inquiries_by_several_services_both_ways(db, demo_data, client, demo_login):
    kinds = dict(Inquiry.objects.values_list("kind").annotate(n=Count("id")))
    assert kinds["inquiry"] >= 40 and kinds["anonymous_guidance"] >= 5
    assert Inquiry.objects.values("service").distinct().count() >= 6
    assert set(Inquiry.objects.values_list("direction", flat=True)) == {"incoming", "outgoing"}
    assert Inquiry.objects.exclude(meeting="").filter(age_group__gt="").exists()
    assert Inquiry.objects.values("unit").distinct().count() == 4
    demo_login("lise.los")
    page = client.get("/henvendelser/").content.decode()
    assert "Henvendelser uten samtykke" in page and "Anonym veiledning" in page
    assert client.get("/henvendelser/anonym-drofting/").status_code == 200
    demo_login("ana.analytiker")
    stats = client.get("/statistikk/").content.decode()
    assert "Henvendelser og anonym veiledning per tjeneste" in stats
    assert "Politi" in stats
