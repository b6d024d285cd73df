"""The measures seed 000 (Los på Løkka) names: the catalog every municipality starts with. Data
in Norwegian, like the names of units and places: the municipality's admin renames, adds and
retires them on the organization page."""

SEED_MEASURES = (
    "Leksehjelp",
    "Vekking og følge til skolen",
    "Foreldreveiledningsgruppe (ICDP)",
    "Veiledning av foresatte",
    "Tilpasset undervisning",
    "Alternativ mestringsarena",
    "Deltidsjobb eller sommerjobb",
    "Mentor eller miljøarbeider",
    "Frivillig rusprøvekontrakt",
    "Samtaler om rusbruk og hasjavvenning",
    "Fritidsaktivitet",
    "Hjelp til botilbud",
    "Bistand i kontakt med hjelpeapparatet",
    "Faste oppfølgingssamtaler med skole og hjem",
    "Oppfølging ved skolestart",
)
