"""Makes an administrator of a municipality from the server's shell — the first two of a new
installation, or a replacement when none is left. Run by the operator, who holds the server:
the system gives the role (recorded as `system:create_admin`), in force at once. Prints a
one-time password; the admin chooses her own at first login and then sets up two factors.

Approvals need a second person, so a municipality needs two admins (or an admin and unit
leaders) before admins can give roles that read personal data: run this twice."""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ungsam.access.audit import SystemActor
from ungsam.org import services
from ungsam.org.models import Municipality, Role, User
from ungsam.plans import services as plan_services


class Command(BaseCommand):
    help = "Create an administrator of a municipality (prints a one-time password)."

    def add_arguments(self, parser):
        parser.add_argument("--municipality-number", required=True, help="e.g. 0301")
        parser.add_argument(
            "--municipality-name", help="creates the municipality if the number is new"
        )
        parser.add_argument("--username", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, **options):
        number = options["municipality_number"]
        municipality = Municipality.objects.filter(number=number).first()
        if municipality is None:
            if not options["municipality_name"]:
                raise CommandError(
                    f"No municipality {number}: give --municipality-name to create it."
                )
            municipality = Municipality(number=number, name=options["municipality_name"])
        if User.objects.filter(username=options["username"]).exists():
            raise CommandError(f"The username {options['username']} is taken.")
        password = services.one_time_password()
        try:
            with transaction.atomic():
                if municipality.pk is None:
                    municipality.full_clean()
                    municipality.save()
                    # A new municipality starts with seed 000's measures for action plans.
                    plan_services.measure_catalog_seed(
                        actor=SystemActor("create_admin"), municipality=municipality
                    )
                services.user_create(
                    actor=SystemActor("create_admin"),
                    username=options["username"],
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                    email=options["email"],
                    password=password,
                    role=Role.ADMIN,
                    municipality=municipality,
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        print(f"Administrator {options['username']} of {municipality}.", file=sys.stderr)
        self.stdout.write(password)
