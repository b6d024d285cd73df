"""The layers of DESIGN.md, enforced: views never query personal-data models themselves;
they call selectors (reads) and services (writes), which go through the access policy."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "ungsam"
PERSONAL_DATA_MODELS = {"Youth", "Case", "CaseContact", "AuditEvent"}
VIEW_MODULES = sorted(p for p in ROOT.rglob("*.py") if p.name in {"views.py", "api.py"})


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
