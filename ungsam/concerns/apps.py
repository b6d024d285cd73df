from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    """Reports of concern to child welfare (bekymringsmelding, issue 15 item 3) and the
    information requests child welfare sends back: a legal duty of its own, apart from sharing
    by consent (barnevernsloven § 13-2; DESIGN.md access rule 6)."""

    name = "ungsam.concerns"
    label = "concerns"
