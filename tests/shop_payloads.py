"""Hypothesis strategies for the answers Shopify and Billbee send, page by page.

Two families:

- **Documented shapes** (``shopify_pages``, ``billbee_pages``): every value the APIs'
  descriptions allow, edge ones included. Shopify Admin REST 2026-07: customers with a
  ``default_address``, orders with customer, line items, addresses, currency and statuses,
  abandoned checkouts (line items without ``name``). Billbee ``GET /api/v1/orders``: the
  envelope ``{Paging, ErrorCode, ErrorMessage, Data}`` and Order / OrderItem /
  OrderAddressApiModel / CustomerApiModel as Billbee's swagger 2 description defines them
  (``CreatedAt`` is the one required field; decimals are doubles, quantities too; dates are
  date-time strings, usually without an offset; ``State`` 1..17). On top: 3-decimal and
  0-decimal currencies, codes that are no currency, very long decimals, negative and huge
  amounts, fractional and negative quantities, years 0001 and 9999, keys left out vs null vs
  empty, unicode and markup-like text, control characters, the odd non-object in a list and,
  rarely, a page whose envelope is not what the API documents.
- **Realistic** (``realistic_shopify_pages``, ``realistic_billbee_pages``): the project's own
  fixtures (``tests/fixtures/shopify``, ``tests/fixtures/billbee``) varied the way real shops
  vary: other currencies (KWD with three decimals, JPY without), optional keys left out, line
  items without ``name``, a guest who orders with a registered customer's name and address
  but another email, orders sent on two pages, Billbee's fractional and negative lines,
  ``Line2``, offsets and seven-digit fractions. Every value in them is one a shop really
  sends and the model can store, so every order in them must be stored, exactly.

Payloads are Python values (``dict``/``list``/``str``/``int``/``Decimal``/``None``) that
``body_text`` writes as the JSON the shop sends (decimals as JSON numbers, digit for digit).
Nothing here reads ``../shared``: the value ranges were taken from the shared Billbee spec
when this file was written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

FIXTURES = Path(__file__).parent / "fixtures"

Json = Any  # what json.loads gives (with Decimal for numbers with a fraction or exponent)


class _Missing:
    """A key left out of its object (as opposed to sent as null or empty)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def obj(**fields: Any) -> dict[str, Any]:
    """An object without the keys whose value is ``MISSING``."""
    return {k: v for k, v in fields.items() if v is not MISSING}


@dataclass(frozen=True)
class ShopPages:
    """What a shop answers: for each resource, its pages in order (each page one JSON value,
    normally the documented envelope). ``malformed``: some page's envelope is not what the
    API documents (a sync may stop on it with a ``SyncError``, and only then). ``valid``:
    every record is one a shop really sends and the model can store (the realistic
    family): all of it must be stored."""

    service: str  # "shopify" or "billbee"
    pages: dict[str, list[Json]]
    malformed: bool = False
    valid: bool = False
    notes: tuple[str, ...] = field(default=())  # how a realistic payload was varied
    # Realistic payloads: emails of shop customers that must stay some customer's email (the
    # merge key is the customer's), and Billbee ``Line2`` values that must reach an address.
    emails: tuple[str, ...] = field(default=())
    line2: tuple[str, ...] = field(default=())

    def bodies(self) -> dict[str, list[str]]:
        return {name: [body_text(p) for p in pages] for name, pages in self.pages.items()}

    def items(self, resource: str) -> list[Json]:
        """The records of a resource's pages (the envelope's list), across its pages."""
        key = "Data" if self.service == "billbee" else _LIST_KEY.get(resource, resource)
        found: list[Json] = []
        for page in self.pages.get(resource, []):
            if isinstance(page, dict) and isinstance(page.get(key), list):
                found += page[key]
        return found


_LIST_KEY = {"closed_checkouts": "checkouts"}


def body_text(value: Json) -> str:
    """JSON as the shop writes it: decimals as numbers with every digit (``1E+17``,
    ``846.1929411764705882352941177``), strings ASCII-escaped (so a lone surrogate travels as
    ``\\ud800``, as JSON allows)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {body_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(body_text(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value)


# -- values ---------------------------------------------------------------------------------

# ISO 4217 currencies by their minor unit, and codes that are none.
CURRENCIES_2 = ("EUR", "USD", "GBP", "CHF", "SEK", "PLN", "HUF", "CZK", "DKK", "NOK")
CURRENCIES_0 = ("JPY", "KRW", "ISK", "CLP", "VND")
CURRENCIES_3 = ("KWD", "BHD", "JOD", "OMR", "TND")
CURRENCIES_4 = ("CLF",)
DIGITS = {
    **dict.fromkeys(CURRENCIES_2, 2),
    **dict.fromkeys(CURRENCIES_0, 0),
    **dict.fromkeys(CURRENCIES_3, 3),
    **dict.fromkeys(CURRENCIES_4, 4),
}
NOT_CURRENCIES = ("XXX", "XAU", "XTS", "ABC", "eur", "Eur", "€", "EURO", "", " EUR ", "DEM",
                  "commodo occaecat enim", "E", "12€")  # fmt: skip

real_currencies = st.sampled_from(CURRENCIES_2 + CURRENCIES_0 + CURRENCIES_3 + CURRENCIES_4)
any_currency = st.one_of(real_currencies, st.sampled_from(NOT_CURRENCIES))


def minor_units(digits: int, *, top: int = 10**7) -> st.SearchStrategy[Decimal]:
    """A non-negative amount with exactly the currency's decimals."""
    return st.integers(0, top * 10**digits).map(lambda n: Decimal(n).scaleb(-digits))


def amount_text(value: Decimal, digits: int) -> str:
    return f"{value:.{digits}f}"


_EDGE_DECIMALS = tuple(
    Decimal(t)
    for t in (
        "0", "0.00", "-0.00", "12.345", "12.3456", "0.001", "0.005", "0.0049", "1990", "1990.5",
        "846.1929411764705882352941177", "42.2929411764705882352941177",
        "25.348235294117647", "1E+17", "100000000000000000", "99999999999.99",
        "999999999999.99", "1000000000000", "9223372036854775807", "1E-7", "1E+2",
        "-5.00", "-0.01", "-1E+17", "0.1", "0.30000000000000004", "1.7976931348623157E+308",
        "5E-324", "123456789.123456789",
    )
)  # fmt: skip
edge_decimals = st.sampled_from(_EDGE_DECIMALS)
# Any decimal a double (or Billbee's decimal) can carry.
any_decimal = st.one_of(
    edge_decimals,
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**6,
                max_value=10**6),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=Decimal("-1E18"),
                max_value=Decimal("1E18")),
    st.floats(allow_nan=False, allow_infinity=False, width=64).map(lambda f: Decimal(repr(f))),
)  # fmt: skip


