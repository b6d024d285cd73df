import pytest
from tests.e2e.conftest import log_in, run_axe
from ungsam.org.models import User
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDEST = """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.textContent||'').trim().slice(0,40))"""

def test_debug(demo, live_server, page):
    base = live_server.url
    log_in(page, base, "adam.admin")
    uid = User.objects.get(username="lise.los").pk
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ["/", "/konto/2fa/", f"/brukere/{uid}/", "/konto/sessions/", "/brukere/", "/logg/"]:
        page.goto(base + path)
        name = path.strip("/").replace("/", "_") or "root"
        page.screenshot(path=f"/tmp/shot_{name}.png", full_page=True)
        print(path, page.evaluate(WIDEST)[:12])
        r = page.evaluate("o => axe.run(document, o)", {"runOnly": {"type": "tag", "values": ["wcag2a","wcag2aa","wcag21a","wcag21aa"]}}) if run_axe(page) is not None else None
        print("incomplete", [(i["id"], [n["target"] for n in i["nodes"]][:4]) for i in r["incomplete"]])
