from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalise_nhs_number(value: str) -> str:
    return "".join(ch for ch in (value or "") if not ch.isspace() and ch != "-")


def nhs_number_is_valid(value: str) -> bool:
    """Modulus-11 check of a 10-digit NHS number (NHS Data Dictionary)."""
    digits = normalise_nhs_number(value)
    # isdigit() alone accepts "²" and other Unicode digits that int() refuses.
    if len(digits) != 10 or not (digits.isascii() and digits.isdigit()):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def validate_nhs_number(value: str) -> None:
    if not nhs_number_is_valid(value):
        raise ValidationError(
            _("Enter a valid NHS number, 10 digits like 943 476 5919"), code="invalid_nhs_number"
        )
