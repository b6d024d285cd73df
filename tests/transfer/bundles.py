"""Small import bundles built in memory for the tests of the import pages."""

import io
import zipfile

PLACES = "id,name,area,kind\npl-1,Torget,,street\npl-2,Ungdomsklubben,,youth_club\n"
YOUTHS = "id,first_name,last_name,birth_date,gender\ny-1,Ida,Importsen,2009-03-04,girl\n"
CONVERSATIONS = "id,date,youth_id,channel\ncon-1,2025-02-03,y-1,street\ncon-2,2025-02-04,,phone\n"


def contacts(rows: int) -> str:
    lines = ["id,date,place_id,channel,gender,age_group,count"]
    lines += [
        f"con-{i},2025-01-{1 + i % 28:02d},pl-{1 + i % 2},field,girl,vgs,1" for i in range(rows)
    ]
    return "\n".join(lines) + "\n"


def zipped(files: dict[str, str], *, folder: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(folder + name, text)
    return buffer.getvalue()


def valid_bundle(contact_rows: int = 3) -> bytes:
    return zipped(
        {
            "places.csv": PLACES,
            "contacts.csv": contacts(contact_rows),
            "youths.csv": YOUTHS,
            "conversations.csv": CONVERSATIONS,
        }
    )


def invalid_bundle() -> bytes:
    """Two errors: a bad channel on contacts line 3, and a place no file names on line 4."""
    bad = (
        "id,date,place_id,channel,gender,age_group,count\n"
        "con-1,2025-01-02,pl-1,field,girl,vgs,1\n"
        "con-2,2025-01-03,pl-1,telepathy,girl,vgs,1\n"
        "con-3,2025-01-04,pl-9,field,girl,vgs,1\n"
    )
    return zipped({"places.csv": PLACES, "contacts.csv": bad})
