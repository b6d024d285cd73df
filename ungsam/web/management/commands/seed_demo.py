"""Builds the fictitious municipality of Fiktivik: districts, units, partners, places, users of
every role, youth with cases, and some history in the audit log. `--scale N` builds N times the
youth and workers, for benchmarks.

Each app owns its demo data: one step per app, a module with `seed(demo)`, run in the order of
STEPS with a shared context (ungsam/lib/demo.py). A later app adds its data with a module and
one line here."""

from importlib import import_module

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ungsam.access.audit import SystemActor
from ungsam.lib.demo import DemoContext
from ungsam.org.models import Municipality

STEPS = [
    "ungsam.org.demo",  # the municipality, its units, partners, places, staff and their roles
    "ungsam.ot.demo",  # which OT unit serves which home municipalities, in two counties
    "ungsam.people.demo",  # youth
    "ungsam.cases.demo",  # their cases and contact persons
    "ungsam.plans.demo",  # assessments of the followed-up cases
    "ungsam.collab.demo",  # consents in every state, to the school, child welfare and NAV
    "ungsam.collab.disclosure_demo",  # disclosures: one by consent, one to avert danger to life
    "ungsam.collab.team_demo",  # teams around the youth, one handover awaiting an answer
    "ungsam.collab.pathway_demo",  # the common service pathway, cases at each step, some overdue
    "ungsam.collab.meeting_demo",  # the teams' meetings, minutes, a rule; open actions for partners
    "ungsam.collab.request_demo",  # requests to and from other services, in every status
    "ungsam.cases.meeting_demo",  # team meetings and transitions to upper-secondary school
    "ungsam.cases.journal_demo",  # journal entries, corrections, drafts, attachments
    "ungsam.concerns.demo",  # reports of concern in each state, a request from child welfare
    "ungsam.collab.shared_demo",  # what partners see: a summary for the team, a task for the school
    "ungsam.plans.ip_demo",  # one individual plan, with NAV, child welfare and the school
    "ungsam.collab.inquiry_demo",  # inquiries without consent and anonymous guidance, by service
    "ungsam.outreach.shift_demo",  # a staffing plan and a year of shifts against it
    "ungsam.outreach.tally_demo",  # a year of anonymous contacts for the outreach unit
    "ungsam.outreach.group_demo",  # the outreach unit's groups, weekly through the school year
    "ungsam.outreach.observation_demo",  # field observations over the year, with a trend
    "ungsam.outreach.conversation_demo",  # a year of follow-up conversations, code names
    "ungsam.stats.leader_demo",  # referrals, first contacts, closed cases' assessments, handovers
    # The previous year from the older system (ungsam.transfer.demo's bundle), imported by the
    # outreach unit's leader through the import page's own job: upload, check, import.
    "ungsam.transfer.import_job_demo",
    # Four periods of school data from the two Fiktivik schools, imported as the system: risk
    # flags with history, and students who quit routed to OT Fiktivik and OT Nabovik.
    "ungsam.ot.school_import_demo",
    # The OT register: youth in every Udir status group at OT Fiktivik and OT Nabovik, dated
    # histories and contacts, one moved to another county, one routed here, unseen notices.
    "ungsam.ot.register_demo",
    "ungsam.ot.handover_demo",  # OT asks outreach to find youth; los hands youth to OT; meetings
    # OT deadlines, youth past them, and quiet cases for the leaders' "no next step" lists
    "ungsam.ot.followup_demo",
    "ungsam.access.demo",  # a little history in the audit log
    "ungsam.access.emergency_demo",  # break the glass: one access reviewed, one awaiting review
]


class Command(BaseCommand):
    help = "Builds the fictitious demo municipality Fiktivik (all names are made up)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="N times the youth and workers")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when the database has data"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (repeatable data)")

    def handle(self, *args, scale, if_empty, seed, **options):
        if scale < 1 or scale > 1000:
            raise CommandError("--scale must be between 1 and 1000")
        if Municipality.objects.exists():
            if if_empty:
                self.stdout.write("The database already has data; demo data not loaded.")
                return
            raise CommandError("The database already has data. Use a fresh database.")
        demo = DemoContext(scale=scale, system=SystemActor("seed_demo"), seed=seed)
        with transaction.atomic():
            for step in STEPS:
                demo.start_step(step)
                import_module(step).seed(demo)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo municipality Fiktivik: "
                + ", ".join(f"{n} {what}" for what, n in demo.counts.items())
            )
        )
