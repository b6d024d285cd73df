from django.apps import AppConfig


class OutreachConfig(AppConfig):
    """Outreach fieldwork (issue 16; seed 004): places and areas, anonymous contact tallies made
    on a phone, shifts against the staffing plan, follow-up conversations, code names that may
    become named youth, groups with attendance, and field observations."""

    name = "ungsam.outreach"
    label = "outreach"
