"""National identity numbers: fødselsnummer, D-, H- and synthetic numbers, under the classic
control-digit rule and Skatteetaten's rule for numbers issued from 2032.

The control digits here come from a small generator written from the published formulas, not
from the module, so that the two check each other. Every number is made up."""

import dataclasses
import re
from datetime import date

import pytest
from django.utils import translation
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ungsam.people.national_id import (
    NationalIdError,
    NationalIdKind,
    ParsedId,
    mask,
    matches_birth_date,
    normalize,
    validate,
)


@pytest.fixture(autouse=True)
def _messages_in_english():
    # The messages are asserted as written (msgids); test_register.py sees them in Norwegian.
    with translation.override("en"):
        yield


FNR, D, H = NationalIdKind.FNR, NationalIdKind.D_NUMBER, NationalIdKind.H_NUMBER

W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def weighted(weights: tuple[int, ...], digits: str) -> int:
    return sum(w * int(d) for w, d in zip(weights, digits, strict=False))


def k1_remainder(number: str) -> int:
    """(w1·d1..d9 + K1) mod 11: 0 under the classic rule; 0, 1, 2 or 3 from 2032."""
    return (weighted(W1, number[:9]) + int(number[9])) % 11


def with_k1(first9: str, k1: int) -> str | None:
    """first9 + K1 + the K2 that fits; None when K2 would have to be 10."""
    k2 = -weighted(W2, first9 + str(k1)) % 11
    return None if k2 == 10 else f"{first9}{k1}{k2}"


def with_remainder(first9: str, remainder: int) -> str | None:
    """first9 with the K1 that leaves `remainder` (0 is the classic rule) and the K2 that fits;
    None when either control digit would have to be 10."""
    k1 = (remainder - weighted(W1, first9)) % 11
    return None if k1 == 10 else with_k1(first9, k1)


def some_number(ddmmyy: str, remainder: int = 0) -> str:
    """The first number for these six digits that has valid control digits: the date part is
    what the test is about."""
    for individual in range(1000):
        number = with_remainder(f"{ddmmyy}{individual:03d}", remainder)
        if number is not None:
            return number
    raise AssertionError("unreachable: some individual number always works")


# (number, kind, synthetic, day, month, yy): classic control digits (remainder 0).
CLASSIC = [
    ("17051010086", FNR, False, 17, 5, 10),
    ("29020010027", FNR, False, 29, 2, 0),  # 29 February: real in 2000
    ("31129917477", FNR, False, 31, 12, 99),
    ("57051013702", D, False, 17, 5, 10),
    ("41010110007", D, False, 1, 1, 1),
    ("17501010057", H, False, 17, 10, 10),
    ("01521213716", H, False, 1, 12, 12),
    ("17851010041", FNR, True, 17, 5, 10),
    ("01810510052", FNR, True, 1, 1, 5),
    ("57851010035", D, True, 17, 5, 10),  # synthetic D-number: day + 40 and month + 80
]
# (number, remainder, day, month, yy): the first control digit is valid only under the 2032 rule.
RULE_2032 = [
    ("17051010094", 1, 17, 5, 10),
    ("15053210012", 2, 15, 5, 32),
    ("31129913722", 3, 31, 12, 99),
]
# Issued under the 2032 rule to people born in 2005.
RULE_2032_BORN_2005 = [
    ("01030510085", 1, date(2005, 3, 1)),
    ("28110510057", 2, date(2005, 11, 28)),
    ("28110510065", 3, date(2005, 11, 28)),
]
# Valid control digits, impossible date part: only the date rule can refuse these.
BAD_DATES = {
    "31 February": "31020513732",
    "29 February in a year 01": "29020110048",
    "month 13": "01130510015",
    "month 0": "01000517409",
    "day 0": "00010510058",
    "day 32": "32010510049",
    "D-number with day 72": "72010510032",
    "H-number with month 53": "01530513730",
    "synthetic with month 93": "01930510080",
    "both D and H": "57501010040",
}

