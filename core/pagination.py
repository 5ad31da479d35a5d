"""Pagination for every list: pages of PAGE_SIZE rows, counted up to LIST_COUNT_CAP."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

PAGE_SIZE = 25


class CappedPaginator(Paginator):
    """Counts the matching rows only up to a cap (`LIST_COUNT_CAP`, 10,000) past which the list
    says "more than 10,000": counting every one of a province's 100,000 employees for a search
    that matches most of them cost more than the rest of the page. The cap is raised to cover
    the page asked for, so "Next" is right on any page."""

    def __init__(self, object_list, per_page, cap: int, asked_page: int = 1):
        super().__init__(object_list, per_page)
        self.cap = max(cap, asked_page * per_page)
        self.capped = False

    @cached_property
    def count(self) -> int:
        # Counting one row past the cap tells "exactly cap" from "more than cap". Only the keys
        # are read: the page's annotations (subqueries) would otherwise run for every row.
        if isinstance(self.object_list, QuerySet):
            counted = self.object_list.order_by().values("pk")[: self.cap + 1].count()
        else:
            counted = len(self.object_list[: self.cap + 1])
        self.capped = counted > self.cap
        return counted

    @property
    def count_at_least(self) -> int:
        """The number the list names when capped: "more than this many"."""
        return self.cap


def _asked_page(request, param: str = "page") -> int:
    """The page number asked for; anything but a plain number from 1 to nine digits is page 1."""
    number = request.GET.get(param, "")
    if number.isascii() and number.isdecimal() and len(number) <= 9:
        return max(int(number), 1)
    return 1


def paginate(
    request, queryset, per_page: int = PAGE_SIZE, count: int | None = None, param: str = "page"
):
    """The requested page; `count`: the number of rows when the caller has counted them already
    (another COUNT over a province's filtered rows would cost as much again). Without it, the
    rows are counted up to `LIST_COUNT_CAP` (CappedPaginator). `param` names the page number in
    the query string, for a page holding two lists (pagination.html takes it as `page_param`)."""
    if count is not None:
        paginator = Paginator(queryset, per_page)
        paginator.count = count
        return paginator.get_page(request.GET.get(param))
    asked = _asked_page(request, param)
    paginator = CappedPaginator(queryset, per_page, cap=settings.LIST_COUNT_CAP, asked_page=asked)
    return paginator.get_page(asked)


def query_without_page(request, param: str = "page") -> str:
    """The current filters (and another list's page) as a query string, to keep them across
    pagination links."""
    params = request.GET.copy()
    params.pop(param, None)
    return params.urlencode()
