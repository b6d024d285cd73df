"""The subject-access PDF prints every letter of a name: Sámi (á č đ ŋ š ŧ ž) as well as
Norwegian. The PDF core fonts cover Latin-1 only, and printed "Ánde ?uvtto?"; the export now
embeds a Unicode font (DejaVu Sans, from the npm package dejavu-fonts-ttf)."""

import re
import zlib

SAMI_YOUTH = ("Ánde", "Ŋuvttoš")
SAMI_READER = ("Máret", "Čuđe-Ŧuolža")


def pdf_objects(pdf: bytes) -> dict[bytes, tuple[bytes, bytes]]:
    """Object number → (dictionary, decoded stream) of an uncomplicated PDF such as fpdf2's."""
    objects = {}
    for number, body in re.findall(rb"(?m)^(\d+) 0 obj\s(.*?)\sendobj", pdf, re.S):
        head, _, rest = body.partition(b"stream")
        data = b""
        if rest:
            data = rest.lstrip(b"\r\n").rsplit(b"endstream", 1)[0]
            length = re.search(rb"/Length (\d+)", head)
            data = data[: int(length.group(1))] if length else data
            if b"/FlateDecode" in head:
                data = zlib.decompress(data)
        objects[number] = (head, data)
    return objects


ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def unescape(match: re.Match) -> bytes:
    """A PDF string's backslash escape: \\n and its kind, or an octal byte such as \\050."""
    escaped = match[1]
    if escaped[:1].isdigit():
        return bytes([int(escaped, 8)])
    return ESCAPES.get(escaped, escaped)


def pdf_text(pdf: bytes) -> str:
    """The text a reader would copy out of the PDF: each shown string's glyph ids, through the
    ToUnicode map of the font in use (fpdf2 writes two-byte glyph ids, Identity-H)."""
    objects = pdf_objects(pdf)
    maps = {}
    for number, (head, _) in objects.items():
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", head)
        if to_unicode:
            cmap = objects[to_unicode.group(1)][1]
            maps[number] = {
                int(gid, 16): chr(int(code, 16))
                for gid, code in re.findall(rb"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]{4})>", cmap)
            }
    names = {name: maps.get(number, {}) for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", pdf)}
    text, cmap = [], {}
    for head, data in objects.values():
        if b"/Length" not in head or b"/Subtype" in head or b"/Length1" in head:
            continue  # not a page's content (fonts, maps, images)
        for font, string in re.findall(rb"/(F\d+) [\d.]+ Tf|\(((?:[^\\)]|\\.)*)\) Tj", data, re.S):
            if font:
                cmap = names.get(font, {})
                continue
            raw = re.sub(rb"\\([0-7]{1,3}|.)", unescape, string, flags=re.S)
            text.append(
                "".join(
                    cmap.get(int.from_bytes(raw[i : i + 2]), "?") for i in range(0, len(raw) - 1, 2)
                )
            )
    return "\n".join(text)


def test_it_prints_a_sami_name_as_written(personas, login):
    youth = personas.youth_a
    youth.first_name, youth.last_name = SAMI_YOUTH
    youth.save()
    reader = personas.los_a
    reader.first_name, reader.last_name = SAMI_READER
    reader.save()
    login(reader).get(f"/ungdom/{youth.pk}/")  # a read for the report to list

    response = login(personas.leader_a).get(f"/ungdom/{youth.pk}/innsyn.pdf")
    assert response.status_code == 200
    pdf = response.content
    assert re.search(rb"/BaseFont /\w+\+DejaVuSans", pdf), "no Unicode font embedded"
    assert b"/FontFile2" in pdf, "the font is named, not embedded"
    text = pdf_text(pdf)
    assert "Ánde Ŋuvttoš" in text, text
    assert "Máret Čuđe-Ŧuolža" in text, text
    assert "Hvem har lest" in text, text
    assert "?" not in text, text
