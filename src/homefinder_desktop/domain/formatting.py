"""UK conventions: dates as 23/11/2026, money as £540,000.00 kept in integer pence,
financial years from 1 April to 31 March."""
from __future__ import annotations

import re
from datetime import date

_DATE_RE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def parse_date(text: str | None) -> date | None:
    """Read a date as a worker types it (23/11/2026) or as ISO (2026-11-23).

    Empty text is None; anything else that is not a real date raises ValueError
    with a sentence naming the expected form.
    """
    if text is None or not str(text).strip():
        return None
    text = str(text)
    m = _DATE_RE.match(text)
    if m:
        day, month, year = (int(g) for g in m.groups())
    else:
        m = _ISO_RE.match(text)
        if not m:
            raise ValueError(f"“{text.strip()}” is not a date; write it as day/month/year, e.g. 23/11/2026")
        year, month, day = (int(g) for g in m.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"“{text.strip()}” is not a real date") from None


def format_money(pence: int) -> str:
    """£540,000.00 from 54000000; negative amounts as -£27,000.00."""
    if not isinstance(pence, int):
        raise TypeError("money is kept in integer pence")
    sign = "-" if pence < 0 else ""
    pounds, p = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{p:02d}"


def parse_money(text: str) -> int:
    """Pence from '£27,000', '27000.50' or '-£1.05'. Raises ValueError with a sentence."""
    cleaned = str(text).strip().replace(",", "").replace("£", "").replace(" ", "")
    m = re.fullmatch(r"(-?)(\d+)(?:\.(\d{1,2}))?", cleaned)
    if not m:
        raise ValueError(f"“{str(text).strip()}” is not an amount of money, e.g. £27,000.00")
    sign, pounds, p = m.groups()
    value = int(pounds) * 100 + int((p or "0").ljust(2, "0"))
    return -value if sign else value


def financial_year(day: date) -> int:
    """The year in which the financial year containing `day` starts (2013 for 2013/14)."""
    return day.year if day >= date(day.year, 4, 1) else day.year - 1


def financial_year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def age_in_years(born: date, on: date) -> int:
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def age_text(born: date | None, on: date) -> str:
    """'2 years', '7 months' (children under two are spoken of in months)."""
    if born is None:
        return ""
    years = age_in_years(born, on)
    if years >= 2:
        return f"{years} years"
    months = (on.year - born.year) * 12 + on.month - born.month - (1 if on.day < born.day else 0)
    months = max(months, 0)
    return "1 month" if months == 1 else f"{months} months"


def date_problem(text: str | None) -> str | None:
    """What is wrong with a typed date, worded to follow the field's label, or None if it reads."""
    try:
        parse_date(text)
    except ValueError as exc:
        return str(exc).split("” ", 1)[-1]
    return None


def pounds(pence: int) -> str:
    """"18000.00" from 1800000: a number a spreadsheet adds up (no £, no commas)."""
    return f"{'-' if pence < 0 else ''}{abs(pence) // 100}.{abs(pence) % 100:02d}"


def and_list(items) -> str:
    """"a", "a and b", "a, b and c" ("" for none)."""
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