HYPOTHESIS = settings(
    max_examples=300,
    deadline=None,
    # The suite's autouse fixtures (audit checkpoint path, cache) are function-scoped; nothing
    # here touches them, so sharing them between examples is harmless.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
eleven_digits = st.text(alphabet="0123456789", min_size=11, max_size=11)
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
individuals = st.integers(min_value=0, max_value=999)
VARIANTS = {  # (day offset, month offset) → (kind, synthetic)
    (0, 0): (FNR, False),
    (40, 0): (D, False),
    (0, 40): (H, False),
    (0, 80): (FNR, True),
    (40, 80): (D, True),
}


def assert_refused(number: str, code: str, *, allow_synthetic: bool = True) -> NationalIdError:
    with pytest.raises(NationalIdError) as caught:
        validate(number, allow_synthetic=allow_synthetic)
    assert caught.value.code == code
    return caught.value


# --- The test vectors themselves ---------------------------------------------------------


@pytest.mark.parametrize("number", [row[0] for row in CLASSIC])
def test_the_classic_vectors_have_classic_control_digits(number):
    assert with_remainder(number[:9], 0) == number


@pytest.mark.parametrize(
    ("number", "remainder"), [row[:2] for row in RULE_2032 + RULE_2032_BORN_2005]
)
def test_the_2032_vectors_leave_remainders_1_to_3_and_fail_the_classic_rule(number, remainder):
    assert k1_remainder(number) == remainder
    assert with_remainder(number[:9], remainder) == number
    assert with_remainder(number[:9], 0) != number


@pytest.mark.parametrize("number", BAD_DATES.values(), ids=BAD_DATES.keys())
def test_the_bad_date_vectors_have_valid_control_digits(number):
    assert with_remainder(number[:9], 0) == number


# --- Accepted ------------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "kind", "synthetic", "day", "month", "yy"), CLASSIC)
def test_it_accepts_classic_d_h_and_synthetic_numbers(number, kind, synthetic, day, month, yy):
    assert validate(number, allow_synthetic=True) == ParsedId(
        value=number, kind=kind, synthetic=synthetic, day=day, month=month, yy=yy
    )


@pytest.mark.parametrize(("number", "remainder", "day", "month", "yy"), RULE_2032)
def test_it_accepts_a_first_control_digit_under_the_2032_rule(number, remainder, day, month, yy):
    assert validate(number, allow_synthetic=False) == ParsedId(
        value=number, kind=FNR, synthetic=False, day=day, month=month, yy=yy
    )


@pytest.mark.parametrize(("number", "remainder", "birth_date"), RULE_2032_BORN_2005)
def test_it_accepts_the_2032_rule_for_people_born_before_2032(number, remainder, birth_date):
    parsed = validate(number, allow_synthetic=False)
    assert matches_birth_date(parsed, birth_date)


@pytest.mark.parametrize("typed", ["170510 10086", "170510-10086", "17.05.10 10086"])
def test_it_accepts_the_separators_people_type(typed):
    assert validate(typed, allow_synthetic=False).value == "17051010086"


# --- Synthetic numbers ---------------------------------------------------------------------


@pytest.mark.parametrize("number", [row[0] for row in CLASSIC if row[2]])
def test_it_refuses_synthetic_numbers_unless_allowed(number):
    error = assert_refused(number, "synthetic", allow_synthetic=False)
    assert str(error) == "Synthetic test numbers are not accepted here."
    assert validate(number, allow_synthetic=True).synthetic


def test_it_accepts_real_numbers_where_synthetic_ones_are_allowed():
    parsed = validate("17051010086", allow_synthetic=True)
    assert not parsed.synthetic


# --- Refused -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "17051010096",  # K1 + 1
        "17051010076",  # K1 − 1
        "17051010087",  # K2 + 1
        "17051010085",  # K2 − 1
    ],
)
def test_it_refuses_a_control_digit_off_by_one(number):
    error = assert_refused(number, "control")
    assert str(error) == "The number has a wrong control digit. Check that it is typed correctly."


