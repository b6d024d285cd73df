"""`manage.py ot_deadlines [--date YYYY-MM-DD]`: the nightly check of deadlines and "nobody
followed up" (issue 18, point 4). Prints to standard error, per unit with open cases, how many
OT first contacts and follow-ups are overdue, how many cases have no contact person and how
many have had no contact for longer than the unit allows: counts only, no names. Exits 0; a
date that is not a date is a message and exit code 1."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.lib.forms import EARLIEST_DATE, LATEST_DATE
from ungsam.ot.followup_selectors import unit_summaries


class Command(BaseCommand):
    help = "Counts overdue OT deadlines and cases without a next step, per unit (no names)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", dest="day", help="evaluate on this day (YYYY-MM-DD); default today"
        )

    def handle(self, *args, day=None, **options):
        today = self._day(day) if day else timezone.localdate()
        summaries = unit_summaries(today=today)
        totals = dict.fromkeys(("first_contact", "follow_up", "no_owner", "no_contact"), 0)
        for s in summaries:
            for key in totals:
                totals[key] += s[key]
            self.stderr.write(
                _(
                    "%(unit)s: %(first)s first contacts overdue, %(follow)s follow-ups overdue, "
                    "%(owner)s without a contact person, %(silent)s without contact too long"
                )
                % {
                    "unit": s["unit"],
                    "first": s["first_contact"],
                    "follow": s["follow_up"],
                    "owner": s["no_owner"],
                    "silent": s["no_contact"],
                }
            )
        self.stderr.write(
            _(
                "On %(day)s, %(units)s units: %(first)s first contacts overdue, %(follow)s "
                "follow-ups overdue, %(owner)s without a contact person, %(silent)s without "
                "contact too long."
            )
            % {
                "day": today.isoformat(),
                "units": len(summaries),
                "first": totals["first_contact"],
                "follow": totals["follow_up"],
                "owner": totals["no_owner"],
                "silent": totals["no_contact"],
            }
        )

    @staticmethod
    def _day(text: str) -> date:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            day = None
        if day is None or len(text) != 10 or not EARLIEST_DATE <= day <= LATEST_DATE:
            raise CommandError(_("--date must be a date as YYYY-MM-DD, between 2000 and 2999."))
        return day
