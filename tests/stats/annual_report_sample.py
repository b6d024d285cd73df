"""A hand-made annual report in the JSON contract of issue 17 (item 2), for the renderers'
tests: figures from seed 004 where it has them, and a suppressed twin as
ungsam.stats.suppression would give it with N = 5."""

import copy


def sample_report(**changes) -> dict:
    report = {
        "unit": "utekontakten",
        "year": 2025,
        "outreach": {
            "contacts": {"field": 1234, "internet": 463, "social_media": 120, "gaming": 0},
            "field_change_from_previous_year_pct": 12.5,
            "by_place": [
                {"area": "Skedsmokorset", "place": "Sten-Tærud", "kind": "school", "contacts": 517},
                {"area": "Skedsmokorset", "place": "Tæruddalen", "kind": "school", "contacts": 611},
                {
                    "area": "Strømmen",
                    "place": "Strømmen storsenter",
                    "kind": "station",
                    "contacts": 106,
                },
            ],
            "by_age_group": {
                "barneskole": 40,
                "ungdomsskole": 1100,
                "vgs": 500,
                "over18": 77,
                "unknown": 100,
            },
            "by_gender": {"girl": 900, "boy": 850, "other": 3, "unknown": 64},
        },
        "conversations": {"total": 445, "unique_youths": 93, "anonymous": 35},
        "groups": {
            "by_kind": {
                "life_mastery": {
                    "unique_youths": 139,
                    "participations": 779,
                    "anonymous_participations": 0,
                },
                "gaming": {
                    "unique_youths": 49,
                    "participations": 221,
                    "anonymous_participations": 67,
                },
            },
            "total": {"unique_youths": 170, "participations": 1000, "anonymous_participations": 67},
        },
        "collaboration": {
            "with_consent": {
                "total": 160,
                "unique_youths": 40,
                "incoming": {"barnevern": 6, "foresatte": 20, "politi": 4},
                "outgoing": {"barnevern": 11, "ung_i_jobb": 17, "politi": 16},
            },
            "anonymous_guidance": 4,
            "without_consent": {"total": 99, "by_service": {"foresatte": 15, "skole": 84}},
        },
        "child_welfare": {"reports_of_concern": 11, "information_requests_answered": 9},
    }
    for path, value in changes.items():
        *parents, leaf = path.split("__")
        target = report
        for key in parents:
            target = target[key]
        target[leaf] = value
    return report


def suppressed_sample() -> dict:
    """The sample with every count from 1 to 4 withheld, and what would give them away."""
    report = copy.deepcopy(sample_report())
    report["outreach"]["by_gender"]["other"] = "<5"
    report["outreach"]["by_gender"]["unknown"] = "<5"  # secondary: the total would tell
    report["collaboration"]["with_consent"]["incoming"]["politi"] = "<5"
    report["collaboration"]["with_consent"]["incoming"]["barnevern"] = "<5"
    report["collaboration"]["anonymous_guidance"] = "<5"
    report["outreach"]["by_place"][2]["contacts"] = "<5"
    return report