@pytest.mark.parametrize("remainder", range(4, 11))
def test_it_refuses_a_first_control_digit_leaving_remainder_4_to_10(remainder):
    # K2 fits, so only the rule for K1 can refuse it.
    number = some_number("170510", remainder)
    assert k1_remainder(number) == remainder
    assert_refused(number, "control")


@pytest.mark.parametrize(
    "value",
    [
        "1705101008",  # 10 digits
        "170510100860",  # 12 digits
        "17O51010086",  # a letter O for a zero
        "abcdefghijk",
        "",
        "\u0661\u0667\u0660\u0665\u0661\u0660\u0661\u0660\u0660\u0668\u0666",  # Arabic-Indic
        "17051010086\n",  # normalize strips separators, not other whitespace
    ],
    ids=["10 digits", "12 digits", "letter", "letters", "empty", "arabic-indic", "newline"],
)
def test_it_refuses_anything_but_eleven_digits(value):
    error = assert_refused(value, "format")
    assert str(error) == "A national identity number has 11 digits."


@pytest.mark.parametrize("number", BAD_DATES.values(), ids=BAD_DATES.keys())
def test_it_refuses_an_impossible_date(number):
    error = assert_refused(number, "date")
    assert str(error) == "The date in the number is not a real date."


# --- Properties ----------------------------------------------------------------------------


def assert_no_number_in(error: NationalIdError, number: str) -> None:
    for text in (str(error), str(error.message), *map(str, error.args)):
        assert number not in text
    assert_no_digit_run_in(error)


def assert_no_digit_run_in(error: NationalIdError) -> None:
    """Not even part of a number: no run of digits long enough to be a date or an individual
    number (the messages' own "11" is two)."""
    for text in (str(error), str(error.message), *map(str, error.args)):
        assert re.search(r"[0-9]{3}", text) is None, text


@HYPOTHESIS
@given(number=eleven_digits, allow_synthetic=st.booleans())
def test_any_eleven_digits_validate_or_raise_a_clean_error(number, allow_synthetic):
    try:
        parsed = validate(number, allow_synthetic=allow_synthetic)
    except NationalIdError as error:
        assert error.code in {"control", "date", "synthetic"}
        assert_no_number_in(error, number)
    else:
        assert parsed.value == number


@HYPOTHESIS
@given(
    value=st.one_of(st.text(max_size=30), st.text(alphabet="0123456789 .-", max_size=16)),
    allow_synthetic=st.booleans(),
)
def test_any_text_validates_or_raises_a_clean_error(value, allow_synthetic):
    try:
        validate(value, allow_synthetic=allow_synthetic)
    except NationalIdError as error:
        assert error.code in {"format", "control", "date", "synthetic"}
        assert_no_digit_run_in(error)


@HYPOTHESIS
@given(
    birth_date=birth_dates,
    individual=individuals,
    offsets=st.sampled_from(sorted(VARIANTS)),
)
def test_generated_classic_numbers_validate_and_any_other_k2_is_refused(
    birth_date, individual, offsets
):
    day_offset, month_offset = offsets
    first9 = (
        f"{birth_date.day + day_offset:02d}{birth_date.month + month_offset:02d}"
        f"{birth_date.year % 100:02d}{individual:03d}"
    )
    number = with_remainder(first9, 0)
    assume(number is not None)
    kind, synthetic = VARIANTS[offsets]

    parsed = validate(number, allow_synthetic=True)

    assert (parsed.kind, parsed.synthetic) == (kind, synthetic)
    assert matches_birth_date(parsed, birth_date)
    for k2 in set("0123456789") - {number[10]}:
        assert_refused(number[:10] + k2, "control")