def shop_amount(currency: Any) -> st.SearchStrategy[Any]:
    """A Shopify price string (``"12.345"``): valid in its currency mostly, anything a
    decimal string can hold sometimes."""
    digits = DIGITS.get(currency, 2) if isinstance(currency, str) else 2
    exact = minor_units(digits).map(lambda v: amount_text(v, digits))
    return st.one_of(
        exact,
        exact,
        any_decimal.map(lambda d: format(d, "f")),
        st.sampled_from(("", "abc", "1,50", "NaN", "Infinity", "-0", " 5.00 ", "1e3")),
        st.none(),
    )


# Names as people (and shops' test data) write them.
_NAMES = ("Lena", "Fischer", "Jürgen", "Weiß", "García", "Ana", "Øystein", "Ærø", "李", "小明",
          "Ñandú", "O'Brien", "van der Berg", "Zoë", "İlkay", "Straße", "ß", "Иван", "محمد",
          "שרה", "Dvořák", "Łukasz", "Greta", "Gast", "Bob", "Norman")  # fmt: skip
_ODD_TEXT = ("x[/]", "[b]Markup[/b]", "[@click=app.quit]", "[link=https://e.x]y[/link]",
             "[", "]", "\\[x]", "$name", "{name}", "%s", "<b>x</b>", "&amp;", "  Lena  ", " ",
             "\u200b", "e\u0301", "👩‍👩‍👧", "\u202eabc", "a\nb", "tab\there", "nul\x00x",
             "\x7f", "\ud800", "x" * 256, "é" * 300, "Ω" * 64)  # fmt: skip
text = st.one_of(
    st.sampled_from(_NAMES),
    st.sampled_from(_NAMES),
    st.sampled_from(_ODD_TEXT),
    st.text(max_size=20),
    st.just(""),
)


def optional(values: st.SearchStrategy[Any], *, null: bool = True) -> st.SearchStrategy[Any]:
    """A value, or the key left out, or null, or an empty string."""
    others: list[st.SearchStrategy[Any]] = [st.just(MISSING), st.just("")]
    if null:
        others.append(st.none())
    return st.one_of(values, values, values, *others)


# Emails from a small pool, so that records of one payload meet (merge by email).
_EMAILS = ("lena.fischer@example.de", "Lena.Fischer@example.de", "jonas@example.at",
           "gast@example.de", "other.person@example.com", "ana@example.es",
           "j.weiss@example.de", "jürgen@bücher.de", "a+tag@example.com")  # fmt: skip
_BAD_EMAILS = ("not-an-email", "[@click=app.quit]x@example.com", "a@b", "x@localhost",
               "x" * 70 + "@example.com", "two@@example.com", "a@example.com\n",
               " spaced@example.com ")  # fmt: skip
email = st.one_of(st.sampled_from(_EMAILS), st.sampled_from(_EMAILS), st.sampled_from(_BAD_EMAILS))
phone = st.sampled_from(("+4930123456", "0711 123456", "+1 613-612-0707", "+16136120707",
                         "not a phone", "+999999", "030 1234567", "+43 1 5880", "0"))  # fmt: skip
country_code = st.sampled_from(("DE", "AT", "CH", "US", "GB", "JP", "KW", "ES", "de", "XX",
                                "ZZ", "D"))  # fmt: skip
country_name = st.sampled_from(("Germany", "Deutschland", "Austria", "Österreich",
                                "United States", "Japan", "Kuwait", "Narnia",
                                "España"))  # fmt: skip
zip_code = st.sampled_from(("10435", "1070", "01067", "1067", "70173", "40202", "SW1A 1AA",
                            "100-0001", "abc", "123456789012345678901234567890123"))  # fmt: skip
street_line = st.sampled_from(("Kastanienallee 12b", "Mariahilfer Straße 88", "Am Markt 1",
                               "Chestnut Street 92", "123 Fake Street", "Flat 3, 10 Downing St",
                               "Königstraße 7, Hinterhaus", "Hauptstr. 5a-7",
                               "Postfach"))  # fmt: skip
city = st.sampled_from(("Berlin", "Wien", "Leipzig", "Louisville", "Stuttgart", "Madrid",
                        "Kuwait City", "東京"))  # fmt: skip


def _datetime_text(day: tuple[int, int, int], time: tuple[int, int, int], rest: str) -> str:
    """``rest``: the fraction of a second and the offset, as written."""
    return "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}".format(*day, *time) + rest


@st.composite
def timestamps(draw: st.DrawFn, *, offset: str) -> str:
    """An ISO 8601 date-time. ``offset``: "always" (Shopify), "mostly-not" (Billbee)."""
    edge = draw(st.sampled_from((None, None, None, None, "0001", "9999", "1890", "1899",
                                 "1900", "2027", "3000")))  # fmt: skip
    year = int(edge) if edge else draw(st.integers(2000, 2026))
    month, day = (12, 31) if edge in ("9999", "1899") else (draw(st.integers(1, 12)), 1)
    if edge in ("0001", "1900"):
        month, day = 1, 1
    day = day if edge else draw(st.integers(1, 28))
    hour = 23 if edge in ("9999", "1899") else (0 if edge else draw(st.integers(0, 23)))
    if edge in ("9999", "1899"):
        minute = second = 59
    elif edge:
        minute = second = 0
    else:  # two orders of one customer in the same second are rare; equal times are a tie
        minute, second = draw(st.integers(0, 59)), draw(st.integers(0, 59))
    fraction = draw(st.sampled_from(("", "", ".843", ".8433333", ".9999999", ".5")))
    if offset == "always":
        tz = draw(st.sampled_from(("+00:00", "+01:00", "+02:00", "-05:00", "Z", "+14:00",
                                   "-12:00", "+05:45")))  # fmt: skip
    else:
        tz = draw(st.sampled_from(("", "", "", "", "+00:00", "Z", "+02:00", "-05:00")))
    return _datetime_text((year, month, day), (hour, minute, second), fraction + tz)


def moment(*, offset: str) -> st.SearchStrategy[Any]:
    bad = st.sampled_from(("", "not a date", "2026-02-30T10:00:00+01:00", "2026-11-20",
                           "20261120T100000", "2026-11-20T10:00:00"))  # fmt: skip
    return st.one_of(timestamps(offset=offset), timestamps(offset=offset),
                     timestamps(offset=offset), bad)  # fmt: skip


def odd_item() -> st.SearchStrategy[Json]:
    """What a list of objects should never hold, but a broken proxy may send."""
    return st.sampled_from((None, 1, "x", [], True, Decimal("1.5")))


