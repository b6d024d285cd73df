"""The demo's field observations: about eighty over the last year across the areas, with the
seasons' trend (vaping in spring, cannabis in autumn, a party place in summer); none without
areas."""

from datetime import date

from tests.outreach.test_group_demo import context
from ungsam.org.models import Area
from ungsam.outreach import observation_demo
from ungsam.outreach.models import Observation, ObservationTagging


def test_the_demo_observations_show_the_seasons(personas):
    p = personas
    for name in ("Sentrum", "Nordby", "Stasjonsbyen"):
        Area.objects.create(municipality=p.municipality, name=name)
    demo = context(p)
    demo.start_step("ungsam.outreach.observation_demo")
    observation_demo.seed(demo)

    last_year = Observation.objects.filter(date__gt=date(2025, 11, 26))
    assert 75 <= last_year.count() <= 85
    assert Observation.objects.values("area").distinct().count() == 3
    assert not ObservationTagging.objects.filter(observation__text__icontains="Fiktivsen")

    def tagged(tag, months):
        return ObservationTagging.objects.filter(
            tag=tag, observation__date__month__in=months
        ).count()

    assert tagged("vaping", [4, 5, 6]) > tagged("vaping", [10, 11, 12])
    assert tagged("cannabis", [9, 10, 11]) > tagged("cannabis", [3, 4, 5])
    assert tagged("party_place", [6, 7, 8]) > tagged("party_place", [12, 1, 2])


def test_without_areas_the_demo_makes_no_observations(personas):
    demo = context(personas)
    observation_demo.seed(demo)
    assert not Observation.objects.exists()
