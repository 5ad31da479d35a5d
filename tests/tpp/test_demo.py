"""The demo's TPP: the example scheme, two months of recaps, a penalty, a Plt and a mid-month
mutasi, both months computed for every OPD and the older one locked; seeding again adds nothing."""

import pytest
from django.utils import timezone

from accounts.org.models import OrgUnit
from tests import demo_snapshot
from tpp import demo
from tpp.choices import Anomaly, MonthState
from tpp.months.models import Line, Month
from tpp.schemes.models import SchemeVersion

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_months_a_penalty_a_plt_and_a_mutasi(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    demo_snapshot.seed_demo()
    older, latest = demo.demo_months(timezone.localdate())
    assert SchemeVersion.objects.filter(is_example=True).exists()
    opds = OrgUnit.objects.filter(parent__isnull=True, is_active=True).count()
    for span, state in ((older, MonthState.LOCKED), (latest, MonthState.COMPUTED)):
        months = Month.objects.filter(year=span.year, month=span.month)
        assert months.count() == opds and set(months.values_list("state", flat=True)) == {state}
    lines = Line.objects.filter(month__year=latest.year, month__month=latest.month)
    assert lines.filter(detail__penalty_amount__gt=0).count() == 1
    assert any(post["acting"] for line in lines for post in line.detail["posts"])
    moved = lines.get(anomalies__icontains=f'"{Anomaly.POST_CHANGED}"')
    assert [post["days"] for post in moved.detail["posts"]] == [14, latest.days - 14]
    pegawai = lines.get(employee__user__username="pegawai")
    assert pegawai.received > 0 and pegawai.predicate
    assert demo.seed() == {"months": 0, "recaps": 0}