def listing(item: st.SearchStrategy[Json], *, max_size: int) -> st.SearchStrategy[list[Json]]:
    """A list of objects, now and then with a non-object among them."""
    return st.lists(
        st.one_of(item, item, item, item, item, item, item, item, item, odd_item()),
        max_size=max_size,
    )


# -- Shopify --------------------------------------------------------------------------------

CUSTOMER_IDS = (7001, 7002, 7003, 207119551, 2**53 + 1, 9223372036854775807)
shopify_customer_id = st.one_of(st.sampled_from(CUSTOMER_IDS), st.integers(1, 10**13))


@st.composite
def shopify_address(draw: st.DrawFn) -> dict[str, Any]:
    first, last = draw(optional(text)), draw(optional(text))
    return obj(
        id=draw(st.integers(1, 10**12)),
        first_name=first,
        last_name=last,
        name=draw(st.one_of(optional(text), st.just(f"{first} {last}"))),
        company=draw(optional(text)),
        address1=draw(optional(st.one_of(street_line, text))),
        address2=draw(optional(st.one_of(text, st.just("Top 4")))),
        city=draw(optional(st.one_of(city, text))),
        province=draw(optional(st.sampled_from(("Kentucky", "Bayern", "Tokyo")))),
        province_code=draw(optional(st.sampled_from(("KY", "BY", "13", "??")))),
        country=draw(optional(country_name)),
        country_code=draw(optional(country_code)),
        zip=draw(optional(zip_code)),
        phone=draw(optional(phone)),
        default=draw(st.booleans()),
    )


addresses = st.one_of(shopify_address(), st.none(), st.just(MISSING), st.builds(dict))


@st.composite
def shopify_customer(draw: st.DrawFn, *, embedded: bool = False) -> dict[str, Any]:
    """A customer object: the resource's, or the one embedded in an order or checkout."""
    # A customer object always has its id (one without is skipped); an order's customer may
    # be null, or carry no id.
    ids = [shopify_customer_id, shopify_customer_id, st.just(MISSING)]
    return obj(
        id=draw(st.one_of(*ids, st.none()) if embedded else st.one_of(*ids)),
        email=draw(optional(email)),
        first_name=draw(optional(text)),
        last_name=draw(optional(text)),
        phone=draw(optional(phone)),
        state=draw(optional(st.sampled_from(("enabled", "disabled", "invited", "declined")))),
        created_at=draw(optional(moment(offset="always"))),
        updated_at=draw(optional(moment(offset="always"))),
        orders_count=MISSING if embedded else draw(st.integers(0, 10**6)),
        total_spent=MISSING if embedded else draw(shop_amount("EUR")),
        currency=draw(optional(any_currency)),
        tags=draw(optional(text)),
        note=draw(optional(text)),
        verified_email=draw(st.booleans()),
        tax_exempt=draw(st.booleans()),
        default_address=draw(addresses),
    )  # fmt: skip


@st.composite
def shopify_line_item(draw: st.DrawFn, currency: Any, *, checkout: bool) -> dict[str, Any]:
    title = draw(optional(text))
    variant = draw(optional(st.one_of(st.sampled_from(("100 g", "Red", "green")), text)))
    name = MISSING if checkout else draw(optional(st.one_of(text, st.just(f"{title} - {variant}"))))
    return obj(
        id=MISSING if checkout else draw(st.integers(1, 10**12)),
        key=draw(st.text("0123456789abcdef", min_size=16, max_size=16)) if checkout else MISSING,
        sku=draw(optional(st.one_of(st.sampled_from(("TEA-GREEN-100", "IPOD2008RED")), text))),
        name=name,
        title=title,
        variant_title=variant,
        quantity=draw(st.one_of(st.integers(1, 5), st.integers(1, 5), st.integers(0, 10**8),
                                st.integers(-3, 0), st.just(MISSING), st.none())),
        price=draw(shop_amount(currency)),
        current_quantity=draw(st.integers(0, 5)),
    )  # fmt: skip


tokens = st.one_of(
    st.text("0123456789abcdef", min_size=32, max_size=32),
    st.sampled_from(("ck-recovered-1", "ck-open-2", "", "x" * 65)),
)
financial = st.sampled_from(("pending", "authorized", "partially_paid", "paid",
                             "partially_refunded", "refunded", "voided", "expired",
                             ""))  # fmt: skip
fulfillment = st.sampled_from((None, "fulfilled", "partial", "restocked", "unfulfilled"))


@st.composite
def shopify_order(draw: st.DrawFn) -> dict[str, Any]:
    currency = draw(optional(any_currency))
    total = draw(shop_amount(currency))
    return obj(
        id=draw(st.one_of(st.integers(9001, 9006), st.integers(1, 10**13), st.just(MISSING))),
        name=draw(optional(st.one_of(st.integers(1001, 1006).map(lambda n: f"#{n}"), text))),
        order_number=draw(st.integers(1, 10**6)),
        email=draw(optional(email)),
        contact_email=draw(optional(email)),
        phone=draw(optional(phone)),
        created_at=draw(moment(offset="always")),
        processed_at=draw(optional(moment(offset="always"))),
        updated_at=draw(optional(moment(offset="always"))),
        cancelled_at=draw(st.one_of(st.none(), st.just(MISSING), moment(offset="always"))),
        closed_at=draw(st.one_of(st.none(), moment(offset="always"))),
        checkout_token=draw(optional(tokens)),
        currency=currency,
        presentment_currency=draw(optional(any_currency)),
        financial_status=draw(optional(financial)),
        fulfillment_status=draw(st.one_of(fulfillment, st.just(MISSING))),
        test=draw(st.one_of(st.booleans(), st.just(MISSING), st.none())),
        total_price=total,
        current_total_price=draw(st.one_of(st.just(total), st.just(MISSING),
                                           shop_amount(currency))),
        subtotal_price=draw(shop_amount(currency)),
        total_tax=draw(shop_amount(currency)),
        customer=draw(st.one_of(shopify_customer(embedded=True), st.none(), st.just(MISSING))),
        billing_address=draw(addresses),
        shipping_address=draw(addresses),
        line_items=draw(st.one_of(
            listing(shopify_line_item(currency, checkout=False), max_size=3), st.just(MISSING),
            st.none(),
        )),
    )  # fmt: skip


