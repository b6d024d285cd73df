"""The layers of DESIGN.md, enforced: views never query personal-data models themselves;
they call selectors (reads) and services (writes), which go through the access policy."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "ungsam"
PERSONAL_DATA_MODELS = {
    "Youth",
    "Guardian",
    "Case",
    "CaseContact",
    "AuditEvent",
    # The ot app's records about one youth (issue 18).
    "StudentPeriod",
    "RiskFlag",
    "OTRegistration",
    "OTStatusChange",
    "RoutingNotice",
    "FindRequest",
    "UnitHandover",
}
VIEW_MODULES = sorted(
    p
    for p in ROOT.rglob("*.py")
    if p.name in {"views.py", "api.py"} or p.name.endswith("_views.py")
)


def offences(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        # Youth.objects..., Case.objects...
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id in PERSONAL_DATA_MODELS
        ):
            found.append(f"{path.name}:{node.lineno} {node.value.id}.{node.attr}")
        # get_object_or_404(Youth, ...), get_list_or_404(Case, ...)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"get_object_or_404", "get_list_or_404"}
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in PERSONAL_DATA_MODELS
        ):
            found.append(f"{path.name}:{node.lineno} {node.func.id}({node.args[0].id})")
        # Importing the models at all is the first step towards querying them.
        if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith(".models"):
            names = {alias.name for alias in node.names} & PERSONAL_DATA_MODELS
            found.extend(f"{path.name}:{node.lineno} imports {n}" for n in sorted(names))
    return found


def test_it_finds_view_modules():
    assert len(VIEW_MODULES) >= 4


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_it_keeps_personal_data_queries_out_of_views(path):
    assert offences(path) == []


def test_the_check_catches_a_direct_query(tmp_path):
    bad = tmp_path / "views.py"
    bad.write_text(
        "from ungsam.people.models import Youth\n"
        "def v(request, pk):\n"
        "    return get_object_or_404(Youth, pk=pk), Youth.objects.all()\n"
    )
    assert len(offences(bad)) == 3


# --- Role checks live in the access policy --------------------------------------------------

POLICY_DIR = ROOT / "access" / "policy"
# Where role names are data, not decisions: the model that defines them, the demo municipality.
ROLE_DATA_MODULES = {
    ROOT / "org" / "models.py",
    ROOT / "org" / "demo.py",
    ROOT / "settings.py",  # the roles that need MFA or see protected addresses: configuration
    ROOT / "org" / "management" / "commands" / "create_admin.py",  # makes admins, nothing else
}


def role_literals(path: Path) -> list[str]:
    """Role names used to decide: compared (`== "leader"`, `in ("admin", …)`), filtered on
    (`role="leader"`), passed to a role check (`has_role(user, "leader")`), or `Role.LEADER`.
    ("partner" is also a field name, so a bare string elsewhere is not a decision.)"""
    from ungsam.org.models import Role

    values, names = set(Role.values), set(Role.names)

    def is_role(node) -> bool:
        if isinstance(node, ast.Constant):
            return node.value in values
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            return any(is_role(e) for e in node.elts)
        return False

    def callee(node: ast.Call) -> str:
        f = node.func
        return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")

    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        where = f"{path.name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Compare) and any(
            is_role(n) for n in [node.left, *node.comparators]
        ):
            found.append(f"{where} compares a role name")
        if isinstance(node, ast.Call):
            if any(k.arg and k.arg.startswith("role") and is_role(k.value) for k in node.keywords):
                found.append(f"{where} filters on a role name")
            if "role" in callee(node).lower() or callee(node).endswith("_ids"):
                if any(is_role(a) for a in node.args):
                    found.append(f"{where} passes a role name to {callee(node)}()")
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "Role"
            and node.attr in names
        ):
            found.append(f"{where} Role.{node.attr}")
    return found


DECIDING_MODULES = sorted(
    p
    for p in ROOT.rglob("*.py")
    if "migrations" not in p.parts and POLICY_DIR not in p.parents and p not in ROLE_DATA_MODULES
)


@pytest.mark.parametrize("path", DECIDING_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_it_keeps_role_checks_in_the_policy(path):
    """A view or service that compares role strings decides access outside the policy, where
    no test of the policy sees it. Ask the policy a question with a name instead."""
    assert role_literals(path) == []


def test_the_role_check_catches_a_literal_and_an_attribute(tmp_path):
    bad = tmp_path / "views.py"
    bad.write_text(
        "def v(request):\n"
        "    if policy.has_role(request.user, 'leader') or Role.ADMIN in roles:\n"
        "        return Role.choices\n"
    )
    assert len(role_literals(bad)) == 2
    worse = tmp_path / "services.py"
    worse.write_text(
        "def s(actor, unit):\n"
        "    if unit.pk not in policy.unit_ids(actor, 'caseworker', 'leader'):\n"
        "        raise PermissionDenied\n"
        "    Membership.objects.filter(role__in=['admin'], partner=None)\n"
        "    Unit.objects.select_related('partner')\n"
        "    return m.role == 'leader'\n"
    )
    assert len(role_literals(worse)) == 3


def policy_imports(path: Path) -> list[str]:
    """What a policy module imports from Ungsam other than models, the audit module and its
    own package: the policy answers questions, it must not lean on views, services or forms."""
    allowed = ("ungsam.access.audit", "ungsam.access.policy")
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        modules = []
        if isinstance(node, ast.ImportFrom) and node.module == "ungsam.access":
            modules = [f"ungsam.access.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        for module in modules:
            if not module.startswith("ungsam"):
                continue
            if module.endswith(".models") or module.startswith(allowed):
                continue
            found.append(f"{path.name}:{node.lineno} {module}")
    return found


POLICY_MODULES = sorted(POLICY_DIR.glob("*.py"))


def test_it_finds_the_policy_package():
    assert len(POLICY_MODULES) >= 5


@pytest.mark.parametrize("path", POLICY_MODULES, ids=lambda p: p.name)
def test_it_keeps_the_policy_free_of_everything_but_models_and_the_audit_log(path):
    assert policy_imports(path) == []


def test_the_policy_import_check_catches_a_service(tmp_path):
    bad = tmp_path / "cases.py"
    bad.write_text(
        "from ungsam.cases import services\nfrom ungsam.cases.models import Case\n"
        "import ungsam.web.views\nfrom ungsam.access import audit\n"
    )
    assert len(policy_imports(bad)) == 2


# --- Domain apps below the web app; lib below the domain apps -------------------------------

DOMAIN_APPS = ("org", "access", "people", "cases", "stats")
LIB_DIR = ROOT / "lib"


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every Ungsam module a file imports: `import`, `from … import` (relative ones resolved),
    and `import_module("…")` / `import_string("…")` with a written-out name."""
    try:
        package = ["ungsam", *path.relative_to(ROOT).parent.parts]
    except ValueError:
        package = ["ungsam"]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *filter(None, [base])])
            # `from ungsam import web` imports the module ungsam.web.
            names = [f"{base}.{alias.name}" for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", ""))
            in {"import_module", "import_string", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        found.extend((node.lineno, name) for name in names if name.startswith("ungsam."))
    return found


def web_imports(path: Path) -> list[str]:
    return [
        f"{path.name}:{line} {name}"
        for line, name in imported_modules(path)
        if name == "ungsam.web" or name.startswith("ungsam.web.")
    ]


DOMAIN_MODULES = sorted(p for app in DOMAIN_APPS for p in (ROOT / app).rglob("*.py"))


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_it_finds_the_domain_apps(app):
    assert (ROOT / app / "apps.py").exists()


@pytest.mark.parametrize("path", DOMAIN_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_it_keeps_the_domain_apps_free_of_the_web_app(path):
    """The web app (layout, dashboard, the demo command) sits on top of the domain apps: a
    domain app that imports it cannot be used, tested or split out without it, and a later
    app's demo data or helpers would end up in `web` again."""
    assert web_imports(path) == []


def test_the_web_import_check_catches_every_form(tmp_path):
    bad = tmp_path / "services.py"
    bad.write_text(
        "import ungsam.web.views\nfrom ungsam.web.demo import DEMO_USERS\n"
        "from ungsam import web\nfrom ungsam.webhooks import x\n"
        "from importlib import import_module\nimport_module('ungsam.web.demo')\n"
    )
    assert len(web_imports(bad)) == 4


@pytest.mark.parametrize("path", sorted(LIB_DIR.glob("*.py")), ids=lambda p: p.name)
def test_it_keeps_lib_below_the_domain_apps(path):
    """`ungsam/lib` holds helpers every app may use, so it imports none of them (nor web)."""
    assert [name for _, name in imported_modules(path) if not name.startswith("ungsam.lib")] == []


# --- One name, one meaning ------------------------------------------------------------------


def passes_straight_to_the_policy(node: ast.FunctionDef) -> bool:
    """`def x(...): return policy.x(...)`: the same name for the very same answer."""
    body = [
        s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]
    call = body[0].value if len(body) == 1 and isinstance(body[0], ast.Return) else None
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "policy"
        and call.func.attr == node.name
    )


def name_clashes(path: Path, public: set[str]) -> list[str]:
    return [
        f"{path.name}: {node.name}"
        for node in ast.parse(path.read_text()).body
        if isinstance(node, ast.FunctionDef)
        and node.name in public
        and not passes_straight_to_the_policy(node)
    ]


@pytest.mark.parametrize(
    "path", sorted(ROOT.rglob("selectors.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_it_names_selectors_apart_from_the_policy(path):
    """A selector named like a policy function reads as the policy's answer while it does
    something else (a gatekeeper's 404 where the policy gives a queryset, pages, the audit
    log): one name, one meaning."""
    from ungsam.access import policy

    assert name_clashes(path, set(policy.__all__)) == []


def test_the_name_check_catches_a_selector_that_answers_something_else(tmp_path):
    bad = tmp_path / "selectors.py"
    bad.write_text(
        "def youth_visible_to(*, actor, youth_id):\n"
        "    return policy.access_youth(actor, youth_id)\n"
        "def may_view_audit_log(user):\n"
        "    'The same answer.'\n"
        "    return policy.may_view_audit_log(user)\n"
    )
    assert name_clashes(bad, {"youth_visible_to", "may_view_audit_log"}) == [
        "selectors.py: youth_visible_to"
    ]


def youth_field_lists(path: Path) -> list[str]:
    """Tuples or lists written out with the youth's own fields (birth_date with a name)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Tuple | ast.List):
            values = {e.value for e in node.elts if isinstance(e, ast.Constant)}
            if "birth_date" in values and values & {"first_name", "last_name"}:
                found.append(f"{path.name}:{node.lineno}")
    return found


YOUTH_MODEL = ROOT / "people" / "models.py"


@pytest.mark.parametrize(
    "path",
    sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts and p != YOUTH_MODEL),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_it_writes_the_youth_field_lists_once_on_the_model(path):
    """Which youth fields are personal data, which a list shows, which rule 8 hides: written on
    `Youth` only, so the audit log, the policy and the pages cannot drift apart."""
    assert youth_field_lists(path) == []