@HYPOTHESIS
@given(birth_date=birth_dates, individual=individuals, k1=st.integers(0, 9))
def test_the_first_control_digit_is_accepted_exactly_for_remainders_0_to_3(
    birth_date, individual, k1
):
    # Any date from 1900 to 2099: acceptance never depends on when the person was born.
    number = with_k1(f"{birth_date:%d%m%y}{individual:03d}", k1)
    assume(number is not None)
    if k1_remainder(number) in {0, 1, 2, 3}:
        assert validate(number, allow_synthetic=False).value == number
    else:
        assert_refused(number, "control")


# --- normalize, mask, matches_birth_date, ParsedId -----------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("010203 12345", "01020312345"),
        ("010203-12345", "01020312345"),
        ("01.02.03 12345", "01020312345"),
        (" 0 1-0.2 ", "0102"),
        ("010203\t12345", "010203\t12345"),  # not a separator people type: left for validate
        ("O1O2O3", "O1O2O3"),
    ],
)
def test_it_normalizes_only_spaces_dots_and_hyphens(value, expected):
    assert normalize(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01020312345", "010203*****"),
        ("010203 12345", "010203*****"),
        ("12345", "*****"),
        ("010203123456", "************"),
        ("abcdefghijk", "***********"),
        ("", ""),
    ],
)
def test_it_masks_all_but_the_date_part(value, expected):
    assert mask(value) == expected


@pytest.mark.parametrize(
    ("number", "birth_date", "matches"),
    [
        ("17051010086", date(2010, 5, 17), True),
        ("17051010086", date(1910, 5, 17), True),  # the register, not the number, has the century
        ("17051010086", date(2010, 5, 18), False),
        ("17051010086", date(2010, 6, 17), False),
        ("17051010086", date(2011, 5, 17), False),
        ("57051013702", date(2010, 5, 17), True),  # D-number: day − 40
        ("17501010057", date(2010, 10, 17), True),  # H-number: month − 40
        ("17851010041", date(2010, 5, 17), True),  # synthetic: month − 80
        ("57851010035", date(2010, 5, 17), True),  # synthetic D-number
        ("57851010035", date(2010, 5, 18), False),
    ],
)
def test_it_matches_the_birth_date_without_the_offsets(number, birth_date, matches):
    parsed = validate(number, allow_synthetic=True)
    assert matches_birth_date(parsed, birth_date) is matches


def test_a_parsed_number_is_frozen_and_keeps_the_number_out_of_its_repr():
    parsed = validate("17051010086", allow_synthetic=False)
    assert "17051010086" not in repr(parsed)
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.day = 1


def test_the_kinds_have_the_agreed_values():
    assert [k.value for k in NationalIdKind] == ["fnr", "d_number", "h_number"]
    assert [str(k.label) for k in NationalIdKind] == [
        "national identity number",
        "D number",
        "H number",
    ]


# --- Cross-check -------------------------------------------------------------------------


def test_the_classic_control_digits_agree_with_python_stdnum():
    from stdnum.no import fodselsnummer  # a test dependency: an independent implementation

    # Only the control digits: stdnum derives a century from the individual number and knows
    # neither synthetic numbers nor the 2032 rule, none of which this module does or wants.
    for number in [row[0] for row in CLASSIC] + list(BAD_DATES.values()):
        assert fodselsnummer.calc_check_digit1(number) == number[9]
        assert fodselsnummer.calc_check_digit2(number) == number[10]
    # And this file's generator, over every individual number of one date.
    for individual in range(1000):
        first9 = f"170510{individual:03d}"
        number = with_remainder(first9, 0)
        k1 = fodselsnummer.calc_check_digit1(first9)
        if number is None:
            assert k1 == "10" or fodselsnummer.calc_check_digit2(first9 + k1) == "10"
        else:
            assert (k1, fodselsnummer.calc_check_digit2(number)) == (number[9], number[10])