@st.composite
def shopify_checkout(draw: st.DrawFn) -> dict[str, Any]:
    currency = draw(optional(any_currency))
    return obj(
        id=draw(st.one_of(st.integers(5001, 5004), st.integers(1, 10**13))),
        token=draw(st.one_of(tokens, st.just(MISSING), st.none())),
        cart_token=draw(optional(tokens)),
        email=draw(optional(email)),
        phone=draw(optional(phone)),
        created_at=draw(st.one_of(moment(offset="always"), st.just(MISSING))),
        updated_at=draw(optional(moment(offset="always"))),
        completed_at=draw(st.one_of(st.none(), moment(offset="always"))),
        closed_at=draw(st.one_of(st.none(), st.just(MISSING))),
        currency=currency,
        presentment_currency=draw(optional(any_currency)),
        total_price=draw(shop_amount(currency)),
        subtotal_price=draw(shop_amount(currency)),
        abandoned_checkout_url=draw(optional(text)),
        customer=draw(st.one_of(shopify_customer(embedded=True), st.none(), st.just(MISSING))),
        billing_address=draw(addresses),
        shipping_address=draw(addresses),
        line_items=draw(st.one_of(
            listing(shopify_line_item(currency, checkout=True), max_size=3), st.just(MISSING),
            st.none(),
        )),
    )  # fmt: skip


_SHOPIFY_BROKEN_PAGES: tuple[Json, ...] = (
    None, [], "Not Found", {}, {"errors": "Not Found"}, {"customers": None},
    {"orders": {"id": 1}}, {"checkouts": "x"}, Decimal("1.5"),
)  # fmt: skip


@st.composite
def _pages(
    draw: st.DrawFn, key: str, item: st.SearchStrategy[Json], *, max_pages: int = 2
) -> tuple[list[Json], bool]:
    """A resource's pages, each ``{key: [...]}``; rarely one whose envelope is broken."""
    count = draw(st.integers(1, max_pages))
    pages: list[Json] = [{key: draw(listing(item, max_size=3))} for _ in range(count)]
    broken = draw(st.integers(0, 24)) == 0
    if broken:
        pages[draw(st.integers(0, count - 1))] = draw(st.sampled_from(_SHOPIFY_BROKEN_PAGES))
    return pages, broken


@st.composite
def shopify_pages(draw: st.DrawFn) -> ShopPages:
    """Customers, orders, open and closed abandoned checkouts, in the documented shapes."""
    customers, c_broken = draw(_pages("customers", shopify_customer()))
    orders, o_broken = draw(_pages("orders", shopify_order()))
    checkouts, k_broken = draw(_pages("checkouts", shopify_checkout(), max_pages=1))
    closed, d_broken = draw(_pages("checkouts", shopify_checkout(), max_pages=1))
    pages = {"customers": customers, "orders": orders, "checkouts": checkouts,
             "closed_checkouts": closed}  # fmt: skip
    one_truth(pages, {"customers": "id", "orders": "id", "checkouts": "token",
                      "closed_checkouts": "token"})  # fmt: skip
    embedded: dict[Any, Any] = {}
    for resource in ("orders", "checkouts", "closed_checkouts"):
        for item in _records(pages, resource):
            buyer = item.get("customer")
            if isinstance(buyer, dict) and buyer.get("id") is not None:
                item["customer"] = _copy(embedded.setdefault(buyer["id"], buyer))
    return ShopPages("shopify", pages, malformed=c_broken or o_broken or k_broken or d_broken)


def _records(pages: dict[str, list[Json]], resource: str) -> list[dict[str, Any]]:
    """The objects on a Shopify resource's pages (pages whose envelope holds a list)."""
    key = _LIST_KEY.get(resource, resource)
    return [
        i for p in pages.get(resource, []) if isinstance(p, dict) and isinstance(p.get(key), list)
        for i in p[key] if isinstance(i, dict)
    ]  # fmt: skip


def one_truth(pages: dict[str, list[Json]], keys: dict[str, str]) -> None:
    """A record the shop lists twice in one run (a page boundary that moved) is the same
    record both times: later copies of a key become copies of the first. (Two copies that
    differ are an update between two runs, not the same data twice.) Checkouts share their
    tokens across the open and closed lists."""
    first: dict[tuple[str, Any], dict[str, Any]] = {}
    for resource, key in keys.items():
        space = "checkouts" if resource == "closed_checkouts" else resource
        for page in pages.get(resource, []):
            listed = page.get(_LIST_KEY.get(resource, resource) if "Data" not in page
                              else "Data") if isinstance(page, dict) else None  # fmt: skip
            if not isinstance(listed, list):
                continue
            for index, item in enumerate(listed):
                if not isinstance(item, dict) or item.get(key) in (None, "", MISSING):
                    continue
                seen = first.setdefault((space, _text_key(item[key])), item)
                if seen is not item:
                    listed[index] = _copy(seen)


def _text_key(value: Any) -> str:
    return str(value).strip()


# -- Billbee --------------------------------------------------------------------------------

BILLBEE_CUSTOMER_IDS = (200000000000001, 200000000000002, 200000000000003, 1, 0,
                        9223372036854775807)  # fmt: skip


@st.composite
def billbee_address(draw: st.DrawFn) -> dict[str, Any]:
    """OrderAddressApiModel: every field a string, all optional."""
    return obj(
        BillbeeId=draw(optional(st.integers(0, 2**63 - 1), null=False)),
        FirstName=draw(optional(text)),
        LastName=draw(optional(text)),
        Company=draw(optional(text)),
        NameAddition=draw(optional(st.one_of(text, st.just("Tor 2")))),
        Street=draw(optional(st.one_of(st.sampled_from(("Königstraße", "Lagerweg",
                                                        "Calle Mayor")), text))),
        HouseNumber=draw(optional(st.sampled_from(("7", "3", "12b", "5-7", "hausnummer", "0",
                                                   "x" * 40)))),
        Zip=draw(optional(zip_code)),
        City=draw(optional(st.one_of(city, text))),
        CountryISO2=draw(optional(country_code)),
        Country=draw(optional(st.one_of(country_name, country_code))),
        Line2=draw(optional(st.one_of(st.sampled_from(("c/o Müller", "2. OG", "Apt 4")), text))),
        Email=draw(optional(email)),
        State=draw(optional(st.sampled_from(("BY", "Bayern", "staat")))),
        Phone=draw(optional(phone)),
    )  # fmt: skip


billbee_addresses = st.one_of(billbee_address(), billbee_address(), st.none(), st.just(MISSING),
                              st.builds(dict))  # fmt: skip


