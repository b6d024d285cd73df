import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ungsam.access import policy
from ungsam.access.models import AuditEvent
from ungsam.org.models import Membership, Municipality, User


def test_it_makes_the_first_admins_of_a_new_municipality(db, capsys):
    call_command(
        "create_admin",
        "--municipality-number=0301",
        "--municipality-name=Oslo kommune",
        "--username=forste.admin",
    )
    password = capsys.readouterr().out.strip()
    admin = User.objects.get(username="forste.admin")
    assert admin.check_password(password) and admin.must_set_password
    oslo = Municipality.objects.get(number="0301")
    assert Membership.objects.get(user=admin).status == "direct"
    assert policy.administered_municipality_ids(admin) == {oslo.pk}
    assert AuditEvent.objects.filter(actor_label="system:create_admin", chain=oslo.pk).exists()


def test_it_refuses_an_unknown_municipality_without_a_name(db):
    with pytest.raises(CommandError, match="--municipality-name"):
        call_command("create_admin", "--municipality-number=0301", "--username=x.y")
