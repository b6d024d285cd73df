"""Bundles for the import tests: the documented sample (docs/importpakke-eksempel/) and small
ones written in the test, file by file."""

import shutil
from pathlib import Path

import pytest

from ungsam.transfer.demo import SAMPLE_DIR

HEADERS = {
    "places": "id,name,area,kind",
    "contacts": "id,date,place_id,channel,gender,age_group,count",
    "youths": "id,first_name,last_name,birth_date,gender",
    "conversations": "id,date,youth_id,channel",
    "groups": "id,name,kind",
    "attendance": "id,group_id,date,youth_id",
    "collaborations": "id,date,youth_id,direction,service,consent",
    "concern_reports": "id,date,youth_id,kind",
}


def write(folder: Path, files: dict[str, list[str] | str | bytes]) -> Path:
    """Each file: a list of data lines (the header is added), or its whole content."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / f"{name}.csv"
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text("\n".join([HEADERS[name], *content]) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def bundle_dir(tmp_path):
    def make(files, name="pakke"):
        return write(tmp_path / name, files)

    return make


@pytest.fixture
def sample(tmp_path) -> Path:
    """A copy of the documented sample bundle."""
    return Path(shutil.copytree(SAMPLE_DIR, tmp_path / "eksempel"))


SMALL = {
    "places": ["p1,Torget,Sentrum,street", "p2,Skolegården,Nord,school"],
    "contacts": [
        "c1,2025-03-01,p1,field,girl,vgs,3",
        "c2,2025-03-02,p2,internet,boy,over18,1",
    ],
    "youths": ["y1,Kari,Testesen,2008-01-01,girl", "y2,Per,Prøvesen,2009-02-02,boy"],
    "conversations": ["c1,2025-04-01,y1,street", "s2,2025-04-02,,phone"],
    "groups": ["g1,Jentegruppa,girls"],
    "attendance": [
        "a1,g1,2025-05-01,y1",
        "a2,g1,2025-05-01,",
        "a3,g1,2025-05-01,",
        "a4,g1,2025-05-08,y1",
    ],
    "collaborations": [
        "k1,2025-06-01,y1,outgoing,nav,yes",
        "k2,2025-06-02,,incoming,skole,yes",
        "k3,2025-06-03,,outgoing,politi,no",
    ],
    "concern_reports": ["r1,2025-02-01,y2,report", "r2,2025-07-01,y1,information_request_answered"],
}