@st.composite
def billbee_customer(draw: st.DrawFn) -> dict[str, Any]:
    """CustomerApiModel."""
    return obj(
        Id=draw(st.one_of(st.sampled_from(BILLBEE_CUSTOMER_IDS), st.integers(0, 2**63 - 1),
                          st.just(MISSING), st.none())),
        Name=draw(optional(text)),
        Email=draw(optional(email)),
        Tel1=draw(optional(phone)),
        Tel2=draw(optional(phone)),
        Number=draw(optional(st.integers(-(2**31), 2**31 - 1))),
        PriceGroupId=draw(optional(st.integers(0, 2**63 - 1))),
        LanguageId=draw(optional(st.integers(-(2**31), 2**31 - 1))),
        VatId=draw(optional(text)),
        Type=draw(optional(st.integers(0, 1))),
    )  # fmt: skip


quantities = st.one_of(
    st.sampled_from((Decimal("1.0"), Decimal("2.0"), Decimal("3.0"), Decimal("12.0"), 1, 2)),
    st.sampled_from((Decimal("0.5"), Decimal("0.25"), Decimal("2.5"), Decimal("-1.0"), -1,
                     Decimal("0.0"), 0, Decimal("98000000.0"), Decimal("1000000.0"),
                     Decimal("1000001.0"), Decimal("1E-7"), Decimal("1.7976931348623157E+308"),
                     Decimal("0.333333333333333333"))),
    any_decimal,
)  # fmt: skip


@st.composite
def billbee_item(draw: st.DrawFn) -> dict[str, Any]:
    """OrderItem: Quantity and TotalPrice are doubles."""
    return obj(
        BillbeeId=draw(optional(st.integers(0, 2**63 - 1), null=False)),
        TransactionId=draw(optional(text)),
        Product=draw(st.one_of(
            st.builds(
                lambda title, sku, pid: obj(Title=title, SKU=sku, Id=pid),
                optional(st.one_of(st.sampled_from(("Espressomaschine", "Tasse")), text)),
                optional(st.one_of(st.sampled_from(("ESP-9", "MUG-01", "TESTBESTAND")), text)),
                optional(text),
            ),
            st.none(), st.just(MISSING),
        )),
        Quantity=draw(st.one_of(quantities, quantities, st.just(MISSING), st.none())),
        TotalPrice=draw(st.one_of(any_decimal, minor_units(2).map(lambda d: d),
                                  st.just(MISSING), st.none())),
        TaxAmount=draw(optional(any_decimal, null=False)),
        Discount=draw(optional(st.sampled_from((Decimal("0.0"), Decimal("2.0"), 100)))),
        UnrebatedTotalPrice=draw(optional(any_decimal, null=False)),
        IsCoupon=draw(st.booleans()),
        InvoiceSKU=draw(optional(text)),
    )  # fmt: skip


@st.composite
def billbee_order(draw: st.DrawFn) -> dict[str, Any]:
    """Order: only ``CreatedAt`` is required."""
    dates = moment(offset="mostly-not")
    return obj(
        # int64, so never null (.NET writes every property of an object it has).
        BillBeeOrderId=draw(st.one_of(st.integers(100000000000101, 100000000000106),
                                      st.integers(0, 2**63 - 1), st.just(MISSING))),
        BillBeeParentOrderId=draw(optional(st.integers(0, 2**63 - 1))),
        Id=draw(optional(text)),
        OrderNumber=draw(optional(st.one_of(st.sampled_from(("BB-101", "BB-102",
                                                             "AMZ-303-1234567")), text))),
        State=draw(st.one_of(st.integers(1, 17), st.just(MISSING), st.sampled_from((0, 99)))),
        VatMode=draw(optional(st.integers(0, 5))),
        CreatedAt=draw(st.one_of(dates, dates, dates, dates, dates, dates, st.just(MISSING),
                                 st.none())),
        ShippedAt=draw(optional(dates)),
        ConfirmedAt=draw(optional(dates)),
        PayedAt=draw(optional(dates)),
        UpdatedAt=draw(optional(dates)),
        LastModifiedAt=draw(optional(dates)),
        OrderDate=draw(optional(dates)),
        InvoiceNumber=draw(optional(st.integers(-(2**31), 2**31 - 1))),
        InvoiceAddress=draw(billbee_addresses),
        ShippingAddress=draw(billbee_addresses),
        PaymentMethod=draw(optional(st.integers(1, 150))),
        ShippingCost=draw(optional(any_decimal, null=False)),
        TotalCost=draw(st.one_of(any_decimal, any_decimal, minor_units(2), st.just(MISSING),
                                 st.none())),
        AdjustmentCost=draw(optional(any_decimal, null=False)),
        OrderItems=draw(st.one_of(listing(billbee_item(), max_size=3), st.just(MISSING),
                                  st.none())),
        Currency=draw(st.one_of(any_currency, st.just(MISSING), st.none())),
        Customer=draw(st.one_of(billbee_customer(), billbee_customer(), st.none(),
                                st.just(MISSING))),
        Buyer=draw(optional(st.builds(lambda e, f: obj(Email=e, FirstName=f), optional(email),
                                      optional(text)))),
        Tags=draw(optional(st.lists(text, max_size=2))),
        CustomerNumber=draw(optional(text)),
        LanguageCode=draw(optional(st.sampled_from(("de", "en", "")))),
    )  # fmt: skip


@st.composite
def paging(draw: st.DrawFn, page: int, total: int) -> tuple[Json, bool]:
    """The Paging object and whether it is malformed (not what the API documents).

    A Paging that does not say how many pages there are (left out, null, no
    ``TotalPages``, 0 while the page holds orders) is allowed by the spec but says nothing:
    a sync may stop on it with a ``SyncError``, or read on, but never skip the pages after
    it in silence (``malformed`` for the first, the record count for the second)."""
    size = draw(st.sampled_from((250, 50, 2)))
    good = {"Page": page, "TotalPages": total, "TotalRows": total * size, "PageSize": size}
    silent = st.sampled_from(
        (obj(**{**good, "TotalPages": MISSING}), {**good, "TotalPages": 0}, None, MISSING, {})
    )
    if draw(st.integers(0, 14)) == 0:
        return draw(silent), True
    # Spec-valid: what there is, or more pages than there are (the one after is empty).
    fine = st.sampled_from([good] * 6 + [{**good, "TotalPages": 2**31 - 1}])
    broken = st.sampled_from(
        ("x", [], 1, {"TotalPages": "abc"}, {"TotalPages": None, "Page": "1"},
         {"TotalPages": Decimal("1.5")}, {"TotalPages": -1}, {"TotalPages": [2]},
         {"TotalPages": Decimal("1E+30")}, {"TotalPages": True})
    )  # fmt: skip
    if draw(st.integers(0, 19)) == 0:
        return draw(broken), True
    return draw(fine), False


