import pytest

from tests.org.oidc_standin import StandInProvider
from ungsam.org import oidc_csp


@pytest.fixture
def oidc_standin(settings, db):
    """A stand-in ID-porten, configured as the only provider, requiring idporten-loa-high."""
    stand_in = StandInProvider()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": [stand_in.app()],
        }
    }
    settings.OIDC_REQUIRED_ACR = {"idporten": ["idporten-loa-high"]}
    oidc_csp.clear_cache()
    yield stand_in
    oidc_csp.clear_cache()
    stand_in.stop()
