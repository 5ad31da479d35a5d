"""Paginated lists count their rows only up to LIST_COUNT_CAP (core/pagination.py)."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from accounts.org.models import Employee
from core.pagination import CappedPaginator, paginate
from tests.factories import EmployeeFactory


def page_of(rows, page="1", cap=10, per_page=3):
    request = RequestFactory().get("/", {"page": page})
    with override_settings(LIST_COUNT_CAP=cap):
        return paginate(request, rows, per_page=per_page)


def test_below_the_cap_the_count_is_exact():
    page = page_of(list(range(10)))
    assert (page.paginator.count, page.paginator.capped, page.paginator.num_pages) == (10, False, 4)


def test_past_the_cap_the_list_says_more_than_the_cap():
    page = page_of(list(range(50)))
    assert page.paginator.capped
    assert page.paginator.count_at_least == 10
    assert page.has_next()


@pytest.mark.parametrize("number", ["4", "12", "16"])
def test_the_cap_grows_to_the_page_asked_for_so_next_is_right(number):
    page = page_of(list(range(50)), page=number)
    assert page.number == int(number)
    assert page.has_next() == (int(number) < 17)  # 50 rows of 3: the 17th page is the last


def test_a_page_past_the_end_is_the_last_page_with_an_exact_count():
    page = page_of(list(range(50)), page="999")
    assert (page.number, page.paginator.count, page.paginator.capped) == (17, 50, False)


@pytest.mark.parametrize("number", ["abc", "-1", "0", "²", "9" * 40, ""])
def test_a_page_that_is_not_a_number_is_the_first(number):
    assert page_of(list(range(50)), page=number).number == 1


def test_a_count_the_caller_made_is_kept_as_it_is():
    request = RequestFactory().get("/")
    page = paginate(request, list(range(50)), per_page=3, count=50)
    assert page.paginator.count == 50 and not getattr(page.paginator, "capped", False)


def test_the_capped_count_of_a_queryset_reads_only_past_the_cap(db, django_assert_num_queries):
    EmployeeFactory.create_batch(6)
    paginator = CappedPaginator(Employee.objects.order_by("name"), 2, cap=4)
    with django_assert_num_queries(1) as captured:
        assert paginator.count == 5
    sql = captured.captured_queries[0]["sql"]
    assert "LIMIT 5" in sql and "ORDER BY" not in sql
    assert paginator.capped


@override_settings(LIST_COUNT_CAP=20)
def test_the_employee_list_names_a_capped_count(org, login):
    EmployeeFactory.create_batch(60)
    response = login("admin_bkd").get(reverse("org:employee_list"), {"page": 2})
    text = response.content.decode()
    assert "26–50 dari lebih dari 50" in text  # the cap grew to cover the second page
    assert "Halaman 2" in text and "Berikutnya" in text