@st.composite
def billbee_pages(draw: st.DrawFn) -> ShopPages:
    """``GET /api/v1/orders``, one to three pages, in Billbee's envelope."""
    count = draw(st.integers(1, 3))
    pages: list[Json] = []
    malformed = False
    for number in range(1, count + 1):
        data = draw(listing(billbee_order(), max_size=3))
        if number < count and not data:
            data = [draw(billbee_order())]  # an empty page is the last one
        envelope, broken = draw(paging(number, count))
        malformed |= broken
        body = obj(Paging=envelope, ErrorMessage=None, ErrorCode=0, Data=data)
        if draw(st.integers(0, 29)) == 0:
            # An error code, or an envelope without a list of orders.
            body = draw(st.sampled_from((
                {**body, "ErrorCode": 3, "ErrorMessage": "Internal error"},
                {**body, "ErrorCode": 1, "ErrorMessage": None},
                {**body, "Data": None}, obj(**{**body, "Data": MISSING}),
                {**body, "Data": {"BillBeeOrderId": 1}}, [], "x", None,
            )))  # fmt: skip
            malformed = True
        pages.append(body)
    one_truth({"orders": pages}, {"orders": "BillBeeOrderId"})
    return ShopPages("billbee", {"orders": pages}, malformed=malformed)


# -- realistic: the project's fixtures, varied ----------------------------------------------


def _fixture(*parts: str) -> Json:
    return json.loads((FIXTURES.joinpath(*parts)).read_text(encoding="utf-8"), parse_float=Decimal)


def _copy(value: Json) -> Json:
    return json.loads(body_text(value), parse_float=Decimal)


Variation = Callable[[st.DrawFn, dict[str, list[Json]]], str]


def _all(pages: dict[str, list[Json]], resource: str, key: str) -> list[dict[str, Any]]:
    return [i for p in pages.get(resource, []) for i in p[key] if isinstance(i, dict)]


def _reprice(draw: st.DrawFn, record: dict[str, Any], currency: str, price_keys: Sequence[str],
             line_key: str = "price") -> None:  # fmt: skip
    digits = DIGITS[currency]
    record["currency"] = currency
    lines = [i for i in record.get("line_items") or [] if isinstance(i, dict)]
    total = Decimal(0)
    for line in lines:
        price = draw(minor_units(digits, top=10**5))
        line[line_key] = amount_text(price, digits)
        total += price * int(line.get("quantity") or 1)
    for key in price_keys:
        if key in record:
            record[key] = amount_text(total, digits)


def _shopify_currency(draw: st.DrawFn, pages: dict[str, list[Json]]) -> str:
    currency = draw(st.sampled_from(("KWD", "JPY", "BHD", "USD", "CHF", "CLF", "HUF")))
    for order in _all(pages, "orders", "orders"):
        if draw(st.booleans()):
            _reprice(draw, order, currency, ("total_price", "current_total_price"))
    for checkout in _all(pages, "checkouts", "checkouts"):
        if draw(st.booleans()):
            _reprice(draw, checkout, currency, ("total_price",))
    return f"prices in {currency}"


def _shopify_kwd_12345(draw: st.DrawFn, pages: dict[str, list[Json]]) -> str:
    order = draw(st.sampled_from(_all(pages, "orders", "orders")))
    order.update(currency="KWD", total_price="12.345", current_total_price="12.345")
    for line in order.get("line_items") or []:
        line.update(price="12.345", quantity=1)
    del order["line_items"][1:]
    return f"order {order['name']} in KWD 12.345"


def _shopify_drop_keys(draw: st.DrawFn, pages: dict[str, list[Json]]) -> str:
    """Keys a shop leaves out: ``phone``, ``default_address``, ``name`` of a line item..."""
    dropped: list[str] = []
    for customer in _all(pages, "customers", "customers"):
        for key in ("phone", "default_address", "note", "tags", "currency"):
            if key in customer and draw(st.integers(0, 2)) == 0:
                del customer[key]
                dropped.append(key)
    for order in _all(pages, "orders", "orders"):
        for line in order.get("line_items") or []:
            if draw(st.booleans()):
                line.pop("name", None)
                dropped.append("name")
        embedded = order.get("customer")
        if isinstance(embedded, dict):
            for key in ("phone", "default_address", "email"):
                if key in embedded and draw(st.integers(0, 2)) == 0:
                    del embedded[key]
                    dropped.append(f"customer.{key}")
    return "left out " + ", ".join(sorted(set(dropped)))


def _shopify_nulls(draw: st.DrawFn, pages: dict[str, list[Json]]) -> str:
    nulled: list[str] = []
    for customer in _all(pages, "customers", "customers"):
        for key in ("phone", "note", "default_address"):
            if key in customer and draw(st.integers(0, 3)) == 0:
                customer[key] = None
                nulled.append(key)
    for order in _all(pages, "orders", "orders"):
        for key in ("phone", "billing_address", "shipping_address", "fulfillment_status"):
            if key in order and draw(st.integers(0, 3)) == 0:
                order[key] = None
                nulled.append(f"order.{key}")
    return "null " + ", ".join(sorted(set(nulled)))


def _shopify_guest_lookalike(draw: st.DrawFn, pages: dict[str, list[Json]]) -> str:
    """A guest orders with a registered customer's name and address, under another email
    (the issue's "other.person@example.com")."""
    order = draw(st.sampled_from(_all(pages, "orders", "orders")))
    guest = _copy(order)
    guest.update(id=9100 + draw(st.integers(0, 9)), name=f"#{1100 + draw(st.integers(0, 9))}",
                 email="other.person@example.com", contact_email="other.person@example.com",
                 customer=None, checkout_token=None, test=False)  # fmt: skip
    lena = {"first_name": "Lena", "last_name": "Fischer", "name": "Lena Fischer",
            "address1": "Kastanienallee 12b", "city": "Berlin", "zip": "10435",
            "country_code": "DE", "country": "Germany"}  # fmt: skip
    guest["billing_address"] = {**(guest.get("billing_address") or {}), **lena}
    guest["shipping_address"] = {**(guest.get("shipping_address") or {}), **lena}
    pages["orders"][-1]["orders"].append(guest)
    return f"guest order {guest['name']} at Lena Fischer's address, other email"


def _shopify_again_on_two_pages(draw: st.DrawFn, pages: dict[str, list[Json]]) -> str:
    """An order and a customer sent twice in one run (a page boundary that moved)."""
    order = _copy(draw(st.sampled_from(_all(pages, "orders", "orders"))))
    pages["orders"].append({"orders": [order]})
    customer = _copy(draw(st.sampled_from(_all(pages, "customers", "customers"))))
    pages["customers"].insert(0, {"customers": [customer]})
    return f"order {order['name']} and customer {customer['id']} sent twice"


