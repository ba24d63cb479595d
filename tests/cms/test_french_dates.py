"""Dates as French typography writes them, and as Django does in English."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import timezone, translation

import pytest

from cms.templatetags.french_dates import long_date, natural_date, short_date


def test_the_first_of_the_month_is_an_ordinal():
    assert long_date(date(2026, 12, 1)) == "1er décembre 2026"
    assert long_date(date(2026, 12, 2)) == "2 décembre 2026"


def test_short_months_are_lower_case_with_their_full_stop():
    assert short_date(date(2026, 12, 4)) == "4 déc. 2026"
    assert short_date(date(2026, 6, 1)) == "1er juin 2026"
    assert short_date(date(2027, 2, 14)) == "14 févr. 2027"


def test_a_moment_is_dated_where_the_collectivite_is():
    late_evening_utc = datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert long_date(late_evening_utc) == "1er décembre 2026"  # 00:30 in Paris


def test_english_keeps_djangos_formats():
    with translation.override("en"):
        assert long_date(date(2026, 12, 1)) == "1 December 2026"
        assert short_date(date(2026, 12, 4)) == "4 Dec 2026"


@pytest.mark.parametrize(("days", "said"), [(0, "aujourd'hui"), (-1, "hier"), (1, "demain")])
def test_natural_dates_near_today(days, said):
    assert natural_date(timezone.now() + timedelta(days=days)) == said


def test_templates_use_them():
    html = Template("{% load french_dates %}{{ d|short_date }}").render(
        Context({"d": date(2026, 12, 4)})
    )
    assert html == "4 déc. 2026"
