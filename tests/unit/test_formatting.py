from datetime import date

import pytest

from homefinder_desktop.domain.formatting import (age_text, financial_year, financial_year_label,
                                                  format_date, format_money, parse_date, parse_money)


def test_dates_are_shown_the_british_way():
    assert format_date(date(2026, 11, 23)) == "23/11/2026"
    assert format_date(None) == ""


@pytest.mark.parametrize("text,expected", [("23/11/2026", date(2026, 11, 23)), ("1/4/2013", date(2013, 4, 1)),
                                           ("2026-11-23", date(2026, 11, 23)), ("  ", None)])
def test_dates_are_read_as_typed(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "11/23/2026x", "yesterday"])
def test_bad_dates_are_refused_with_a_sentence(text):
    with pytest.raises(ValueError) as info:
        parse_date(text)
    assert "date" in str(info.value)


def test_money_in_pence_shown_in_pounds():
    assert format_money(54_000_000) == "£540,000.00"
    assert format_money(2_700_050) == "£27,000.50"
    assert format_money(-105) == "-£1.05"
    with pytest.raises(TypeError):
        format_money(1.5)


@pytest.mark.parametrize("text,pence", [("£27,000", 2_700_000), ("27000.5", 2_700_050), ("-£1.05", -105)])
def test_money_is_read_into_pence(text, pence):
    assert parse_money(text) == pence


@pytest.mark.parametrize("text", ["abc", "£1.234", "1,00.0.0"])
def test_bad_money_is_refused(text):
    with pytest.raises(ValueError):
        parse_money(text)


def test_financial_years_run_april_to_march():
    assert financial_year(date(2014, 3, 31)) == 2013
    assert financial_year(date(2014, 4, 1)) == 2014
    assert financial_year_label(2013) == "2013/14"
    assert financial_year_label(1999) == "1999/00"


def test_young_children_are_aged_in_months():
    today = date(2026, 11, 23)
    assert age_text(date(2026, 5, 24), today) == "5 months"
    assert age_text(date(2025, 10, 23), today) == "13 months"
    assert age_text(date(2020, 11, 24), today) == "5 years"
    assert age_text(date(2020, 11, 23), today) == "6 years"