def _shopify_email_case(draw: st.DrawFn, pages: dict[str, list[Json]]) -> str:
    for order in _all(pages, "orders", "orders"):
        if isinstance(order.get("email"), str) and draw(st.booleans()):
            order["email"] = order["email"].upper()
    return "order emails in another case"


def _shopify_shuffle(draw: st.DrawFn, pages: dict[str, list[Json]]) -> str:
    for resource, key in (("orders", "orders"), ("customers", "customers")):
        items = _all(pages, resource, key)
        shuffled = draw(st.permutations(items))
        pages[resource] = [{key: list(shuffled)}]
    return "records in another order, on one page"


_SHOPIFY_VARIATIONS: tuple[Variation, ...] = (
    _shopify_currency, _shopify_kwd_12345, _shopify_drop_keys, _shopify_nulls,
    _shopify_guest_lookalike, _shopify_again_on_two_pages, _shopify_email_case, _shopify_shuffle,
)  # fmt: skip


def _copies_last(chosen: list[Variation]) -> list[Variation]:
    """Variations that send a record twice (or a lookalike of one) come after those that
    change values, so that both copies say the same (two copies that differ are an update,
    not the same data twice). The KWD order comes after the other currency changes."""
    late = (_shopify_kwd_12345, _shopify_guest_lookalike, _shopify_again_on_two_pages,
            _billbee_same_address_other_customer, _billbee_again)  # fmt: skip
    return sorted(chosen, key=lambda vary: late.index(vary) + 1 if vary in late else 0)


def shopify_fixture_pages() -> dict[str, list[Json]]:
    return {
        "customers": [_fixture("shopify", "customers_page1.json"),
                      _fixture("shopify", "customers_page2.json")],
        "orders": [_fixture("shopify", "orders.json")],
        "checkouts": [_fixture("shopify", "checkouts.json")],
    }  # fmt: skip


@st.composite
def realistic_shopify_pages(draw: st.DrawFn) -> ShopPages:
    pages = shopify_fixture_pages()
    chosen = draw(st.lists(st.sampled_from(_SHOPIFY_VARIATIONS), max_size=4, unique=True))
    notes = tuple(vary(draw, pages) for vary in _copies_last(chosen))
    emails = tuple(
        sorted({c["email"].lower() for c in _all(pages, "customers", "customers")
                if c.get("email") in _EMAILS})
    )  # fmt: skip
    return ShopPages("shopify", pages, valid=True, notes=notes, emails=emails)


def _billbee_orders(pages: dict[str, list[Json]]) -> list[dict[str, Any]]:
    return _all(pages, "orders", "Data")


def _billbee_currency(draw: st.DrawFn, pages: dict[str, list[Json]]) -> str:
    currency = draw(st.sampled_from(("KWD", "JPY", "CHF", "GBP", "OMR")))
    digits = DIGITS[currency]
    for order in _billbee_orders(pages):
        order["Currency"] = currency
        total = Decimal(0)
        for item in order.get("OrderItems") or []:
            price = draw(minor_units(digits, top=10**5))
            item["TotalPrice"] = -price if Decimal(str(item.get("Quantity") or 1)) < 0 else price
            total += item["TotalPrice"]
        order["TotalCost"] = max(total, Decimal(0))
    return f"all in {currency}"


def _billbee_fractional(draw: st.DrawFn, pages: dict[str, list[Json]]) -> str:
    """Billbee allows fractional quantities (0.5 kg of coffee): the line total stays exact."""
    order = draw(st.sampled_from(_billbee_orders(pages)))
    item = draw(st.sampled_from(order["OrderItems"]))
    quantity = draw(st.sampled_from((Decimal("0.5"), Decimal("2.5"), Decimal("0.25"))))
    item["Quantity"] = quantity
    return f"{order['OrderNumber']}: quantity {quantity}"


def _billbee_return_line(draw: st.DrawFn, pages: dict[str, list[Json]]) -> str:
    """A negative line: a return or credit within an order."""
    order = draw(st.sampled_from(_billbee_orders(pages)))
    price = draw(minor_units(DIGITS[order.get("Currency") or "EUR"], top=100).filter(bool))
    order["OrderItems"].append({"BillbeeId": 99, "Product": {"Title": "Rücksendung",
                                                             "SKU": "RETURN"},
                                "Quantity": Decimal("-1.0"), "TotalPrice": -price})  # fmt: skip
    order["TotalCost"] = Decimal(str(order["TotalCost"])) - price
    if order["TotalCost"] < 0:
        order["TotalCost"] = Decimal("0.00")
        order["OrderItems"][-1]["TotalPrice"] = Decimal(0) - sum(
            Decimal(str(i["TotalPrice"])) for i in order["OrderItems"][:-1]
        )
    return f"{order['OrderNumber']}: a return line of -{price}"


LINE2 = ("c/o Müller", "2. OG links", "Hinterhaus")


def _billbee_line2(draw: st.DrawFn, pages: dict[str, list[Json]]) -> str:
    """``Line2`` on the newest order of its customer (BB-101, AMZ-303-1234567): it must reach
    the customer's address."""
    newest = [o for o in _billbee_orders(pages) if o["OrderNumber"] != "BB-102"]
    order = draw(st.sampled_from(newest))
    address = order.get("ShippingAddress") or order["InvoiceAddress"]
    address["Line2"] = draw(st.sampled_from(LINE2))
    return f"{order['OrderNumber']}: Line2 {address['Line2']!r}"


def _billbee_dates(draw: st.DrawFn, pages: dict[str, list[Json]]) -> str:
    """CreatedAt as .NET writes it: seven-digit fractions, an offset or Z now and then."""
    for order in _billbee_orders(pages):
        base = order["CreatedAt"][:19]
        order["CreatedAt"] = base + draw(st.sampled_from(("", ".8433333", ".843", "Z",
                                                          "+02:00", ".1234567+00:00")))  # fmt: skip
    return "CreatedAt with fractions and offsets"


def _billbee_drop_keys(draw: st.DrawFn, pages: dict[str, list[Json]]) -> str:
    dropped: list[str] = []
    for order in _billbee_orders(pages):
        for key in ("UpdatedAt", "LastModifiedAt", "ShippingCost", "State"):
            if key in order and draw(st.booleans()):
                del order[key]
                dropped.append(key)
        customer = order.get("Customer") or {}
        for key in ("Tel1", "Number", "Type", "Name"):
            if key in customer and draw(st.booleans()):
                del customer[key]
                dropped.append(f"Customer.{key}")
        for side in ("InvoiceAddress", "ShippingAddress"):
            address = order.get(side) or {}
            for key in ("NameAddition", "State", "Phone", "Company"):
                if key in address and draw(st.integers(0, 2)) == 0:
                    address[key] = draw(st.sampled_from((None, "")))
                    dropped.append(f"{side}.{key}")
    return "left out or null: " + ", ".join(sorted(set(dropped)))


