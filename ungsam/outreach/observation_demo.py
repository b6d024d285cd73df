"""Field observations in the demo: about eighty over the last year (and thirty in the year
before, for the trends' comparison) across the municipality's areas, with a trend to find
(vaping rising in spring, cannabis more in autumn, a party place in summer). The texts name no
one. Areas come from the organisation's demo (looked up at run time, whatever their names);
with none, no observations are made. One step of `manage.py seed_demo` (ungsam/lib/demo.py),
written with bulk_create."""

from datetime import timedelta

from ungsam.org.models import Area
from ungsam.outreach.models import Observation, ObservationTag, ObservationTagging

UNIT = "Utekontakten Sentrum"
RECORDERS = ("ulf.ute", "una.ute", "lars.leder")
OBSERVATIONS = 80  # over the last twelve months
EARLIER = 30  # over the twelve months before, for the trends' comparison
T = ObservationTag
# Baseline weight of each tag; the seasons below add to it.
BASE = {
    T.VAPING: 3,
    T.CANNABIS: 2,
    T.ALCOHOL: 3,
    T.OTHER_DRUGS: 1,
    T.PARTY_PLACE: 1,
    T.GATHERING: 3,
    T.INCIDENT: 1,
    T.VIOLENCE: 1,
    T.CRIME: 1,
    T.WEAPONS: 1,
    T.RECRUITMENT: 1,
    T.HARASSMENT: 1,
    T.LONELINESS: 2,
    T.CALM: 3,
}
SEASON = {
    T.VAPING: {3: 6, 4: 10, 5: 14, 6: 14},  # rising through the spring
    T.CANNABIS: {9: 10, 10: 14, 11: 10},  # more in the autumn
    T.PARTY_PLACE: {6: 10, 7: 16, 8: 10},  # the summer's party place
}
TEXTS = {
    T.VAPING: [
        "Flere ungdommer vaper ved inngangen til kjøpesenteret etter skoletid.",
        "Gruppe på 6–8 deler e-sigaretter bak busstasjonen.",
        "Tomme engangsvapere rundt benkene ved skolen.",
    ],
    T.CANNABIS: [
        "Lukt av cannabis ved undergangen, gruppe eldre gutter.",
        "Ungdommer sier det er lett å få tak i hasj i området nå.",
    ],
    T.ALCOHOL: [
        "Flere beruste ungdommer ved stasjonen fredag kveld.",
        "Tomme ølbokser og brusflasker med sprit i parken.",
    ],
    T.OTHER_DRUGS: ["Snakk om piller blant ungdommer ved skateparken."],
    T.PARTY_PLACE: [
        "Fest ved badeplassen, rundt 40 ungdommer, musikk til sent.",
        "Ny festplass i skogkanten bak idrettsbanen, mye søppel.",
    ],
    T.GATHERING: ["Stor samling ungdommer ved kjøpesenteret, rolig stemning."],
    T.INCIDENT: ["Krangel mellom to grupper, roet seg da vi kom."],
    T.VIOLENCE: ["Slåsskamp meldt på stasjonen før vi kom, politiet var der."],
    T.CRIME: ["Tagging og knuste ruter ved gangbrua."],
    T.WEAPONS: ["Ungdommer forteller om kniv i lomma 'for sikkerhets skyld'."],
    T.RECRUITMENT: ["Eldre ungdommer i bil prater med de yngre ved senteret."],
    T.HARASSMENT: ["Jenter forteller om kommentarer og filming på bussen."],
    T.LONELINESS: ["Ungdom alene på benken hele kvelden, tok en prat."],
    T.CALM: ["Rolig kveld, få ungdommer ute.", "Lite aktivitet på grunn av regn."],
}


def _weights(month: int) -> dict:
    return {tag: w + SEASON.get(tag, {}).get(month, 0) for tag, w in BASE.items()}


def seed(demo) -> None:
    unit = demo.units.get(UNIT)
    recorders = [demo.users[u] for u in RECORDERS if u in demo.users]
    areas = list(Area.objects.filter(municipality=demo.municipality, active=True))
    if unit is None or not recorders or not areas:
        return
    rng, today = demo.rng, demo.today
    observations, tags = [], []
    days = [rng.randint(0, 364) for _ in range(OBSERVATIONS * demo.scale)]
    days += [rng.randint(365, 729) for _ in range(EARLIER * demo.scale)]
    for back in days:
        day = today - timedelta(days=back)
        weights = _weights(day.month)
        main = rng.choices(list(weights), list(weights.values()))[0]
        chosen = {main}
        if rng.random() < 0.3:
            chosen.add(rng.choices(list(weights), list(weights.values()))[0])
        observations.append(
            Observation(
                unit=unit,
                area=rng.choice(areas),
                date=day,
                text=rng.choice(TEXTS[main]),
                recorded_by=rng.choice(recorders),
            )
        )
        tags.append(chosen)
    Observation.objects.bulk_create(observations)
    ObservationTagging.objects.bulk_create(
        ObservationTagging(observation=o, tag=t)
        for o, chosen in zip(observations, tags, strict=True)
        for t in sorted(chosen)
    )
    demo.counts["field observations"] = len(observations)
