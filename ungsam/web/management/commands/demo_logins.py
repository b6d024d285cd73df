from django.core.management.base import BaseCommand

from ungsam.org.demo import DEMO_PASSWORD, DEMO_USERS
from ungsam.org.models import Role


class Command(BaseCommand):
    help = "Prints the demo logins, one per line: username / password  (role, unit)."

    def handle(self, *args, **options):
        self.stdout.write("Demo logins (fictitious people):")
        for demo in DEMO_USERS:
            place = demo.place or "Fiktivik kommune"
            self.stdout.write(
                f"{demo.username} / {DEMO_PASSWORD}  ({Role(demo.role).label}, {place})"
            )
