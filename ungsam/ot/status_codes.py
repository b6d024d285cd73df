"""Udir's status codes for the follow-up service (OT), exactly as Udir's code list gives them
("Kodeverk for oppfølgingstjenesten", in force from 15 September 2011, updated April 2021), in
Udir's five groups. Codes in data and reports, Udir's own words in the UI."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusCode(models.TextChoices):
    # 1 Unknown activity: every new registration, until OT has real contact with the youth.
    OTUK = "OTUK", _("OTUK – Unknown activity")
    # 2 Under follow-up and guidance.
    OTOV = "OTOV", _("OTOV – Follow-up and guidance")
    # 3 In activity: measures OT itself arranges and follows.
    OTOA = "OTOA", _("OTOA – Training and work practice arranged by the county")
    OTAP = "OTAP", _("OTAP – Work practice or other measure arranged by NAV")
    OTKO = "OTKO", _("OTKO – Combined measure, county (or municipality) and NAV")
    OTAR = "OTAR", _("OTAR – In work")
    OTEV = "OTEV", _("OTEV – Student")
    OTVF = "OTVF", _("OTVF – Student at a private upper-secondary school")
    OTLL = "OTLL", _("OTLL – Apprentice, training candidate or practice certificate candidate")
    # 4 Clarified.
    OTNO = "OTNO", _("OTNO – Declined follow-up")
    OTMI = "OTMI", _("OTMI – In military service")
    OTBA = "OTBA", _("OTBA – Caring for a child")
    OTSY = "OTSY", _("OTSY – Ill or in an institution")
    OTIF = "OTIF", _("OTIF – Non-formal education")
    # 5 Registered, but not in the target group.
    ELGS_IM = "ELGS_IM", _("ELGS_IM – Pupil in primary school, OT works preventively")
    ELVG_IM = (
        "ELVG_IM",
        _("ELVG_IM – Student, apprentice or training candidate, OT works preventively"),
    )
    OTFA_IM = "OTFA_IM", _("OTFA_IM – Moved to another county")
    OTFU_IM = "OTFU_IM", _("OTFU_IM – Moved to or staying abroad")
    FEIL = "Feil", _("Feil – Registered with OT by mistake")
    OTAR_IM = "OTAR_IM", _("OTAR_IM – In work")
    OTEV_IM = "OTEV_IM", _("OTEV_IM – Is a student")
    OTVF_IM = "OTVF_IM", _("OTVF_IM – Is a student at a private upper-secondary school")
    OTLL_IM = (
        "OTLL_IM",
        _("OTLL_IM – Is an apprentice, training candidate or practice certificate candidate"),
    )


class StatusGroup(models.IntegerChoices):
    UNKNOWN = 1, _("1 Unknown activity")
    FOLLOW_UP = 2, _("2 Under follow-up and guidance")
    IN_ACTIVITY = 3, _("3 In activity")
    CLARIFIED = 4, _("4 Clarified")
    NOT_IN_TARGET_GROUP = 5, _("5 Registered, but not in the target group")


S = StatusCode
GROUP_CODES: dict[int, tuple[str, ...]] = {
    StatusGroup.UNKNOWN: (S.OTUK,),
    StatusGroup.FOLLOW_UP: (S.OTOV,),
    StatusGroup.IN_ACTIVITY: (S.OTOA, S.OTAP, S.OTKO, S.OTAR, S.OTEV, S.OTVF, S.OTLL),
    StatusGroup.CLARIFIED: (S.OTNO, S.OTMI, S.OTBA, S.OTSY, S.OTIF),
    StatusGroup.NOT_IN_TARGET_GROUP: (
        S.ELGS_IM,
        S.ELVG_IM,
        S.OTFA_IM,
        S.OTFU_IM,
        S.FEIL,
        S.OTAR_IM,
        S.OTEV_IM,
        S.OTVF_IM,
        S.OTLL_IM,
    ),
}
CODE_GROUP: dict[str, int] = {code: group for group, codes in GROUP_CODES.items() for code in codes}


def group_of(code: str) -> int:
    return CODE_GROUP[code]


# The first code of every registration; it stays until OT has established real contact (a
# letter or a text message without an answer is not contact).
FIRST_CODE = StatusCode.OTUK
