"""The demo's finished import job: Lars, the outreach unit's leader, brought the year before
last from the unit's older system as an import bundle (places, anonymous contacts and
conversations) through the import page's own steps: upload, check, import. Its page shows the
preview and the full progress bar. One step of `manage.py seed_demo` (ungsam/lib/demo.py);
it runs the check and the import in this process rather than queuing them."""

import io
import zipfile
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from ungsam.transfer import job_services
from ungsam.transfer.models import ImportStatus

UNIT = "Utekontakten Sentrum"
LEADER = "lars.leder"
# The old system's places: two the app knows by name, one it no longer visits.
PLACES = [
    ("s-1", "Torget", "Sentrum", "street"),
    ("s-2", "Skateparken", "Nordby", "street"),
    ("s-3", "Gamle ungdomshuset", "Søndre", "youth_club"),
]
CHANNELS = ("field", "field", "field", "internet", "social_media", "gaming")
GENDERS = ("girl", "boy", "boy", "girl", "other", "unknown")
AGE_GROUPS = ("ungdomsskole", "ungdomsskole", "vgs", "vgs", "barneskole", "over18")
CONVERSATION_CHANNELS = ("street", "school", "phone", "social_media", "office")


def _csv(header: str, rows: list[tuple]) -> str:
    return header + "\n" + "".join(",".join(map(str, row)) + "\n" for row in rows)


def bundle(rng, year: int) -> bytes:
    """The old system's export for one year, as a .zip."""
    first = date(year, 1, 1)
    days = (date(year, 12, 31) - first).days
    contacts = [
        (
            f"k-{i}",
            (first + timedelta(days=rng.randrange(days))).isoformat(),
            rng.choice(PLACES)[0],
            rng.choice(CHANNELS),
            rng.choice(GENDERS),
            rng.choice(AGE_GROUPS),
            rng.randint(1, 6),
        )
        for i in range(1, 241)
    ]
    conversations = [
        (
            f"s-{i}",
            (first + timedelta(days=rng.randrange(days))).isoformat(),
            "",
            rng.choice(CONVERSATION_CHANNELS),
        )
        for i in range(1, 61)
    ]
    files = {
        "places.csv": _csv("id,name,area,kind", PLACES),
        "contacts.csv": _csv("id,date,place_id,channel,gender,age_group,count", contacts),
        "conversations.csv": _csv("id,date,youth_id,channel", conversations),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(f"utekontakten-{year}/{name}", text)
    return buffer.getvalue()


def seed(demo) -> None:
    unit, leader = demo.units.get(UNIT), demo.users.get(LEADER)
    if unit is None or leader is None:
        return
    year = demo.today.year - 2
    upload = SimpleUploadedFile(f"utekontakten-{year}.zip", bundle(demo.rng, year))
    job = job_services.upload_bundle(actor=leader, unit=unit, upload=upload, run_now=True)
    if job.status == ImportStatus.CHECKED:
        job = job_services.start_import(actor=leader, job=job, run_now=True)
    demo.counts["import jobs"] = 1 if job.status == ImportStatus.DONE else 0