def _billbee_long_decimals(draw: st.DrawFn, pages: dict[str, list[Json]]) -> str:
    """A total as Billbee computes it from net prices and tax: far more digits than the
    currency has (it is rounded to the currency's digits)."""
    order = draw(st.sampled_from(_billbee_orders(pages)))
    order["TotalCost"] = Decimal(str(order["TotalCost"])) + Decimal("0.0029411764705882352941177")
    return f"{order['OrderNumber']}: TotalCost {order['TotalCost']}"


def _billbee_same_address_other_customer(draw: st.DrawFn, pages: dict[str, list[Json]]) -> str:
    """Another Billbee customer (other id, other email) with the same name and address."""
    order = _copy(draw(st.sampled_from(_billbee_orders(pages))))
    order.update(BillBeeOrderId=100000000000200 + draw(st.integers(0, 9)), OrderNumber="BB-200")
    order["Customer"] = {"Id": 200000000000009, "Name": "Jürgen Weiß",
                         "Email": "other.person@example.com", "Tel1": None}  # fmt: skip
    for side in ("InvoiceAddress", "ShippingAddress"):
        if isinstance(order.get(side), dict):
            order[side]["Email"] = "other.person@example.com"
    pages["orders"][-1]["Data"].append(order)
    return "BB-200: another customer's email at the same name and address"


def _billbee_again(draw: st.DrawFn, pages: dict[str, list[Json]]) -> str:
    order = _copy(draw(st.sampled_from(_billbee_orders(pages))))
    pages["orders"][-1]["Data"].append(order)
    return f"{order['OrderNumber']} sent twice"


_BILLBEE_VARIATIONS: tuple[Variation, ...] = (
    _billbee_currency, _billbee_fractional, _billbee_return_line, _billbee_line2,
    _billbee_dates, _billbee_drop_keys, _billbee_long_decimals,
    _billbee_same_address_other_customer, _billbee_again,
)  # fmt: skip


def billbee_fixture_pages() -> dict[str, list[Json]]:
    return {"orders": [_fixture("billbee", "orders_page1.json"),
                       _fixture("billbee", "orders_page2.json")]}  # fmt: skip


@st.composite
def realistic_billbee_pages(draw: st.DrawFn) -> ShopPages:
    pages = billbee_fixture_pages()
    chosen = draw(st.lists(st.sampled_from(_BILLBEE_VARIATIONS), max_size=4, unique=True))
    notes = tuple(vary(draw, pages) for vary in _copies_last(chosen))
    line2 = tuple(
        address["Line2"]
        for order in _billbee_orders(pages)
        for address in (order.get("InvoiceAddress"), order.get("ShippingAddress"))
        if isinstance(address, dict) and address.get("Line2") in LINE2
    )
    return ShopPages("billbee", pages, valid=True, notes=notes,
                     emails=("j.weiss@example.de", "ana@example.es"), line2=line2)  # fmt: skip


# -- small payloads by hand (the minimal reproductions) -------------------------------------


def _changed(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    return obj(**{**base, **changes})


def billbee_order_object(**changes: Any) -> dict[str, Any]:
    """One valid Billbee order (Jürgen Weiß, 10.00 EUR, one line); ``changes`` replace its
    keys (``MISSING`` leaves one out)."""
    return _changed(
        {
            "BillBeeOrderId": 100000000000101, "OrderNumber": "BB-101", "State": 4,
            "CreatedAt": "2026-10-05T14:56:23.843", "Currency": "EUR",
            "TotalCost": Decimal("10.00"),
            "InvoiceAddress": {"FirstName": "Jürgen", "LastName": "Weiß", "Street": "Königstraße",
                               "HouseNumber": "7", "Zip": "70173", "City": "Stuttgart",
                               "CountryISO2": "DE"},
            "OrderItems": [{"Product": {"SKU": "ESP-9", "Title": "Espresso"},
                            "Quantity": Decimal("1.0"), "TotalPrice": Decimal("10.00")}],
            "Customer": {"Id": 200000000000001, "Email": "j.weiss@example.de"},
        },
        changes,
    )  # fmt: skip


def billbee_answer(*orders: Json, paging: Json = MISSING, **facts: Any) -> ShopPages:
    """One page of ``GET /api/v1/orders`` (Paging: one page, unless given)."""
    envelope = {"Page": 1, "TotalPages": 1, "TotalRows": len(orders), "PageSize": 250}
    body = obj(Paging=envelope if paging is MISSING else paging, ErrorMessage=None,
               ErrorCode=0, Data=list(orders))  # fmt: skip
    return ShopPages("billbee", {"orders": [body]}, **facts)


def shopify_customer_object(**changes: Any) -> dict[str, Any]:
    """Lena Fischer, registered, with her default address."""
    return _changed(
        {
            "id": 7001, "email": "lena@example.de", "first_name": "Lena", "last_name": "Fischer",
            "phone": "+4930123456", "state": "enabled",
            "default_address": {"first_name": "Lena", "last_name": "Fischer",
                                "address1": "Kastanienallee 12b", "city": "Berlin",
                                "zip": "10435", "country_code": "DE"},
        },
        changes,
    )  # fmt: skip


def shopify_order_object(**changes: Any) -> dict[str, Any]:
    """Order #1001 of customer 7001: 29.90 EUR, one line."""
    return _changed(
        {
            "id": 9001, "name": "#1001", "email": "lena@example.de",
            "created_at": "2026-10-01T10:00:00+02:00", "currency": "EUR",
            "financial_status": "paid", "total_price": "29.90",
            "customer": {"id": 7001, "email": "lena@example.de", "first_name": "Lena",
                         "last_name": "Fischer", "state": "enabled", "phone": "+4930123456"},
            "line_items": [{"sku": "TEA-1", "name": "Tee - 100 g", "title": "Tee",
                            "variant_title": "100 g", "quantity": 1, "price": "29.90"}],
        },
        changes,
    )  # fmt: skip


def shopify_answer(
    customers: Sequence[Json] = (),
    orders: Sequence[Json] = (),
    checkouts: Sequence[Json] = (),
    **facts: Any,
) -> ShopPages:
    """One page each of customers, orders and (open) abandoned checkouts."""
    return ShopPages(
        "shopify",
        {"customers": [{"customers": list(customers)}], "orders": [{"orders": list(orders)}],
         "checkouts": [{"checkouts": list(checkouts)}]},
        **facts,
    )  # fmt: skip
