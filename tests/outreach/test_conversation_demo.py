"""The demo's follow-up conversations: a year of Utekontakten Sentrum's, named ones through
the unit's own cases, some anonymous and some under code names, and "Fjellrev", who became a
named youth with her earlier conversations on the new case."""

from ungsam.outreach.models import CodeName, Conversation
from ungsam.transfer.models import ImportedRow


def test_the_demo_has_a_year_of_conversations_and_a_registered_code_name(
    db, demo_data, client, demo_login
):
    # Not the year before, imported from the older system (ungsam/transfer/demo.py).
    imported = ImportedRow.objects.filter(file="conversations").values("object_id")
    rows = Conversation.objects.filter(unit__name="Utekontakten Sentrum").exclude(pk__in=imported)
    assert 120 <= rows.count() <= 180
    assert rows.filter(anonymous=True).count() >= 10
    assert rows.filter(case__isnull=True, code_name__isnull=False).count() >= 6
    assert not rows.filter(case__isnull=False).exclude(case__unit__name="Utekontakten Sentrum")
    assert rows.values("topics__topic").distinct().count() >= 8
    fjellrev = CodeName.objects.get(code="Fjellrev")
    assert fjellrev.case is not None and fjellrev.registered_at is not None
    moved = fjellrev.conversations.all()
    assert moved.exists() and not moved.filter(case__isnull=True).exists()
    assert set(CodeName.objects.filter(case__isnull=True).values_list("code", flat=True)) == {
        "Ravn",
        "Stjerne",
    }
    demo_login("lars.leder")
    page = client.get("/feltarbeid/samtaler/").content.decode()
    assert "Oppfølgingssamtaler" in page and "Etter tema" in page
    assert "Ravn" in client.get("/feltarbeid/samtaler/kodenavn/").content.decode()
