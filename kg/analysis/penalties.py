"""Penalties read as a lawyer compares them: custody, minimum and fine, each of its own kind.

Why a module of its own: the gaps analysis and the timeline both compare two penalties, and
both went wrong the same way when they compared raw numbers — life imprisonment read as a
number of years, a fine-only offence read as "0 years", 1 000 000 FRF read as more than
150 000 EUR. Here a custody term is life, a term in years or none (fine only); a fine is
unlimited, a fixed amount, day-fines (dagsböter: a number of days times a daily amount set
by the court, so no maximum in money) or the UK statutory maximum; amounts are compared only
in one currency, after a legal fixed conversion (kg/analysis/data/currencies.yaml), and the
rate used is returned so that the reader sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, Literal

from babel.numbers import format_decimal

from kg.locale import DEFAULT, FORMATS, _, current, format_money, format_years

CustodyKind = Literal["life", "term", "none", "unrecorded"]
FineKind = Literal["unlimited", "fixed", "day-fines", "statutory-maximum", "none", "unrecorded"]
Order = Literal["higher", "lower", "equal", "not-comparable"]


@dataclass(frozen=True)
class Rate:
    """A fixed legal conversion: `units_per_euro` units of `currency` make one euro."""

    currency: str
    target: str
    units_per_euro: float
    since: str
    instrument: str
    source: str
    checked_on: str


@dataclass(frozen=True)
class Currencies:
    target: str
    rates: dict[str, Rate]
    changeover_tolerance: float


@cache
def currencies() -> Currencies:
    """The conversions of kg/analysis/data/currencies.yaml (read once)."""
    import yaml  # PyYAML: imported by the first amount converted, not by every page

    text = resources.files("kg.analysis").joinpath("data/currencies.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    rates = {
        entry["currency"]: Rate(
            currency=entry["currency"],
            target=data["target"],
            units_per_euro=float(entry["units_per_euro"]),
            since=str(entry["since"]),
            instrument=entry["instrument"],
            source=entry["source"],
            checked_on=str(entry["checked_on"]),
        )
        for entry in data["fixed"]
    }
    return Currencies(data["target"], rates, float(data["changeover_tolerance"]))


@dataclass(frozen=True)
class Custody:
    """A maximum (or minimum) custody: life, a term in years, none (fine only) or not recorded."""

    kind: CustodyKind
    years: float | None = None

    @classmethod
    def of(cls, years: Any, life: Any = False) -> Custody:
        if life:
            return cls("life")
        if years is None:
            return cls("unrecorded")
        value = float(years)
        return cls("term", value) if value > 0 else cls("none", 0.0)

    @property
    def rank(self) -> float | None:
        """Ordering key: none < any term < life; None when not recorded."""
        return {"life": float("inf"), "none": 0.0, "unrecorded": None}.get(self.kind, self.years)

    def text(self) -> str:
        if self.kind == "life":
            return _("life imprisonment")
        if self.kind == "none":
            return _("no prison (fine only)")
        if self.kind == "unrecorded" or self.years is None:
            return _("no prison term recorded")
        return format_years(self.years)

    def minimum_text(self) -> str:
        """As a minimum: "no minimum" rather than "0 years"."""
        if self.kind in ("none", "unrecorded") or not self.years:
            return _("no minimum")
        return format_years(self.years)


def compare_custody(a: Custody, b: Custody) -> Order:
    """Is `a` higher, lower or equal to `b`? Not comparable when one is not recorded."""
    ra, rb = a.rank, b.rank
    if ra is None or rb is None:
        return "not-comparable"
    return "higher" if ra > rb else "lower" if ra < rb else "equal"


@dataclass(frozen=True)
class Fine:
    """A maximum fine of one kind; a fixed amount also in the common currency when a legal
    fixed rate exists (`converted`, with the `rate` that gave it)."""

    kind: FineKind
    amount: float | None = None
    currency: str | None = None
    converted: float | None = None
    rate: Rate | None = None

    @classmethod
    def of(cls, amount: Any, currency: Any, kind: Any, unlimited: Any) -> Fine:
        if unlimited or kind == "unlimited":
            return cls("unlimited")
        if kind == "day-fines":
            return cls("day-fines", currency=currency)
        if kind == "statutory-maximum":
            return cls("statutory-maximum", currency=currency)
        if amount is None:
            # no fine property at all is not "no fine": curators record fines, not their
            # absence, so nothing recorded stays unrecorded
            return cls("unrecorded")
        value = float(amount)
        converted, rate = convert(value, currency)
        return cls("fixed", value, currency, converted, rate)

    @property
    def common_currency(self) -> str | None:
        """The currency `converted` is in (the amount's own when no conversion applied)."""
        if self.kind != "fixed":
            return None
        return self.rate.target if self.rate else self.currency

    def text(self) -> str:
        if self.kind == "unlimited":
            return _("unlimited fine")
        if self.kind == "day-fines":
            return _("day-fines (no maximum in money)")
        if self.kind == "statutory-maximum":
            return _("fine up to the statutory maximum")
        if self.kind == "none":
            return _("no fine")
        if self.kind == "unrecorded" or self.amount is None:
            return _("no fine recorded")
        own = format_money(self.amount, self.currency)
        if self.rate is None:
            return own
        return _(
            "{amount} ({converted} at {rate} {currency} = 1 {target})",
            amount=own,
            converted=format_money(round(self.converted or 0), self.rate.target),
            rate=format_rate(self.rate.units_per_euro),
            currency=self.rate.currency,
            target=self.rate.target,
        )


def format_rate(value: float) -> str:
    """A legal rate with every decimal it has ("6,55957", "6.55957"), never rounded."""
    return format_decimal(
        Decimal(str(value)),
        locale=FORMATS.get(current(), FORMATS[DEFAULT]),
        decimal_quantization=False,
    )


def convert(amount: float, currency: Any) -> tuple[float, Rate | None]:
    """`amount` in the common currency when `currency` has a fixed legal rate to it."""
    rate = currencies().rates.get(str(currency or ""))
    if rate is None:
        return amount, None
    return amount / rate.units_per_euro, rate


def compare_fines(a: Fine, b: Fine) -> tuple[Order, str | None]:
    """Is fine `a` higher, lower or equal to `b`, and if not comparable, why (a reason code:
    "kinds" — the kinds differ, "currencies" — no fixed rate between them, "unrecorded")."""
    if "unrecorded" in (a.kind, b.kind):
        return "not-comparable", "unrecorded"
    if a.kind == b.kind and a.kind != "fixed":
        return "equal", None
    if "none" in (a.kind, b.kind) and a.kind != b.kind:
        return ("lower" if a.kind == "none" else "higher"), None
    # an unlimited fine is above any bounded one (a fixed cap, day-fines); the UK statutory
    # maximum has changed over time and by jurisdiction, so it is left apart
    bounded = ("fixed", "day-fines")
    if a.kind == "unlimited" and b.kind in bounded:
        return "higher", None
    if b.kind == "unlimited" and a.kind in bounded:
        return "lower", None
    if a.kind != "fixed" or b.kind != "fixed":
        return "not-comparable", "kinds"
    if a.common_currency != b.common_currency:
        return "not-comparable", "currencies"
    x, y = a.converted or 0.0, b.converted or 0.0
    return ("higher" if x > y else "lower" if x < y else "equal"), None


def changeover(old: Fine, new: Fine, on: str | date | None = None) -> Rate | None:
    """The fixed rate when `old` → `new` is a currency changeover (an amount in a currency
    with a fixed rate to the new one), else None."""
    if old.kind != "fixed" or new.kind != "fixed" or old.currency == new.currency:
        return None
    if old.rate is None or old.rate.target != new.currency:
        return None
    if on is not None and str(on) < old.rate.since:
        return None
    return old.rate


def within_rounding(old: Fine, new: Fine) -> bool:
    """True when the new amount is the old one converted, up to the changeover rounding."""
    if old.converted is None or new.amount is None or not old.converted:
        return False
    return abs(new.amount - old.converted) / old.converted <= currencies().changeover_tolerance
